/**
 * A client of Relay's WebSocket protocol, for browsers and Node 22 (or Node 20
 * with `--experimental-websocket`), with no dependencies. Import it from the
 * server that serves it:
 *
 *     import { RelayClient } from 'https://chat.example.org/js/relay-client.js';
 *
 * It connects with a name (and a key) or a token, reconnects with capped
 * exponential backoff and jitter, answers every command with a promise of its
 * reply, resumes after a reconnect (re-joins its rooms and fetches what it
 * missed with `history` `after` the last id it saw), offers the `relay.batch`
 * subprotocol, and dispatches every server event under its own name.
 * docs/client-javascript.md describes it in full.
 *
 * @module relay-client
 */

// --- Server events ------------------------------------------------------------

/**
 * @typedef {object} WelcomeEvent The first frame of every connection.
 * @property {'welcome'} event
 * @property {string} client_id opaque id of this connection
 * @property {string} user this connection's user name
 * @property {string} message
 * @property {string[]} rooms the rooms joined on connect
 * @property {Limits} limits what this server accepts
 * @property {Profile} profile the user's own profile
 * @property {string} timestamp ISO-8601 UTC
 */
/**
 * @typedef {object} Profile How others see a user.
 * @property {string} user
 * @property {string} display_name
 * @property {string} status `""` when there is none
 * @property {string|null} avatar relative to the socket's address as file addresses are (resolve
 *     it with fileUrl), or an absolute https address; null when there is none
 * @property {'online'|'away'|'offline'} state
 */
/**
 * @typedef {object} ProfileEvent A user's profile changed; also the reply to setProfile().
 * @property {'profile'} event
 * @property {string} user
 * @property {string} display_name
 * @property {string} status
 * @property {string|null} avatar
 * @property {'online'|'away'|'offline'} state
 * @property {string} timestamp
 * @property {string} [ref]
 */
/**
 * @typedef {object} Limits The server's configured limits, from its welcome.
 * @property {number} max_message_chars longest message text
 * @property {number} max_frame_bytes largest frame
 * @property {number} max_room_name_length longest room name, in characters
 * @property {number} max_user_name_length longest user name, in characters
 * @property {number} history_max_limit the most messages one history page returns
 * @property {number} max_rooms_per_connection rooms one connection may be in at once
 * @property {number} rate_per_second sustained frames per second (0: no limit)
 * @property {number} rate_burst frames sent at once above the sustained rate
 * @property {number} max_file_bytes largest upload (0: the server takes no files)
 * @property {number} max_attachments the most files one message carries
 * @property {number} max_display_name_length longest display name, in characters
 * @property {number} max_status_length longest status line, in characters
 */
/**
 * @typedef {object} EchoEvent The reply to `message`.
 * @property {'echo'} event
 * @property {string} original_message
 * @property {string} timestamp
 * @property {string} [ref]
 */
/**
 * @typedef {object} BroadcastEvent A broadcast of another client.
 * @property {'broadcast'} event
 * @property {string} message
 * @property {string} from client_id of the sender
 * @property {string} user
 * @property {string} timestamp
 */
/**
 * @typedef {object} MembershipEvent `user_joined` or `user_left` (this client's own too).
 * @property {'user_joined'|'user_left'} event
 * @property {string} client_id
 * @property {string} user
 * @property {string} room
 * @property {string} timestamp
 * @property {Profile} [profile] the joining user's, on `user_joined`
 */
/**
 * @typedef {object} RoomMessageEvent A stored room message.
 * @property {'room_message'} event
 * @property {number} id increasing within the room
 * @property {string} message
 * @property {string} from client_id of the sender
 * @property {string} user
 * @property {string} room
 * @property {string} timestamp
 * @property {Attachment[]} [attachments] when it carries files
 */
/**
 * @typedef {object} Attachment A file sent with a message; fetch it with requestDownload(id).
 * @property {string} id
 * @property {string} name
 * @property {number} size in bytes
 * @property {string} type a media type
 */
/**
 * @typedef {object} DirectMessageEvent A stored direct message.
 * @property {'direct_message'} event
 * @property {number} id increasing within the conversation
 * @property {string} message
 * @property {string} from client_id of the sender
 * @property {string} user the sender
 * @property {string} to the recipient
 * @property {string} timestamp
 * @property {Attachment[]} [attachments] when it carries files
 */
/**
 * @typedef {object} TypingEvent
 * @property {'typing'} event
 * @property {string} room
 * @property {string} from
 * @property {string} user
 * @property {boolean} typing
 */
/**
 * @typedef {object} ReadEvent A user read a room up to `id`.
 * @property {'read'} event
 * @property {string} room
 * @property {string} user
 * @property {number} id
 */
/**
 * @typedef {object} HistoryEvent A page of stored messages, oldest first.
 * @property {'history'} event
 * @property {string} [room]
 * @property {string} [with]
 * @property {Array<RoomMessageEvent|DirectMessageEvent>} messages
 * @property {boolean} has_more more beyond this page in the direction asked
 * @property {string} [ref]
 */
/**
 * @typedef {object} PresenceEvent
 * @property {'presence'} event
 * @property {string} room
 * @property {Array<{client_id: string, user: string, profile: Profile}>} members
 * @property {string} [ref]
 */
