// The rules the page checks before it sends: message size and name syntax.

export const MESSAGE_LIMIT = 4000;

const ROOM_NAME = /^[\p{L}\p{M}\p{Nd}_.-]{1,64}$/u;
const CONTROL = /\p{Cc}/u;

export function isRoomName(name) {
  return ROOM_NAME.test(name);
}

export function isUserName(name) {
  const length = [...name].length;
  return length >= 1 && length <= 32 && !CONTROL.test(name);
}
