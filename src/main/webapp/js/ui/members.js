// Who is in the current room; a click opens a direct conversation.

import { paintAvatar } from './avatar.js';
import { byId, h, reconcile, setText } from './dom.js';

export function membersList({ onOpenDirect }) {
  const list = byId('members');
  const count = byId('member-count');

  function create(user) {
    const button = h('button', { class: 'member', type: 'button' },
      h('span', { class: 'avatar small', 'aria-hidden': 'true' }),
      h('span', { class: 'member-name' }),
      h('span', { class: 'you muted', text: 'you' }));
    button.addEventListener('click', () => onOpenDirect(button.closest('li').dataset.user));
    return h('li', { 'data-testid': 'member' }, button);
  }

  function update(element, user, me) {
    element.dataset.user = user;
    const button = element.firstElementChild;
    const [avatar, name, you] = button.children;
    paintAvatar(avatar, user);
    setText(name, user);
    you.hidden = user !== me;
    button.disabled = user === me;
    button.title = user === me ? '' : `Message ${user}`;
  }

  return {
    render(state) {
      const conversation = state.current;
      const names = conversation?.isRoom
        ? conversation.memberNames(state.user)
        : conversation ? [state.user, conversation.name].filter(Boolean) : [];
      reconcile(list, names, (name) => name, create, (el, name) => update(el, name, state.user));
      setText(count, names.length ? String(names.length) : '');
    },
  };
}
