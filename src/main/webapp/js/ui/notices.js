// Unobtrusive notices for errors from the server; each fades after a while.

import { byId, h } from './dom.js';

const VISIBLE_MS = 6000;
const MAX_NOTICES = 3;

export function notices() {
  const region = byId('notices');

  return {
    show({ code, message }) {
      const text = message || code || 'Something went wrong';
      const same = [...region.children].find((n) => n.firstElementChild.textContent === text);
      if (same) {
        const count = same.querySelector('.notice-count');
        count.hidden = false;
        count.textContent = `×${Number(count.textContent.slice(1) || 1) + 1}`;
        clearTimeout(same.timer);
        same.timer = setTimeout(() => same.remove(), VISIBLE_MS);
        return;
      }
      const notice = h('div', { class: 'notice', 'data-testid': 'notice', 'data-code': code ?? '' },
        h('span', { class: 'notice-text', text }),
        h('span', { class: 'notice-count muted', hidden: true }),
        h('button', { class: 'notice-close', type: 'button', 'aria-label': 'Dismiss', text: '×', onclick: () => notice.remove() }));
      region.append(notice);
      while (region.children.length > MAX_NOTICES) region.firstElementChild.remove();
      notice.timer = setTimeout(() => notice.remove(), VISIBLE_MS);
    },
  };
}
