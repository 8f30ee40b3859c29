// Who is in the current room, with their pictures, names, status lines and
// states; a click opens a direct conversation.

import { lookOf, paintAvatar } from './avatar.js';
import { byId, h, reconcile, setText } from './dom.js';

const STATE_LABELS = { online: 'online', away: 'away', offline: 'offline' };

/** @param {{onOpenDirect: (user: string) => void, pictureUrl: (avatar: string) => string}} options */
export function membersList({ onOpenDirect, pictureUrl }) {
  const list = byId('members');
  const count = byId('member-count');

  function create(user) {
    const button = h('button', { class: 'member', type: 'button' },
      h('span', { class: 'avatar small', 'aria-hidden': 'true' }),
      h('span', { class: 'presence-dot', role: 'img', 'data-testid': 'member-state' }),
      h('span', { class: 'member-text' },
        h('span', { class: 'member-name', 'data-testid': 'member-name' }),
        h('span', { class: 'member-status muted', 'data-testid': 'member-status' })),
      h('span', { class: 'you muted', text: 'you' }));
    button.addEventListener('click', () => onOpenDirect(button.closest('li').dataset.user));
    return h('li', { 'data-testid': 'member' }, button);
  }

  function update(element, user, state) {
    const me = state.user;
    const look = lookOf(state.profiles, user, pictureUrl);
    element.dataset.user = user;
    element.dataset.state = look.state ?? '';
    const button = element.firstElementChild;
    const [avatar, dot, text, you] = button.children;
    const [name, status] = text.children;
    paintAvatar(avatar, user, look);
    // The state has a name of its own for screen readers; the dot is its colour.
    dot.hidden = look.state == null;
    dot.dataset.state = look.state ?? '';
    dot.setAttribute('aria-label', STATE_LABELS[look.state] ?? '');
    setText(name, look.name);
    name.title = look.name === user ? '' : user;
    setText(status, look.status);
    status.hidden = !look.status;
    you.hidden = user !== me;
    button.disabled = user === me;
    button.title = user === me ? '' : `Message ${look.name}`;
  }

  return {
    render(state) {
      const conversation = state.current;
      const names = conversation?.isRoom
        ? conversation.memberNames(state.user)
        : conversation ? [state.user, conversation.name].filter(Boolean) : [];
      reconcile(list, names, (name) => name, create, (el, name) => update(el, name, state));
      setText(count, names.length ? String(names.length) : '');
    },
  };
}