/**
 * @typedef {object} RoomsEvent
 * @property {'rooms'} event
 * @property {string[]} rooms
 * @property {string} [ref]
 */
/**
 * @typedef {object} UploadSlotEvent Where to PUT a file's bytes, once, before `expires_at`.
 * @property {'upload_slot'} event
 * @property {string} file the id to name in a message's `attachments` once uploaded
 * @property {string} url absolute, as requestUpload() returns it
 * @property {string} expires_at
 * @property {number} max_bytes the largest file the server takes
 * @property {string} [ref]
 */
/**
 * @typedef {object} DownloadEvent A short-lived address of a file.
 * @property {'download'} event
 * @property {string} file
 * @property {string} url absolute, as requestDownload() returns it
 * @property {string} expires_at
 * @property {string} [ref]
 */
/**
 * @typedef {object} AckEvent A command with a `ref` was carried out.
 * @property {'ack'} event
 * @property {string} ref
 * @property {number} [id] the stored message's id
 * @property {string} [timestamp]
 */
/**
 * @typedef {object} ServerErrorEvent The server refused a frame, or the connection.
 * @property {'error'} event
 * @property {string} code `bad_json`, `not_member`, `forbidden`, `rate_limited`, …
 * @property {string} message
 * @property {string} [ref]
 */

// --- Events of the client itself ---------------------------------------------

/**
 * @typedef {'offline'|'connecting'|'online'|'reconnecting'} ConnectionState
 */
/**
 * @typedef {object} StateEvent
 * @property {ConnectionState} state
 * @property {ConnectionState} previous
 */
/**
 * @typedef {object} ClosedEvent The socket closed, or close() was called.
 * @property {number} code
 * @property {string} reason
 * @property {boolean} willRetry whether the client connects again on its own
 * @property {number|null} retryIn milliseconds until it does
 */
/**
 * @typedef {object} ResumedEvent Back after a reconnect: rooms re-joined, missed messages delivered.
 * @property {string[]} rooms the rooms the client is in again
 * @property {number} missed how many stored messages the catch-up delivered
 * @property {boolean} complete false when it gave up waiting (`resumeTimeout`)
 */
/**
 * @typedef {object} FrameEvent One event's text as it went out or came in (for logs).
 * @property {'in'|'out'} direction
 * @property {string} text
 */

/**
 * Every event `on()` takes, by name: the server's events (except the replies
 * to this client's own requests, which go to their promises), then the
 * client's own.
 *
 * @typedef {object} RelayEventMap
 * @property {WelcomeEvent} welcome
 * @property {EchoEvent} echo
 * @property {BroadcastEvent} broadcast
 * @property {MembershipEvent} user_joined
 * @property {MembershipEvent} user_left
 * @property {RoomMessageEvent} room_message
 * @property {DirectMessageEvent} direct_message
 * @property {TypingEvent} typing
 * @property {ReadEvent} read
 * @property {HistoryEvent} history
 * @property {PresenceEvent} presence
 * @property {RoomsEvent} rooms
 * @property {ProfileEvent} profile
 * @property {AckEvent} ack
 * @property {ServerErrorEvent} error
 * @property {StateEvent} state
 * @property {ClosedEvent} close
 * @property {ResumedEvent} resumed
 * @property {FrameEvent} frame
 * @property {{queued: number}} outbox
 */

/**
 * @typedef {object} RequestOptions
 * @property {number} [timeout] milliseconds to wait for the reply once sent (default
 *     `requestTimeout`; `Infinity` waits as long as it takes)
 * @property {boolean} [queue] keep the frame in the outbox while offline and send it after the
 *     next resume, instead of failing at once with `offline`
 * @property {string} [ref] the ref to use; one is made up otherwise
 */

/**
 * @typedef {object} ReconnectOptions
 * @property {number} [base] the first delay's ceiling in ms (500)
 * @property {number} [cap] the largest ceiling in ms (30 000)
 * @property {number} [maxAttempts] attempts in a row before giving up (Infinity)
 */

/**
 * @typedef {object} RelayClientOptions
 * @property {string} [url] the endpoint, `ws(s)://host/ws`, or any http(s) address of the server
 *     (a page or the server's root); by default the server this module was loaded from
 * @property {string} [name] the user name asked for (anonymous mode)
 * @property {string} [key] the secret that keeps `name` for this client (anonymous mode)
 * @property {string|(() => string|Promise<string>)} [token] a signed token (token mode); a function
 *     is asked again before each connection, so an expired token is replaced
 * @property {boolean} [tokenInQuery] pass the token as `?token=` instead of a subprotocol
 * @property {boolean} [batch] offer `relay.batch` (default true)
 * @property {boolean|ReconnectOptions} [reconnect] reconnect after a drop (default true)
 * @property {number[]} [noRetryCodes] close codes after which the client stays offline
 * @property {boolean} [resume] re-join and catch up after a reconnect (default true)
 * @property {number} [resumeTimeout] ms the outbox waits for the catch-up at most (5 000)
 * @property {number} [requestTimeout] ms a request waits for its reply (15 000)
 * @property {number} [handshakeTimeout] ms a connection attempt may take (10 000)
 * @property {number} [historyPageSize] messages per history page of the catch-up (50)
 * @property {typeof WebSocket} [WebSocket] the WebSocket class (default the global one)
 */

