// The open conversation: header, messages, who has seen them, who is typing.

import { State } from '../relay-client.js';
import { typingText } from '../typing.js';
import { renderAttachments } from './attachments.js';
import { lookOf, paintAvatar } from './avatar.js';
import { byId, h, reconcile, setText } from './dom.js';
import { fullTime, messageTime } from './format.js';

const LOAD_OLDER_THRESHOLD_PX = 80;
const STICK_TO_BOTTOM_PX = 48;

export function conversationView({ onLeave, onLoadOlder, onRetry, onEdit, onDelete, downloadUrl, pictureUrl }) {
  const title = byId('conversation-title');
  const meta = byId('conversation-meta');
  const leave = byId('leave');
  const scroller = byId('messages-scroller');
  const list = byId('messages');
  const historyNote = byId('history-note');
  const empty = byId('empty-state');
  const seenBy = byId('seen-by');
  const typing = byId('typing');

  let shownKey = null;
  let lastUid = null;
  let current = null;

  leave.addEventListener('click', () => current && onLeave(current));
  scroller.addEventListener('scroll', () => {
    if (scroller.scrollTop < LOAD_OLDER_THRESHOLD_PX && current?.hasMore && current.loaded) onLoadOlder();
  }, { passive: true });

  function create(message) {
    const retry = h('button', { class: 'link-button', type: 'button', 'data-testid': 'message-retry', text: 'Retry' });
    retry.addEventListener('click', () => onRetry(retry.closest('li').message));
    const item = h('li', { class: 'message', 'data-testid': 'message' },
      h('span', { class: 'avatar', 'aria-hidden': 'true' }),
      h('div', { class: 'bubble' },
        h('div', { class: 'message-meta' },
          h('span', { class: 'sender', 'data-testid': 'message-sender' }),
          h('time', { class: 'message-time', 'data-testid': 'message-time' }),
          h('span', { class: 'edited-mark', 'data-testid': 'message-edited', text: '(edited)', hidden: true })),
        h('p', { class: 'message-text', 'data-testid': 'message-text' }),
        messageEditor(() => item, onEdit),
        h('div', { class: 'message-attachments', 'data-testid': 'message-attachments' }),
        h('div', { class: 'message-status', 'data-testid': 'message-status' },
          h('span', { class: 'status-text' }), retry),
        messageActions(() => item, onDelete)));
    return item;
  }

  function update(element, message, online, profiles) {
    element.message = message;
    element.classList.toggle('mine', message.mine);
    element.dataset.mine = String(message.mine);
    element.dataset.status = message.status;
    element.dataset.user = message.user ?? '';
    if (message.id != null) element.dataset.id = String(message.id);
    element.classList.toggle('deleted', message.deleted);
    element.dataset.deleted = String(message.deleted);
    const [avatar, bubble] = element.children;
    const [metaRow, text, editor, files, status, actions] = bubble.children;
    const [sender, time, edited] = metaRow.children;
    const look = lookOf(profiles, message.user, pictureUrl);
    paintAvatar(avatar, message.user, look);
    setText(sender, message.mine ? 'You' : look.name ?? '');
    sender.title = look.name === message.user ? '' : message.user ?? '';
    setText(time, messageTime(message.timestamp));
    time.dateTime = message.timestamp;
    time.title = fullTime(message.timestamp);
    edited.hidden = !message.editedAt || message.deleted;
    edited.title = message.editedAt ? `Edited ${fullTime(message.editedAt)}` : '';
    setText(text, message.deleted ? 'message deleted' : message.text);
    const changeable = message.mine && message.id != null && !message.deleted;
    if (!changeable && !editor.hidden) stopEditing(element);
    text.hidden = !editor.hidden || (!message.text && !message.deleted);
    // A file may be read once its message is stored: until the ack, asking for it would be refused.
    renderAttachments(files, message.status === 'pending' ? [] : message.attachments, downloadUrl);
    const [statusText, retry] = status.children;
    setText(statusText, statusLabel(message, online));
    status.hidden = !message.mine || message.deleted;
    retry.hidden = message.status !== 'failed';
    actions.hidden = !changeable || !editor.hidden;
  }

  return {
    render(state, connection, typists) {
      const conversation = state.current;
      current = conversation;
      const online = connection.state === State.ONLINE;

      setText(title, conversation ? `${conversation.isRoom ? '#' : '@'} ${conversation.name}` : 'No conversation');
      setText(meta, conversation ? describe(conversation) : '');
      leave.hidden = !conversation;
      setText(leave, conversation?.isRoom ? 'Leave' : 'Close');

      const messages = conversation?.messages ?? [];
      const switched = shownKey !== (conversation?.key ?? null);
      const atBottom = scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < STICK_TO_BOTTOM_PX;
      const anchor = switched ? null : firstVisible(list, scroller.scrollTop);
      const anchorOffset = anchor ? anchor.offsetTop - scroller.scrollTop : 0;

      reconcile(list, messages, (m) => m.uid, create, (el, m) => update(el, m, online, state.profiles));

      empty.hidden = messages.length > 0 || conversation?.loading === true;
      setText(empty, conversation ? 'No messages yet. Say hello!' : 'Join a room to start chatting.');
      historyNote.hidden = !conversation?.loaded || messages.length === 0 || (conversation.hasMore && !conversation.loadingOlder);
      setText(historyNote, conversation?.loadingOlder ? 'Loading older messages…' : 'This is the beginning of the conversation.');
      renderSeenBy(seenBy, conversation, state.user);
      setText(typing, conversation?.isRoom ? typingText(typists(conversation.name)) : '');

      const newest = messages.at(-1);
      const sentNow = newest?.mine && newest.uid !== lastUid;
      if (switched || atBottom || sentNow) scroller.scrollTop = scroller.scrollHeight;
      else if (anchor?.isConnected) scroller.scrollTop = anchor.offsetTop - anchorOffset;
      shownKey = conversation?.key ?? null;
      lastUid = newest?.uid ?? null;
    },
  };
}

