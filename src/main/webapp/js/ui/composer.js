// The message box: Enter sends, Shift+Enter adds a line; it grows with its text.

import { byId, setText } from './dom.js';

const MAX_HEIGHT_PX = 180;
// The character count shows once a message is this close to the server's limit.
const COUNT_WITHIN = 500;

/**
 * @param {{onSend: (text: string) => void, onInput: () => void, hasFiles: () => boolean, uploading: () => boolean}} callbacks
 *     with files ready (and none still uploading) the text may be empty
 */
export function composer({ onSend, onInput, hasFiles, uploading }) {
  const form = byId('composer');
  const input = byId('message-input');
  const send = byId('send');
  const count = byId('char-count');
  let conversation = null;
  let maxChars = Infinity;

  function fit() {
    input.style.height = 'auto';
    input.style.height = `${Math.min(input.scrollHeight, MAX_HEIGHT_PX)}px`;
    input.style.overflowY = input.scrollHeight > MAX_HEIGHT_PX ? 'auto' : 'hidden';
  }

  function refresh() {
    const length = input.value.length;
    count.hidden = length < maxChars - COUNT_WITHIN;
    setText(count, `${length} / ${maxChars}`);
    count.classList.toggle('over', length > maxChars);
    send.disabled = !conversation || (!input.value.trim() && !hasFiles()) || uploading() || length > maxChars;
  }

  function submit() {
    if (send.disabled) return;
    onSend(input.value);
    input.value = '';
    if (conversation) conversation.draft = '';
    fit();
    refresh();
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    submit();
    input.focus();
  });
  input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      submit();
    }
  });
  window.addEventListener('resize', fit);
  input.addEventListener('input', () => {
    if (conversation) conversation.draft = input.value;
    fit();
    refresh();
    if (input.value) onInput();
  });

  return {
    render(state, online) {
      maxChars = state.limits.max_message_chars;
      const next = state.current;
      if (next !== conversation) {
        conversation = next;
        input.value = next?.draft ?? '';
        fit();
        input.disabled = !next;
        if (next && wantsFocus()) input.focus();
      }
      input.disabled = !next;
      input.placeholder = !next
        ? 'Join a room to write'
        : online
          ? `Message ${next.isRoom ? '#' : '@'}${next.name}`
          : 'Offline: messages are sent when the connection is back';
      refresh();
    },
    focus: () => input.focus(),
  };
}

/** Move to the message box after a switch, unless that would pop up a keyboard or leave a tools field. */
function wantsFocus() {
  return matchMedia('(pointer: fine)').matches && !document.activeElement?.closest('#panels');
}