/** @type {Readonly<Record<string, ConnectionState>>} */
export const State = Object.freeze({
  OFFLINE: 'offline',
  CONNECTING: 'connecting',
  ONLINE: 'online',
  RECONNECTING: 'reconnecting',
});

export const BATCH_PROTOCOL = 'relay.batch';

/**
 * Close codes after which trying again cannot help: 1002, 1003 and 1007 (the client speaks
 * wrongly), 1008 (policy: a refused name or key, a kick, flooding, an expired token unless `token`
 * is a function) and 1010. Not 1000: the server never ends a session with it, but answers with it
 * a close that something else in the page started.
 */
export const NO_RETRY_CODES = Object.freeze([1002, 1003, 1007, 1008, 1010]);

/** Events that answer a frame carrying `ref`; the rest is news. */
export const REPLY_EVENTS = new Set(['ack', 'error', 'echo', 'history', 'presence', 'rooms', 'upload_slot', 'download']);

const OPEN = 1;
const CONNECTING = 0;
// The outbox stays well under the server's frame rate limit, and a frame
// refused with `rate_limited` goes out again later, a few times at most.
const OUTBOX_BURST = 10;
const OUTBOX_PER_SECOND = 8;
const RATE_LIMIT_RETRIES = 5;

/**
 * Exponential backoff with "equal jitter": half the ceiling fixed, half random, the ceiling
 * doubling from `base` per attempt up to `cap`.
 *
 * @param {number} attempt 0 for the first retry
 * @param {{base?: number, cap?: number, random?: () => number}} [options]
 * @returns {number} milliseconds
 */
export function backoffDelay(attempt, { base = 500, cap = 30_000, random = Math.random } = {}) {
  const ceiling = Math.min(cap, base * 2 ** attempt);
  return ceiling / 2 + (random() * ceiling) / 2;
}

/**
 * The events of one frame, as text: several, one per line, under `relay.batch` (JSON text never
 * holds a raw newline), else one.
 *
 * @param {string} data
 * @returns {string[]}
 */
export function splitFrame(data) {
  return String(data).split('\n').filter((line) => line.length > 0);
}

/** One event's text as an object, or null when it is not a JSON object. */
function parseEvent(text) {
  try {
    const event = JSON.parse(text);
    return event !== null && typeof event === 'object' && !Array.isArray(event) ? event : null;
  } catch {
    return null;
  }
}

/**
 * The endpoint for an address of the server: `ws` under the context root of an http(s) address,
 * with `wss:` for `https:`, and the name or key as query parameters.
 *
 * @param {string} address a ws(s) endpoint or an http(s) address of the server
 * @param {{name?: string, key?: string, token?: string}} [identity]
 * @returns {string}
 */
export function endpointUrl(address, { name, key, token } = {}) {
  const given = new URL(address);
  const url = given.protocol.startsWith('http') ? new URL('ws', given) : given;
  if (url.protocol === 'http:') url.protocol = 'ws:';
  if (url.protocol === 'https:') url.protocol = 'wss:';
  url.hash = '';
  if (name) url.searchParams.set('name', name);
  if (token) url.searchParams.set('token', token);
  // A token names the user by itself; the key only keeps an anonymous name.
  else if (key) url.searchParams.set('key', key);
  return url.href;
}

/**
 * An address the server handed out (an upload slot's or a download's `url`), made absolute: such
 * addresses are relative to the socket's own, with `http(s)` for `ws(s)`, so that they hold under
 * any context path or proxy.
 *
 * @param {string} url as the server sent it, e.g. `api/uploads/9fK…`
 * @param {string} socketUrl the endpoint the socket is connected to
 * @returns {string}
 */
export function fileUrl(url, socketUrl) {
  return new URL(url, socketUrl.replace(/^ws/, 'http')).href;
}

/** A message frame, with the ids of its files when it has any. */
function withAttachments(frame, attachments) {
  return attachments?.length ? { ...frame, attachments } : frame;
}

/**
 * The profile a `profile` event describes, without its event name, ref and timestamp.
 * @param {ProfileEvent|Profile} event @returns {Profile}
 */
export function profileOf({ user, display_name, status, avatar, state }) {
  return { user, display_name, status, avatar, state };
}

/** The server this module was loaded from, when it came over http(s). */
function defaultAddress() {
  const here = new URL(import.meta.url);
  return here.protocol.startsWith('http') ? new URL('..', here).href : null;
}

/**
 * A refused or failed request. `code` is the server's error code, or one of the client's:
 * `timeout`, `offline` (not connected, not queued), `disconnected` (the socket closed before the
 * reply), `closed` (close() was called).
 */
export class RelayError extends Error {
  /**
   * @param {string} code
   * @param {string} message
   * @param {ServerErrorEvent} [event] the server's error event
   */
  constructor(code, message, event) {
    super(message || code);
    this.name = 'RelayError';
    this.code = code;
    this.event = event ?? null;
    this.ref = event?.ref ?? null;
  }
}

/**
 * One connection to a Relay server, kept up across drops.
 *
 * @example
 * const client = new RelayClient({ name: 'ana' });
 * client.on('room_message', (m) => console.log(`${m.user} in ${m.room}: ${m.message}`));
 * await client.connect();
 * await client.joinRoom('design');
 * const ack = await client.sendRoomMessage('design', 'hello');   // ack.id is the stored id
 */