/** Edit and Delete, on one's own stored messages. */
function messageActions(itemOf, onDelete) {
  const edit = h('button', {
    class: 'link-button', type: 'button', 'data-testid': 'message-edit-button', 'aria-label': 'Edit message', text: 'Edit',
  });
  const remove = h('button', {
    class: 'link-button', type: 'button', 'data-testid': 'message-delete-button', 'aria-label': 'Delete message', text: 'Delete',
  });
  edit.addEventListener('click', () => startEditing(itemOf()));
  remove.addEventListener('click', () => onDelete(itemOf().message));
  return h('div', { class: 'message-actions', hidden: true }, edit, remove);
}

/** The inline editor of a message's text: Enter saves, Shift+Enter adds a line, Escape cancels. */
function messageEditor(itemOf, onEdit) {
  const editor = h('textarea', {
    class: 'message-editor', 'data-testid': 'message-editor', rows: 2, hidden: true,
    'aria-label': 'Edit message: Enter saves, Escape cancels',
  });
  editor.addEventListener('keydown', (event) => {
    const item = itemOf();
    if (event.key === 'Escape') {
      event.preventDefault();
      stopEditing(item);
    } else if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      const text = editor.value;
      const { message } = item;
      stopEditing(item);
      if (text.trim() && text !== message.text) onEdit(message, text);
    }
  });
  return editor;
}

/** The parts of a message that editing swaps: its text and actions for the editor. */
function editingParts(item) {
  const bubble = item.querySelector('.bubble');
  return {
    text: bubble.querySelector('.message-text'),
    editor: bubble.querySelector('.message-editor'),
    actions: bubble.querySelector('.message-actions'),
  };
}

function startEditing(item) {
  const { text, editor, actions } = editingParts(item);
  editor.value = item.message.text;
  editor.hidden = false;
  text.hidden = true;
  actions.hidden = true;
  editor.focus();
  editor.setSelectionRange(editor.value.length, editor.value.length);
}

function stopEditing(item) {
  const { text, editor, actions } = editingParts(item);
  const hadFocus = document.activeElement === editor;
  editor.hidden = true;
  text.hidden = false;
  actions.hidden = false;
  if (hadFocus) actions.querySelector('button').focus();
}

function describe(conversation) {
  if (!conversation.isRoom) return 'Direct messages';
  const count = new Set(conversation.members.values()).size;
  return count === 1 ? '1 member' : `${count} members`;
}

function statusLabel(message, online) {
  switch (message.status) {
    case 'pending': return online ? 'Sending…' : 'Waiting for connection';
    case 'failed': return `Not sent: ${message.error ?? 'error'}`;
    default: return message.id != null ? 'Delivered' : 'Sent';
  }
}

function renderSeenBy(element, conversation, me) {
  const ownLast = conversation?.isRoom
    ? conversation.messages.findLast((m) => m.mine && m.id != null)
    : null;
  const readers = ownLast
    ? [...conversation.readers].filter(([user, id]) => user !== me && id >= ownLast.id).map(([user]) => user)
    : [];
  element.hidden = readers.length === 0;
  setText(element, readers.length ? `Seen by ${readers.join(', ')}` : '');
}

function firstVisible(list, scrollTop) {
  for (const child of list.children) {
    if (child.offsetTop + child.offsetHeight > scrollTop) return child;
  }
  return null;
}

