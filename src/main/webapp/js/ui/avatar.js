// A round badge with a person's initial in a colour of their own.

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

export function paintAvatar(element, user) {
  const text = initial(user);
  if (element.textContent !== text) element.textContent = text;
  element.style.setProperty('--hue', String(hue(user)));
}
