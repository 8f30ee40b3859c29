// The own profile: the header's button and the dialog that edits the display
// name, status line and picture. A new picture is uploaded as a file first,
// then one set_profile names what changed.

import { lookOf, paintAvatar } from './avatar.js';
import { put } from './uploads.js';
import { byId, setText } from './dom.js';

/**
 * The chosen file as a data: address, for its preview: the page's Content-Security-Policy
 * allows data: images but not blob: ones.
 */
function dataUrl(file) {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.addEventListener('load', () => resolve(reader.result));
    reader.addEventListener('error', () => reject(reader.error));
    reader.readAsDataURL(file);
  });
}

/** The image types the server takes as pictures. */
const PICTURE_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);

/**
 * @param {object} options
 * @param {() => object|null} options.profile the own profile
 * @param {() => object|null} options.limits the server's, from its welcome
 * @param {(avatar: string) => string} options.pictureUrl
 * @param {(file: File) => Promise<{file: string, url: string}>} options.requestUpload
 * @param {(fields: object) => Promise<object>} options.save sends set_profile
 */
export function profileEditor({ profile, limits, pictureUrl, requestUpload, save }) {
  const button = byId('profile-button');
  const badge = byId('me-avatar');
  const dialog = byId('profile-dialog');
  const form = byId('profile-form');
  const preview = byId('profile-preview');
  const picker = byId('profile-avatar');
  const removePicture = byId('profile-remove-avatar');
  const nameInput = byId('profile-name');
  const statusInput = byId('profile-status');
  const error = byId('profile-error');
  const saveButton = byId('profile-save');

  /** What the picture becomes on Save: unchanged, a new file, or removed. */
  let picture = { change: false, file: null };
  let previewUrl = null;

  button.addEventListener('click', open);
  // Escape closes a modal <dialog> by itself.
  byId('profile-cancel').addEventListener('click', () => dialog.close());
  picker.addEventListener('change', () => choose(picker.files[0] ?? null));
  removePicture.addEventListener('click', () => {
    picker.value = '';
    picture = { change: true, file: null };
    showPicture();
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    submit();
  });

  function open() {
    const own = profile();
    if (!own) return;
    const known = limits() ?? {};
    nameInput.maxLength = known.max_display_name_length ?? 64;
    statusInput.maxLength = known.max_status_length ?? 140;
    nameInput.value = own.display_name ?? '';
    statusInput.value = own.status ?? '';
    picker.value = '';
    picture = { change: false, file: null };
    showError(null);
    showPicture();
    dialog.showModal();
    nameInput.focus();
  }

  async function choose(file) {
    if (file && !PICTURE_TYPES.has(file.type)) {
      picker.value = '';
      showError('Choose a PNG, JPEG, GIF or WebP image.');
      return;
    }
    showError(null);
    // Without a preview the initial stands in; the upload does not need one.
    previewUrl = file ? await dataUrl(file).catch(() => null) : null;
    picture = { change: file != null, file };
    showPicture();
  }

  /** The preview: the chosen file, else the current picture unless removed, else the initial. */
  function showPicture() {
    const own = profile();
    const current = picture.change || !own?.avatar ? null : pictureUrl(own.avatar);
    const chosen = picture.file ? previewUrl : null;
    paintAvatar(preview, own?.user ?? '', { name: nameInput.value || own?.user, pictureUrl: chosen ?? current });
    removePicture.hidden = !picture.file && (picture.change || !own?.avatar);
  }

  async function submit() {
    saveButton.disabled = true;
    showError(null);
    try {
      const fields = await changes();
      if (Object.keys(fields).length) await save(fields);
      dialog.close();
    } catch (failure) {
      showError(failure.message);
    } finally {
      saveButton.disabled = false;
    }
  }

  /** The fields that differ from the current profile, the picture uploaded first. */
  async function changes() {
    const own = profile() ?? {};
    const fields = {};
    const name = nameInput.value.trim();
    // An empty name asks for the default one again.
    if (name !== own.display_name) fields.display_name = name || null;
    if (statusInput.value.trim() !== (own.status ?? '')) fields.status = statusInput.value.trim();
    if (picture.change) fields.avatar = picture.file ? await upload(picture.file) : null;
    return fields;
  }

  async function upload(file) {
    const slot = await requestUpload(file);
    const stored = await put(slot.url, file, () => {}).done;
    if (stored.status !== 201) throw new Error(`The server refused the picture (${stored.status}).`);
    return slot.file;
  }

  function showError(message) {
    error.hidden = !message;
    setText(error, message ?? '');
  }

  return {
    /** The header's button shows the own picture or initial. */
    render(state) {
      button.disabled = !state.user;
      if (state.user) paintAvatar(badge, state.user, lookOf(state.profiles, state.user, pictureUrl));
    },
  };
}