export class RelayClient extends EventTarget {
  #options;
  #WebSocket;
  #socket = null;
  /** The address of the last socket opened, which upload and download addresses are relative to. */
  #endpoint = null;
  #state = State.OFFLINE;
  #wanted = false;
  #attempt = 0;
  #retryTimer = null;
  #retryAt = null;
  #epoch = 0;
  #paused = true;
  #welcomed = false;
  #user = null;
  #clientId = null;
  #limits = null;
  #profile = null;
  #protocol = '';
  /** ref -> pending request: {frame, resolve, reject, timer, timeout, queued, attempts, sentOn, due, retries} */
  #pending = new Map();
  #tokens = OUTBOX_BURST;
  #refilledAt = Date.now();
  #pumpTimer = null;
  #refPrefix = Math.random().toString(36).slice(2, 8);
  #refCount = 0;
  #rooms = new Set();
  /** Conversation key (`#room` or `@user`) -> highest message id seen, or null when none yet. */
  #lastIds = new Map();
  #waiters = [];
  #listeners = new Map();

  /** Frames and reconnects of this client since connect(). */
  stats = { sent: 0, received: 0, reconnects: 0, openedAt: null };

  /** @param {RelayClientOptions} [options] */
  constructor(options = {}) {
    super();
    this.#options = {
      batch: true,
      reconnect: true,
      noRetryCodes: NO_RETRY_CODES,
      resume: true,
      resumeTimeout: 5000,
      requestTimeout: 15_000,
      handshakeTimeout: 10_000,
      historyPageSize: 50,
      ...options,
    };
    this.#WebSocket = options.WebSocket ?? globalThis.WebSocket;
  }

  /** @returns {ConnectionState} */
  get state() { return this.#state; }
  /** The user of the current connection, from its welcome. */
  get user() { return this.#user; }
  /** The client_id of the current connection. */
  get clientId() { return this.#clientId; }
  /** @returns {Limits|null} the server's limits, from the latest welcome */
  get limits() { return this.#limits; }
  /** The endpoint of the latest connection attempt; profile avatars and file addresses are relative to it. */
  get url() { return this.#endpoint; }
  /** @returns {Profile|null} the user's own profile, from the latest welcome and profile events */
  get profile() { return this.#profile; }
  /** The rooms this client is in, as far as it knows. */
  get rooms() { return [...this.#rooms]; }
  /** The subprotocol the server chose: `relay.batch`, `relay` or ''. */
  get protocol() { return this.#protocol; }
  /** When the next connection attempt starts (ms since the epoch), while reconnecting. */
  get retryAt() { return this.#retryAt; }
  /** Requests waiting in the outbox for their reply. */
  get queued() {
    let count = 0;
    for (const entry of this.#pending.values()) if (entry.queued) count++;
    return count;
  }
  /** The highest message id seen in a room, or null. */
  lastIdOf(room) { return this.#lastIds.get('#' + room) ?? null; }

  // --- events --------------------------------------------------------------------

  /**
   * Calls `listener` with each event of that name; returns a function that stops it.
   *
   * @template {keyof RelayEventMap} K
   * @param {K} type
   * @param {(event: RelayEventMap[K]) => void} listener
   * @returns {() => void}
   */
  on(type, listener) {
    const wrapped = (event) => listener(event.detail);
    let byListener = this.#listeners.get(type);
    if (!byListener) this.#listeners.set(type, (byListener = new Map()));
    if (byListener.has(listener)) return () => this.off(type, listener);
    byListener.set(listener, wrapped);
    this.addEventListener(type, wrapped);
    return () => this.off(type, listener);
  }

  /**
   * @template {keyof RelayEventMap} K
   * @param {K} type
   * @param {(event: RelayEventMap[K]) => void} listener
   */
  off(type, listener) {
    const wrapped = this.#listeners.get(type)?.get(listener);
    if (!wrapped) return;
    this.#listeners.get(type).delete(listener);
    this.removeEventListener(type, wrapped);
  }

  /**
   * The next event of that name.
   *
   * @template {keyof RelayEventMap} K
   * @param {K} type
   * @returns {Promise<RelayEventMap[K]>}
   */
  once(type) {
    return new Promise((resolve) => {
      const stop = this.on(type, (event) => {
        stop();
        resolve(event);
      });
    });
  }

  // --- connection ------------------------------------------------------------------

  /**
   * Opens the connection and keeps it up until close(). While connected, only waits for the
   * first welcome.
   *
   * @param {{name?: string, key?: string, token?: RelayClientOptions['token']}} [identity]
   *     replaces the identity of the options, for this connection and the next ones
   * @returns {Promise<WelcomeEvent>} the first welcome; rejected when the client stops first
   */
  connect(identity) {
    const welcome = new Promise((resolve, reject) => this.#waiters.push({ resolve, reject }));
    if (this.#wanted) return welcome;
    if (identity) this.#options = { ...this.#options, ...identity };
    this.#wanted = true;
    this.#attempt = 0;
    this.#welcomed = false;
    this.#user = null;
    this.#clientId = null;
    this.#rooms.clear();
    this.#lastIds.clear();
    this.stats = { sent: 0, received: 0, reconnects: 0, openedAt: null };
    this.#open(State.CONNECTING);
    return welcome;
  }

  /**
   * Closes the connection for good: pending requests fail with `closed`.
   *
   * @param {number} [code]
   * @param {string} [reason]
   */
  close(code = 1000, reason = 'bye') {
    const wanted = this.#wanted;
    this.#stop(new RelayError('closed', 'The client was closed'));
    const socket = this.#socket;
    this.#socket = null;
    socket?.close(code, reason);
    this.stats.openedAt = null;
    if (wanted) this.#emit('close', { code, reason, willRetry: false, retryIn: null });
    this.#setState(State.OFFLINE);
  }

  /** Skips the rest of the backoff wait, e.g. when the network comes back. */
  retryNow() {
    if (this.#wanted && !this.#socket) {
      clearTimeout(this.#retryTimer);
      this.#open(State.RECONNECTING);
    }
  }

  #stop(why) {
    this.#wanted = false;
    this.#paused = true;
    clearTimeout(this.#retryTimer);
    clearTimeout(this.#pumpTimer);
    this.#retryAt = null;
    for (const entry of this.#pending.values()) {
      clearTimeout(entry.timer);
      entry.reject(why);
    }
    this.#pending.clear();
    this.#emit('outbox', { queued: 0 });
    for (const waiter of this.#waiters.splice(0)) waiter.reject(why);
  }

  async #open(state) {
    this.#retryAt = null;
    this.#setState(state);
    const attemptEpoch = ++this.#epoch;
    let socket;
    try {
      const { url, protocols } = await this.#handshake();
      if (!this.#wanted || attemptEpoch !== this.#epoch) return;
      socket = new this.#WebSocket(url, protocols);
      this.#endpoint = url;
    } catch (error) {
      if (!this.#wanted || attemptEpoch !== this.#epoch) return;
      this.#scheduleRetry({ code: 1006, reason: `cannot connect: ${error.message}` });
      return;
    }
    this.#socket = socket;
    const handshake = setTimeout(() => {
      if (socket.readyState === CONNECTING) socket.close();
    }, this.#options.handshakeTimeout);

    socket.addEventListener('open', () => {
      if (socket !== this.#socket) return;
      clearTimeout(handshake);
      this.#paused = true;
      this.#protocol = socket.protocol ?? '';
      if (state === State.RECONNECTING) this.stats.reconnects++;
      this.stats.openedAt = Date.now();
      this.#setState(State.ONLINE);
    });
    socket.addEventListener('message', (event) => {
      if (socket !== this.#socket) return;
      for (const text of splitFrame(event.data)) this.#receive(text);
    });
    socket.addEventListener('close', (event) => {
      clearTimeout(handshake);
      if (socket !== this.#socket) return;
      this.#socket = null;
      this.#paused = true;
      this.stats.openedAt = null;
      this.#dropSent();
      if (this.#wanted) this.#scheduleRetry({ code: event.code, reason: event.reason ?? '' });
    });
  }

  /** The address and subprotocols of the next attempt: the token is asked for each time. */
  async #handshake() {
    const options = this.#options;
    const address = options.url ?? defaultAddress();
    if (!address) throw new Error('no url given');
    const token = typeof options.token === 'function' ? await options.token() : options.token;
    // Once welcomed as a made-up guest, come back under the same name.
    const name = options.name || (token ? undefined : this.#user ?? undefined);
    const inQuery = token && options.tokenInQuery;
    const url = endpointUrl(address, { name, key: options.key, token: inQuery ? token : undefined });
    const protocols = [];
    if (options.batch) protocols.push(BATCH_PROTOCOL);
    if (token && !inQuery) protocols.push('relay', `bearer.${token}`);
    return { url, protocols };
  }

  #scheduleRetry({ code, reason }) {
    const options = this.#options;
    const reconnect = options.reconnect === false ? null : { ...(options.reconnect === true ? {} : options.reconnect) };
    const refreshable = typeof options.token === 'function' && code === 1008 && reason === 'token expired';
    const stop = !reconnect || (options.noRetryCodes.includes(code) && !refreshable)
      || this.#attempt >= (reconnect.maxAttempts ?? Infinity);
    if (stop) {
      this.#emit('close', { code, reason, willRetry: false, retryIn: null });
      this.#stop(new RelayError('disconnected', `Closed (${code}${reason ? `, ${reason}` : ''})`));
      this.#setState(State.OFFLINE);
      return;
    }
    const delay = backoffDelay(this.#attempt++, reconnect);
    this.#retryAt = Date.now() + delay;
    this.#emit('close', { code, reason, willRetry: true, retryIn: delay });
    this.#retryTimer = setTimeout(() => this.#open(State.RECONNECTING), delay);
    this.#setState(State.RECONNECTING);
  }

  // --- sending ----------------------------------------------------------------------

  /** A fresh ref for a frame. */
  nextRef() {
    return `${this.#refPrefix}-${++this.#refCount}`;
  }

  /**
   * Sends a frame as it is, without waiting for anything.
   *
   * @param {object} frame
   * @returns {boolean} false when there is no open socket
   */
  send(frame) {
    const socket = this.#socket;
    if (!socket || socket.readyState !== OPEN) return false;
    const text = JSON.stringify(frame);
    socket.send(text);
    this.stats.sent++;
    this.#emit('frame', { direction: 'out', text });
    return true;
  }

  /**
   * Sends a frame with a `ref` and waits for the one frame that answers it.
   *
   * @param {object} frame
   * @param {RequestOptions} [options]
   * @returns {Promise<any>} the reply (`ack`, `echo`, `history`, `presence` or `rooms`); rejected
   *     with a RelayError for the `error` that answers it, a timeout, or a lost connection
   */
  request(frame, { timeout = this.#options.requestTimeout, queue = false, ref = frame.ref ?? this.nextRef() } = {}) {
    return new Promise((resolve, reject) => {
      if (this.#pending.has(ref)) {
        reject(new RelayError('bad_field', `ref ${ref} is already waiting for its reply`));
        return;
      }
      const entry = {
        frame: { ...frame, ref }, resolve, reject, timer: null, timeout, queued: queue,
        attempts: 0, sentOn: 0, due: 0, retries: 0,
      };
      if (queue) {
        this.#pending.set(ref, entry);
        this.#pump();
        this.#emit('outbox', { queued: this.queued });
        return;
      }
      if (!this.#sendEntry(entry)) {
        reject(new RelayError('offline', 'Not connected'));
        return;
      }
      this.#pending.set(ref, entry);
    });
  }

  /** @param {string} message @param {RequestOptions} [options] @returns {Promise<EchoEvent>} */
  echo(message, options) {
    return this.request({ event: 'message', message }, options);
  }

  /** @param {string} message @param {RequestOptions} [options] @returns {Promise<AckEvent>} */
  broadcast(message, options) {
    return this.request({ event: 'broadcast', message }, options);
  }

  /** @param {string} room @param {RequestOptions} [options] @returns {Promise<AckEvent>} */
  joinRoom(room, options) {
    return this.request({ event: 'join_room', room }, options);
  }

  /** @param {string} room @param {RequestOptions} [options] @returns {Promise<AckEvent>} */
  leaveRoom(room, options) {
    return this.request({ event: 'leave_room', room }, options);
  }

  /**
   * @param {string} room @param {string} message, which may be empty when there are attachments
   * @param {RequestOptions & {attachments?: string[]}} [options] `attachments`: ids of uploaded files
   * @returns {Promise<AckEvent>} with the stored message's `id` and `timestamp`
   */
  sendRoomMessage(room, message, { attachments, ...options } = {}) {
    return this.request(withAttachments({ event: 'room_message', room, message }, attachments), options);
  }

  /**
   * @param {string} to a user name @param {string} message, which may be empty when there are attachments
   * @param {RequestOptions & {attachments?: string[]}} [options] `attachments`: ids of uploaded files
   * @returns {Promise<AckEvent>} with the stored message's `id` and `timestamp`
   */
  sendDirectMessage(to, message, { attachments, ...options } = {}) {
    return this.request(withAttachments({ event: 'direct_message', to, message }, attachments), options);
  }

  /**
   * Asks for a slot to upload a file to. The slot's `url` is made absolute (see fileUrl), ready
   * for the PUT of the file's bytes.
   *
   * @param {{name: string, size: number, type?: string}} file a File or Blob fits
   * @param {RequestOptions} [options]
   * @returns {Promise<UploadSlotEvent>} rejected with `too_large` or `rate_limited` when refused
   */
  async requestUpload({ name, size, type }, options) {
    const frame = { event: 'upload', name, size };
    if (type) frame.type = type;
    const slot = await this.request(frame, options);
    return { ...slot, url: fileUrl(slot.url, this.#endpoint) };
  }

  /**
   * Asks for a short-lived address of a file sent in a conversation this client is in, made
   * absolute (see fileUrl). Ask again each time: the address expires after minutes.
   *
   * @param {string} file the attachment's id
   * @param {RequestOptions} [options]
   * @returns {Promise<DownloadEvent>} rejected with `not_found` when this client may not read it
   */
  async requestDownload(file, options) {
    const download = await this.request({ event: 'download', file }, options);
    return { ...download, url: fileUrl(download.url, this.#endpoint) };
  }

  /**
   * A new text for one of this user's stored messages; its files stay.
   * @param {number} id @param {string} message @param {RequestOptions} [options] @returns {Promise<AckEvent>}
   */
  editMessage(id, message, options) {
    return this.request({ event: 'edit_message', id, message }, options);
  }

  /**
   * Deletes one of this user's stored messages, its files with it.
   * @param {number} id @param {RequestOptions} [options] @returns {Promise<AckEvent>}
   */
  deleteMessage(id, options) {
    return this.request({ event: 'delete_message', id }, options);
  }

  /** @param {string} room @param {boolean} typing @param {RequestOptions} [options] @returns {Promise<AckEvent>} */
  typing(room, typing, options) {
    return this.request({ event: 'typing', room, typing }, options);
  }

  /** Marks a room read up to `id`. @param {string} room @param {number} id @param {RequestOptions} [options] @returns {Promise<AckEvent>} */
  markRead(room, id, options) {
    return this.request({ event: 'read', room, id }, options);
  }

  /**
   * A page of stored messages of a room (`room`) or of the direct messages with a user (`with`):
   * the newest, those `before` an id, or those `after` an id.
   *
   * @param {{room?: string, with?: string, before?: number, after?: number, limit?: number}} query
   * @param {RequestOptions} [options]
   * @returns {Promise<HistoryEvent>}
   */
  history(query, options) {
    const frame = { event: 'history' };
    for (const field of ['room', 'with', 'before', 'after', 'limit']) {
      if (query[field] != null) frame[field] = query[field];
    }
    return this.request(frame, options);
  }

  /** @param {string} room @param {RequestOptions} [options] @returns {Promise<PresenceEvent>} */
  presence(room, options) {
    return this.request({ event: 'presence', room }, options);
  }

  /** @param {RequestOptions} [options] @returns {Promise<RoomsEvent>} */
  listRooms(options) {
    return this.request({ event: 'rooms' }, options);
  }

  /**
   * Changes this user's profile. Only the fields given are sent, so that the rest stay as they are.
   *
   * @param {{display_name?: string|null, status?: string|null, avatar?: string|null, state?: 'online'|'away'}} fields
   *     `avatar` is the `file` of an own upload of an image (see requestUpload), or null for the
   *     default (none, or the token's picture)
   * @param {RequestOptions} [options]
   * @returns {Promise<ProfileEvent>} the whole profile; rejected with `bad_field`, `not_found`, …
   */
  setProfile(fields, options) {
    const frame = { event: 'set_profile' };
    for (const field of ['display_name', 'status', 'avatar', 'state']) {
      if (field in fields) frame[field] = fields[field];
    }
    return this.request(frame, options);
  }

  #sendEntry(entry) {
    if (!this.send(entry.frame)) return false;
    entry.attempts++;
    entry.sentOn = this.#epoch;
    clearTimeout(entry.timer);
    if (Number.isFinite(entry.timeout)) {
      entry.timer = setTimeout(() => this.#settle(entry.frame.ref, null,
        new RelayError('timeout', `No reply to ${entry.frame.event} within ${entry.timeout} ms`)), entry.timeout);
    }
    return true;
  }

  /** Sends, in order, the queued frames this socket has not carried yet, within the token budget. */
  #pump() {
    clearTimeout(this.#pumpTimer);
    this.#pumpTimer = null;
    if (this.#paused) return;
    const now = Date.now();
    this.#tokens = Math.min(OUTBOX_BURST, this.#tokens + ((now - this.#refilledAt) * OUTBOX_PER_SECOND) / 1000);
    this.#refilledAt = now;
    for (const entry of this.#pending.values()) {
      if (!entry.queued || entry.sentOn === this.#epoch) continue;
      const refill = this.#tokens >= 1 ? 0 : ((1 - this.#tokens) * 1000) / OUTBOX_PER_SECOND;
      const wait = Math.max(entry.due - now, refill);
      if (wait > 0) {
        this.#pumpTimer = setTimeout(() => this.#pump(), wait);
        return;
      }
      if (!this.#sendEntry(entry)) return;
      this.#tokens -= 1;
    }
  }

  /** A dropped socket: direct requests fail, queued ones wait for the next one. */
  #dropSent() {
    for (const [ref, entry] of this.#pending) {
      clearTimeout(entry.timer);
      if (entry.queued) continue;
      this.#pending.delete(ref);
      entry.reject(new RelayError('disconnected', 'The connection closed before the reply'));
    }
  }

  /** Ends a request with its reply or a failure. */
  #settle(ref, reply, failure) {
    const entry = this.#pending.get(ref);
    if (!entry) return false;
    this.#pending.delete(ref);
    clearTimeout(entry.timer);
    if (failure) entry.reject(failure);
    else if (reply.event === 'error') entry.reject(new RelayError(reply.code, reply.message, reply));
    else entry.resolve(reply);
    if (entry.queued) this.#emit('outbox', { queued: this.queued });
    return true;
  }

  // --- receiving -----------------------------------------------------------------------

  #receive(text) {
    this.stats.received++;
    this.#emit('frame', { direction: 'in', text });
    const frame = parseEvent(text);
    if (!frame) return;
    const entry = typeof frame.ref === 'string' ? this.#pending.get(frame.ref) : undefined;
    this.#track(frame, entry?.frame);
    if (entry) {
      if (frame.event === 'error' && frame.code === 'rate_limited' && entry.queued && this.#retryLater(entry)) return;
      this.#settle(frame.ref, frame);
      if (REPLY_EVENTS.has(frame.event)) return;
    }
    if (frame.event === 'welcome') this.#welcome(frame);
    if (typeof frame.event === 'string') this.#emit(frame.event, frame);
  }

  /** Puts a queued frame the server refused for speed back in line, later; false when it tried enough. */
  #retryLater(entry) {
    if (entry.retries >= RATE_LIMIT_RETRIES) return false;
    clearTimeout(entry.timer);
    entry.retries++;
    entry.sentOn = 0;
    entry.due = Date.now() + backoffDelay(entry.retries, { base: 1000, cap: 10_000 });
    this.#pump();
    return true;
  }

  /** Keeps what resuming needs: the rooms this client is in and the last id seen per conversation. */
  #track(frame, request) {
    switch (frame.event) {
      case 'user_joined':
        if (frame.client_id === this.#clientId) {
          this.#rooms.add(frame.room);
          this.#seen('#' + frame.room, null);
        }
        break;
      case 'user_left':
        if (frame.client_id === this.#clientId) {
          this.#rooms.delete(frame.room);
          this.#lastIds.delete('#' + frame.room);
        }
        break;
      case 'room_message':
      case 'direct_message':
        this.#seen(this.#keyOf(frame), frame.id);
        break;
      case 'history': {
        const key = frame.room != null ? '#' + frame.room : '@' + frame.with;
        this.#seen(key, null);
        for (const message of Array.isArray(frame.messages) ? frame.messages : []) this.#seen(key, message?.id);
        break;
      }
      case 'profile':
        if (frame.user === this.#user) this.#profile = profileOf(frame);
        break;
      case 'ack':
        // The reply to an own message holds its id.
        if (request?.event === 'room_message') this.#seen('#' + request.room, frame.id);
        if (request?.event === 'direct_message') this.#seen('@' + request.to, frame.id);
        break;
      default:
        break;
    }
  }

  #keyOf(message) {
    if (message.event === 'room_message') return '#' + message.room;
    const other = message.from === this.#clientId || message.user === this.#user ? message.to : message.user;
    return '@' + other;
  }

  #seen(key, id) {
    if (key.startsWith('#') && !this.#rooms.has(key.slice(1))) return;
    const known = this.#lastIds.get(key) ?? null;
    if (typeof id === 'number' && (known === null || id > known)) this.#lastIds.set(key, id);
    else if (!this.#lastIds.has(key)) this.#lastIds.set(key, null);
  }

  #welcome(frame) {
    const returning = this.#welcomed;
    const before = [...this.#rooms];
    const lastIds = new Map(this.#lastIds);
    this.#welcomed = true;
    this.#attempt = 0;
    this.#user = frame.user;
    this.#clientId = frame.client_id;
    this.#limits = frame.limits ?? null;
    this.#profile = frame.profile ?? null;
    const serverRooms = Array.isArray(frame.rooms) ? frame.rooms : [];
    this.#rooms = new Set(serverRooms);
    for (const room of serverRooms) this.#seen('#' + room, null);
    for (const waiter of this.#waiters.splice(0)) waiter.resolve(frame);
    const epoch = this.#epoch;
    if (!returning || !this.#options.resume) {
      this.#release(epoch);
      return;
    }
    // Listeners hear the welcome first, then the catch-up.
    queueMicrotask(() => this.#resume(epoch, before, serverRooms, lastIds));
  }

  /**
   * Back after a drop: the rooms of before (re-joined, and the default room left again if this
   * client had left it), then every conversation's messages after the last id seen, delivered as
   * their live events; then the outbox. Own messages found there whose ack was lost settle their
   * request instead of being sent again.
   */
  async #resume(epoch, before, serverRooms, lastIds) {
    const stale = () => epoch !== this.#epoch || !this.#socket;
    const resumed = (async () => {
      const joined = new Set(serverRooms);
      const wanted = new Set(before);
      for (const room of serverRooms) {
        if (!wanted.has(room)) this.leaveRoom(room).catch(() => {});
      }
      await Promise.allSettled(before.filter((room) => !joined.has(room)).map((room) => this.joinRoom(room)));
      let missed = 0;
      for (const [key, lastId] of lastIds) {
        if (stale()) break;
        if (key.startsWith('#') && !this.#rooms.has(key.slice(1))) continue;
        missed += await this.#catchUp(key, lastId, stale);
      }
      return missed;
    })();
    let timer;
    const timeout = new Promise((resolve) => { timer = setTimeout(resolve, this.#options.resumeTimeout, null); });
    const missed = await Promise.race([resumed.catch(() => 0), timeout]);
    clearTimeout(timer);
    if (stale()) return;
    this.#emit('resumed', { rooms: this.rooms, missed: missed ?? 0, complete: missed !== null });
    this.#release(epoch);
  }

  /** Fetches one conversation's messages after `lastId`, page by page; returns how many. */
  async #catchUp(key, lastId, stale) {
    const target = key.startsWith('#') ? { room: key.slice(1) } : { with: key.slice(1) };
    let after = lastId;
    let count = 0;
    for (;;) {
      let page;
      try {
        const bound = after == null ? {} : { after };
        page = await this.history({ ...target, ...bound, limit: this.#options.historyPageSize });
      } catch {
        return count;
      }
      if (stale()) return count;
      const messages = Array.isArray(page.messages) ? page.messages : [];
      for (const message of messages) {
        this.#settleFromHistory(message);
        count++;
        this.#emit(message.event, message);
      }
      const newest = messages.at(-1)?.id;
      if (after == null || page.has_more !== true || typeof newest !== 'number') return count;
      after = newest;
    }
  }

  /**
   * An own message sent before the drop whose ack never came is in the history: its request is
   * answered with an ack made from it, so the outbox does not send it twice.
   */
  #settleFromHistory(message) {
    if (message.user !== this.#user) return;
    for (const [ref, entry] of this.#pending) {
      const sent = entry.frame;
      const same = entry.queued && entry.attempts > 0 && sent.event === message.event && sent.message === message.message
        && (sent.event === 'room_message' ? sent.room === message.room : sent.to === message.to);
      if (same) {
        this.#settle(ref, { event: 'ack', ref, id: message.id, timestamp: message.timestamp });
        return;
      }
    }
  }

  /** Starts sending the outbox on the socket of the given epoch. */
  #release(epoch) {
    if (epoch !== this.#epoch || !this.#socket) return;
    this.#paused = false;
    this.#pump();
  }

  #setState(state) {
    const previous = this.#state;
    this.#state = state;
    if (previous !== state || state === State.RECONNECTING) this.#emit('state', { state, previous });
  }

  #emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }
}
