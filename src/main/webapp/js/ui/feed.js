// A panel with a one-line form and a list of what went out and came in,
// as used for echo and broadcast messages.

import { byId, h } from './dom.js';
import { clockTime, messageTime } from './format.js';

const MAX_ITEMS = 100;

export function feed({ formId, inputId, listId, itemTestId, onSend, describeReply }) {
  const input = byId(inputId);
  const list = byId(listId);

  function add(who, text, { mine = false, time = clockTime(), status = '' } = {}) {
    const state = h('span', { class: 'feed-status muted', text: status });
    const item = h('li', { class: `feed-item${mine ? ' mine' : ''}`, 'data-testid': itemTestId, 'data-status': status ? 'pending' : 'received' },
      h('div', { class: 'feed-meta' },
        h('span', { class: 'sender', text: who }),
        h('span', { class: 'muted', text: time }),
        state),
      h('p', { class: 'feed-text', text }));
    list.prepend(item);
    while (list.children.length > MAX_ITEMS) list.lastElementChild.remove();
    return {
      settle(outcome, failed = false) {
        state.textContent = outcome;
        item.dataset.status = failed ? 'failed' : 'confirmed';
      },
    };
  }

  byId(formId).addEventListener('submit', (event) => {
    event.preventDefault();
    const text = input.value;
    if (!text.trim()) return;
    input.value = '';
    const item = add('You', text, { mine: true, status: 'pending' });
    onSend(text).then(
      (reply) => item.settle(describeReply(reply)),
      (error) => item.settle(`not sent: ${error.message}`, true));
  });

  return {
    /** Something that came from the server on its own. */
    received(who, text, timestamp) {
      add(who, text, { time: timestamp ? messageTime(timestamp) : clockTime() });
    },
    clear() {
      list.replaceChildren();
    },
  };
}
