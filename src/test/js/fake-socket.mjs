// A WebSocket stand-in for the client library's tests: records what the
// client sends, and lets a test play the server (open, frames, close).

/** The limits of a server with the default configuration, as its welcome gives them. */
export const LIMITS = Object.freeze({
  max_message_chars: 4000, max_frame_bytes: 65536, max_room_name_length: 64, max_user_name_length: 32,
  history_max_limit: 200, max_rooms_per_connection: 128, rate_per_second: 20, rate_burst: 50,
  max_file_bytes: 10485760, max_attachments: 10,
});

export class FakeSocket extends EventTarget {
  static CONNECTING = 0;
  static OPEN = 1;
  static CLOSING = 2;
  static CLOSED = 3;

  /** Every socket made, oldest first. */
  static made = [];

  static get last() {
    return FakeSocket.made.at(-1);
  }

  constructor(url, protocols = []) {
    super();
    this.url = url;
    this.protocols = protocols;
    this.readyState = FakeSocket.CONNECTING;
    this.protocol = '';
    /** Frames the client sent, parsed. */
    this.frames = [];
    FakeSocket.made.push(this);
  }

  send(text) {
    if (this.readyState !== FakeSocket.OPEN) throw new Error('not open');
    this.frames.push(JSON.parse(text));
  }

  close(code = 1005, reason = '') {
    if (this.readyState === FakeSocket.CLOSED) return;
    this.readyState = FakeSocket.CLOSED;
    queueMicrotask(() => this.dispatchEvent(Object.assign(new Event('close'), { code, reason })));
  }

  // --- the server's side ---------------------------------------------------

  /** Accepts the handshake, choosing the first subprotocol offered (as the server does). */
  accept() {
    this.protocol = this.protocols[0] ?? '';
    this.readyState = FakeSocket.OPEN;
    this.dispatchEvent(new Event('open'));
  }

  /** One frame: an event object, several (joined as under relay.batch), or raw text. */
  push(...events) {
    const data = events.map((e) => (typeof e === 'string' ? e : JSON.stringify(e))).join('\n');
    this.dispatchEvent(Object.assign(new Event('message'), { data }));
  }

  welcome(rooms = ['general'], { user = 'ana', clientId = `c${FakeSocket.made.length}`, limits = LIMITS } = {}) {
    this.push({ event: 'welcome', client_id: clientId, user, message: 'Welcome to Relay', rooms, limits, timestamp: now() });
  }

  /** The server closes the connection. */
  drop(code = 1006, reason = '') {
    this.readyState = FakeSocket.CLOSED;
    this.dispatchEvent(Object.assign(new Event('close'), { code, reason }));
  }

  /** The frames sent so far with that event name. */
  sent(event) {
    return this.frames.filter((f) => f.event === event);
  }
}

export function now() {
  return new Date().toISOString();
}

/** Waits until `condition()` is true, checking after every turn of the event loop. */
export async function until(condition, what = 'condition', ms = 2000) {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}
