// Files waiting to go with the next message: picked with the attach button,
// dropped on the conversation or pasted into the message box. Each is uploaded
// at once (with progress and a way to cancel), and sent once uploaded.

import { byId, h, setText } from './dom.js';
import { fileSize } from './format.js';

/**
 * @param {{
 *   requestUpload: (file: File) => Promise<{url: string, max_bytes: number}>,
 *   maxBytes: () => number|undefined,
 *   onChange: () => void,
 * }} callbacks `maxBytes` is the server's limit from its welcome; `onChange` runs when the files
 *     ready to send change
 */
export function uploadTray({ requestUpload, maxBytes, onChange }) {
  const picker = byId('file-input');
  const attach = byId('attach');
  const tray = byId('pending-files');
  const error = byId('upload-error');
  const dropZone = byId('conversation');
  /** @type {Array<{file: File, element: HTMLElement, attachment: object|null, cancel: () => void}>} */
  let pending = [];

  function add(file) {
    const progress = h('progress', { class: 'upload-progress', 'data-testid': 'upload-progress', max: '1', value: '0', 'aria-label': `Uploading ${file.name}` });
    const remove = h('button', { class: 'link-button', type: 'button', 'data-testid': 'pending-file-remove', 'aria-label': `Remove ${file.name}`, text: 'Cancel' });
    const element = h('li', { class: 'pending-file', 'data-testid': 'pending-file', 'data-state': 'uploading' },
      h('span', { class: 'attachment-name', 'data-testid': 'pending-file-name', text: file.name }),
      h('span', { class: 'attachment-size muted', text: fileSize(file.size) }),
      progress, remove);
    const item = { file, element, attachment: null, cancel: () => {} };
    remove.addEventListener('click', () => {
      item.cancel();
      drop(item);
      attach.focus();
    });
    pending.push(item);
    tray.append(element);
    tray.hidden = false;
    upload(item, progress, remove);
  }

  async function upload(item, progress, remove) {
    const { file } = item;
    try {
      const slot = await requestUpload(file);
      if (!pending.includes(item)) return;
      const sending = put(slot.url, file, (fraction) => { progress.value = String(fraction); });
      item.cancel = sending.abort;
      const stored = await sending.done;
      if (stored.status === 413) throw new Error(`${file.name} is too large: files are limited to ${fileSize(slot.max_bytes)}.`);
      if (stored.status === 404) throw new Error(`The upload of ${file.name} expired; attach it again.`);
      if (stored.status !== 201) throw new Error(`The server refused ${file.name} (${stored.status}).`);
      item.attachment = { id: stored.body.file, name: stored.body.name, size: stored.body.size, type: stored.body.type };
      item.element.dataset.state = 'ready';
      progress.remove();
      setText(remove, 'Remove');
      onChange();
    } catch (failure) {
      if (!pending.includes(item)) return;
      drop(item);
      show(failure.name === 'AbortError' ? null : messageOf(file, failure, maxBytes()));
    }
  }

  function drop(item) {
    pending = pending.filter((p) => p !== item);
    item.element.remove();
    tray.hidden = pending.length === 0;
    onChange();
  }

  function show(problem) {
    error.hidden = !problem;
    setText(error, problem ?? '');
  }

  function addAll(files) {
    show(null);
    for (const file of files) add(file);
  }

  attach.addEventListener('click', () => picker.click());
  picker.addEventListener('change', () => {
    addAll(picker.files);
    picker.value = '';
  });
  byId('message-input').addEventListener('paste', (event) => {
    const files = event.clipboardData?.files;
    if (!files?.length || attach.disabled) return;
    event.preventDefault();
    addAll(files);
  });
  dropZone.addEventListener('dragover', (event) => {
    if (attach.disabled || !event.dataTransfer?.types.includes('Files')) return;
    event.preventDefault();
    dropZone.classList.add('drop-target');
  });
  dropZone.addEventListener('dragleave', (event) => {
    if (!dropZone.contains(event.relatedTarget)) dropZone.classList.remove('drop-target');
  });
  dropZone.addEventListener('drop', (event) => {
    dropZone.classList.remove('drop-target');
    if (attach.disabled || !event.dataTransfer?.files.length) return;
    event.preventDefault();
    addAll(event.dataTransfer.files);
  });

  return {
    /** Uploaded files, ready to go with the next message. */
    ready: () => pending.filter((p) => p.attachment).map((p) => p.attachment),
    uploading: () => pending.some((p) => !p.attachment),
    /** Hands the uploaded files over to a message being sent, and forgets them. */
    take() {
      const taken = this.ready();
      for (const item of pending.filter((p) => p.attachment)) drop(item);
      return taken;
    },
    render(enabled) {
      attach.disabled = !enabled;
    },
  };
}

/** What to tell the user about a failed upload; a refused slot carries the server's reason. */
function messageOf(file, failure, maxBytes) {
  if (failure.code === 'too_large') {
    const most = maxBytes ? `files are limited to ${fileSize(maxBytes)}` : failure.message;
    return `${file.name} (${fileSize(file.size)}) is too large: ${most}.`;
  }
  if (failure.code) return `Could not upload ${file.name}: ${failure.message}`;
  return failure.message;
}

/**
 * PUTs a file's bytes with XMLHttpRequest, which, unlike fetch, reports upload progress.
 *
 * @returns {{done: Promise<{status: number, body: any}>, abort: () => void}} `done` rejects with
 *     an AbortError when aborted, and with an Error on a network failure
 */
export function put(url, file, onProgress) {
  const request = new XMLHttpRequest();
  const done = new Promise((resolve, reject) => {
    request.upload.addEventListener('progress', (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    });
    request.addEventListener('load', () => resolve({ status: request.status, body: parse(request.responseText) }));
    request.addEventListener('error', () => reject(new Error(`The upload of ${file.name} failed: the network or the server is unreachable.`)));
    request.addEventListener('abort', () => reject(new DOMException('cancelled', 'AbortError')));
    request.open('PUT', url);
    request.send(file);
  });
  return { done, abort: () => request.abort() };
}

function parse(text) {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
