// Every frame in and out, newest first, as plain text.

import { byId, h } from './dom.js';
import { clockTime } from './format.js';

const MAX_ENTRIES = 500;
const ARROWS = { in: '↓', out: '↑', sys: '•' };

export function frameLog() {
  const list = byId('log');
  byId('log-clear').addEventListener('click', () => list.replaceChildren());

  return {
    add(dir, text) {
      list.prepend(h('li', { class: `log-entry ${dir}`, 'data-testid': 'log-entry', 'data-dir': dir },
        h('span', { class: 'log-dir', 'aria-label': dir, text: ARROWS[dir] ?? '' }),
        h('time', { class: 'log-time', text: clockTime() }),
        h('code', { class: 'log-text', text })));
      while (list.children.length > MAX_ENTRIES) list.lastElementChild.remove();
    },
  };
}
