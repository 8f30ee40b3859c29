// Typing notices: throttled on the way out, expiring on the way in.

export const TYPING_REPEAT_MS = 2000;
export const TYPING_IDLE_MS = 3000;
export const TYPING_EXPIRY_MS = 5000;

/** Sends `typing: true` at most every 2 s while typing, `false` after 3 s idle or on stop(). */
export class TypingSender {
  #send;
  #room = null;
  #lastTrue = 0;
  #idleTimer = null;

  constructor(send) {
    this.#send = send;
  }

  input(room) {
    if (room !== this.#room) this.stop();
    this.#room = room;
    const now = Date.now();
    if (now - this.#lastTrue >= TYPING_REPEAT_MS) {
      this.#send(room, true);
      this.#lastTrue = now;
    }
    clearTimeout(this.#idleTimer);
    this.#idleTimer = setTimeout(() => this.stop(), TYPING_IDLE_MS);
  }

  stop() {
    clearTimeout(this.#idleTimer);
    if (this.#room !== null && this.#lastTrue) this.#send(this.#room, false);
    this.#room = null;
    this.#lastTrue = 0;
  }
}

/** Who is typing where; a notice without a follow-up expires after 5 s. */
export class TypingTracker {
  #rooms = new Map();
  #onChange;

  constructor(onChange) {
    this.#onChange = onChange;
  }

  update(room, from, user, typing) {
    let typists = this.#rooms.get(room);
    const previous = typists?.get(from);
    if (previous) clearTimeout(previous.timer);
    if (!typing) {
      if (previous) {
        typists.delete(from);
        this.#onChange();
      }
      return;
    }
    if (!typists) this.#rooms.set(room, (typists = new Map()));
    const timer = setTimeout(() => this.update(room, from, user, false), TYPING_EXPIRY_MS);
    typists.set(from, { user, timer });
    if (!previous) this.#onChange();
  }

  clear() {
    for (const typists of this.#rooms.values()) {
      for (const { timer } of typists.values()) clearTimeout(timer);
    }
    this.#rooms.clear();
    this.#onChange();
  }

  names(room) {
    const typists = this.#rooms.get(room);
    return typists ? [...new Set([...typists.values()].map((t) => t.user))] : [];
  }
}

export function typingText(names) {
  switch (names.length) {
    case 0: return '';
    case 1: return `${names[0]} is typing…`;
    case 2: return `${names[0]} and ${names[1]} are typing…`;
    default: return 'Several people are typing…';
  }
}
