// Files sent with a message: images as previews, other files as chips that
// download on click. Addresses expire after minutes, so each one is asked for
// when it is needed, never kept.

import { h } from './dom.js';
import { fileSize } from './format.js';

/** The types the server serves inline; anything else comes as a download. */
const PREVIEW_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);

/**
 * Fills `container` with the attachments of a message, once per set of files.
 *
 * @param {HTMLElement} container
 * @param {Array<{id: string, name: string, size: number, type: string}>} attachments
 * @param {(fileId: string) => Promise<string>} downloadUrl
 */
export function renderAttachments(container, attachments, downloadUrl) {
  const key = attachments.map((a) => a.id).join(',');
  container.hidden = attachments.length === 0;
  if (container.dataset.files === key) return;
  container.dataset.files = key;
  container.replaceChildren(...attachments.map((attachment) => PREVIEW_TYPES.has(attachment.type)
    ? imagePreview(attachment, downloadUrl)
    : fileChip(attachment, downloadUrl)));
}

function imagePreview(attachment, downloadUrl) {
  const image = h('img', { class: 'attachment-image', 'data-testid': 'attachment-image', alt: attachment.name });
  downloadUrl(attachment.id).then((url) => { image.src = url; }, () => { image.alt = `${attachment.name} (unavailable)`; });
  return image;
}

function fileChip(attachment, downloadUrl) {
  return h('button', {
    class: 'attachment-chip', type: 'button', 'data-testid': 'attachment-file', title: `Download ${attachment.name}`,
    onclick: () => downloadUrl(attachment.id).then(saveFrom, () => {}),
  },
  h('span', { class: 'attachment-name', 'data-testid': 'attachment-name', text: attachment.name }),
  h('span', { class: 'attachment-size muted', 'data-testid': 'attachment-size', text: fileSize(attachment.size) }));
}

/** Starts the browser's download of a fresh address; the server sends non-images as attachments. */
function saveFrom(url) {
  h('a', { href: url, download: '' }).click();
}
