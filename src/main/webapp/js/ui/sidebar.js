// Rooms and direct conversations, with unread counts, and the forms to add one.

import { byId, h, reconcile, setText } from './dom.js';

export function sidebar({ onSelect, onJoinRoom, onOpenDirect }) {
  const rooms = byId('room-list');
  const directs = byId('dm-list');

  form('room-form', 'room-name', 'room-error', onJoinRoom);
  form('dm-form', 'dm-user', 'dm-error', onOpenDirect);

  function item(conversation) {
    const isRoom = conversation.isRoom;
    const button = h('button', { class: 'conversation-item', type: 'button' },
      h('span', { class: 'sigil', 'aria-hidden': 'true', text: isRoom ? '#' : '@' }),
      h('span', { class: 'conversation-name' }),
      h('span', { class: 'badge', 'data-testid': 'unread-count' }));
    button.addEventListener('click', () => onSelect(button.closest('li').conversation));
    return h('li', { 'data-testid': isRoom ? 'room-item' : 'dm-item' }, button);
  }

  function update(element, conversation, current) {
    element.conversation = conversation;
    element.dataset[conversation.isRoom ? 'room' : 'user'] = conversation.name;
    const button = element.firstElementChild;
    const [, name, badge] = button.children;
    setText(name, conversation.name);
    const unread = conversation.unread;
    badge.hidden = unread === 0;
    setText(badge, unread > 99 ? '99+' : String(unread));
    badge.setAttribute('aria-label', `${unread} unread`);
    if (conversation === current) button.setAttribute('aria-current', 'page');
    else button.removeAttribute('aria-current');
  }

  return {
    render(state) {
      const current = state.current;
      const keyOf = (c) => c.key;
      reconcile(rooms, state.rooms, keyOf, item, (el, c) => update(el, c, current));
      reconcile(directs, state.directs, keyOf, item, (el, c) => update(el, c, current));
    },
  };
}

function form(formId, inputId, errorId, submit) {
  const input = byId(inputId);
  const error = byId(errorId);
  byId(formId).addEventListener('submit', (event) => {
    event.preventDefault();
    const value = input.value.trim();
    if (!value) return;
    const problem = submit(value);
    error.hidden = !problem;
    error.textContent = problem ?? '';
    if (!problem) input.value = '';
  });
  input.addEventListener('input', () => { error.hidden = true; });
}
