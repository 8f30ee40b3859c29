// The rules the page checks before it sends. The limits an operator configures (message size,
// room name length) come from the server's welcome; the user name's length is the protocol's own,
// needed before there is a welcome.

const ROOM_NAME = /^[\p{L}\p{M}\p{Nd}_.-]+$/u;
const CONTROL = /\p{Cc}/u;

export const USER_NAME_LENGTH = 32;

export function isRoomName(name, maxLength) {
  return ROOM_NAME.test(name) && [...name].length <= maxLength;
}

export function isUserName(name) {
  const length = [...name].length;
  return length >= 1 && length <= USER_NAME_LENGTH && !CONTROL.test(name);
}
