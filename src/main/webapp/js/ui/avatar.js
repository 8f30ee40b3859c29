// A round badge with a person's picture, or their initial in a colour of their own.

/** The first letter or digit of a name, so "<b>Eve</b>" gets "B" rather than "<". */
function initial(user = '') {
  const letter = [...user].find((c) => /[\p{L}\p{N}]/u.test(c));
  return (letter ?? '?').toUpperCase();
}

/** A stable hue per name. */
function hue(user = '') {
  let hash = 0;
  for (const char of user) hash = (hash * 31 + char.codePointAt(0)) >>> 0;
  return hash % 360;
}

/**
 * Paints `element` with the picture at `pictureUrl` (absolute), or with the initial of `name`
 * when there is none. The colour follows `user`, which never changes, unlike the name.
 */
export function paintAvatar(element, user, { name = user, pictureUrl = null } = {}) {
  element.style.setProperty('--hue', String(hue(user)));
  if (pictureUrl) {
    showPicture(element, pictureUrl);
    return;
  }
  const text = initial(name);
  if (element.querySelector('img') || element.textContent !== text) element.textContent = text;
}

/** Only a new address replaces the img, so that a render does not load the picture again. */
function showPicture(element, url) {
  const shown = element.querySelector('img');
  if (shown?.src === url) return;
  const picture = document.createElement('img');
  picture.className = 'avatar-image';
  picture.alt = '';
  picture.dataset.testid = 'avatar-image';
  picture.src = url;
  element.replaceChildren(picture);
}

/**
 * How a user shows: the profile's name, picture (made absolute by `pictureUrl`), status and
 * state when the profile is known, else the user name alone.
 *
 * @param {Map<string, object>} profiles user -> profile
 * @param {string} user
 * @param {(avatar: string) => string} pictureUrl
 */
export function lookOf(profiles, user, pictureUrl) {
  const profile = profiles.get(user);
  return {
    name: profile?.display_name || user,
    pictureUrl: profile?.avatar ? pictureUrl(profile.avatar) : null,
    status: profile?.status ?? '',
    state: profile?.state ?? null,
  };
}
