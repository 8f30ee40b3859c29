// The wire protocol: frame builders, name rules and the endpoint address.

export const MESSAGE_LIMIT = 4000;

/** Events that answer a frame carrying `ref`; any other event is news. */
export const REPLY_EVENTS = new Set(['ack', 'error', 'echo', 'history', 'presence', 'rooms']);

const ROOM_NAME = /^[\p{L}\p{M}\p{Nd}_.-]{1,64}$/u;
const CONTROL = /\p{Cc}/u;

export function isRoomName(name) {
  return ROOM_NAME.test(name);
}

export function isUserName(name) {
  const length = [...name].length;
  return length >= 1 && length <= 32 && !CONTROL.test(name);
}

/**
 * The endpoint lives at `ws` next to the page, under the same context root,
 * with `wss:` when the page came over TLS.
 */
export function socketUrl(pageHref, { name, token, key } = {}) {
  const url = new URL('ws', pageHref);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  url.search = '';
  url.hash = '';
  if (name) url.searchParams.set('name', name);
  if (token) url.searchParams.set('token', token);
  // A token names the user by itself; the key only keeps an anonymous name.
  else if (key) url.searchParams.set('key', key);
  return url.href;
}

/** Where a history request looks: a room, or the direct messages with a user. */
export function historyTarget(kind, name) {
  return kind === 'room' ? { room: name } : { with: name };
}

export const Frames = {
  message: (message) => ({ event: 'message', message }),
  broadcast: (message) => ({ event: 'broadcast', message }),
  joinRoom: (room) => ({ event: 'join_room', room }),
  leaveRoom: (room) => ({ event: 'leave_room', room }),
  roomMessage: (room, message) => ({ event: 'room_message', room, message }),
  directMessage: (to, message) => ({ event: 'direct_message', to, message }),
  typing: (room, typing) => ({ event: 'typing', room, typing }),
  read: (room, id) => ({ event: 'read', room, id }),
  presence: (room) => ({ event: 'presence', room }),
  rooms: () => ({ event: 'rooms' }),
  editMessage: (id, message) => ({ event: 'edit_message', id, message }),
  deleteMessage: (id) => ({ event: 'delete_message', id }),
  history(target, { before, after, limit } = {}) {
    const frame = { event: 'history', ...target };
    if (before != null) frame.before = before;
    if (after != null) frame.after = after;
    if (limit != null) frame.limit = limit;
    return frame;
  },
};
