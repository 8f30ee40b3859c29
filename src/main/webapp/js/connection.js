// The socket to the server: reconnects on its own and keeps an outbox of
// frames that must not be lost.

import { REPLY_EVENTS } from './protocol.js';

export const State = Object.freeze({
  OFFLINE: 'offline',
  CONNECTING: 'connecting',
  ONLINE: 'online',
  RECONNECTING: 'reconnecting',
});

const HANDSHAKE_TIMEOUT_MS = 10_000;
const REQUEST_TIMEOUT_MS = 15_000;
// The outbox stays well under the server's frame rate limit, and a frame
// refused with `rate_limited` goes out again later, a few times at most.
const OUTBOX_BURST = 10;
const OUTBOX_PER_SECOND = 8;
const RATE_LIMIT_RETRIES = 5;
const BATCH_PROTOCOL = 'relay.batch';

/** Exponential backoff with "equal jitter": half the ceiling fixed, half random. */
export function backoffDelay(attempt, { base = 500, cap = 30_000, random = Math.random } = {}) {
  const ceiling = Math.min(cap, base * 2 ** attempt);
  return ceiling / 2 + (random() * ceiling) / 2;
}

/**
 * Events: `state`, `frame` (news from the server: every frame that is not the
 * reply to a request or a posted frame), `log` ({dir, text}), `outbox`, `close`.
 *
 * Two ways to send with a `ref`:
 * - request(frame): now or never, for queries; rejects when offline or dropped.
 * - post(frame): through the outbox; kept across reconnects until a reply
 *   with its ref arrives, sent in order and paced. After each (re)connect the
 *   outbox waits for resume(), so the caller can re-join rooms and catch up first.
 */
export class Connection extends EventTarget {
  #url = null;
  #socket = null;
  #state = State.OFFLINE;
  #wanted = false;
  #attempt = 0;
  #retryTimer = null;
  #retryAt = null;
  #epoch = 0;
  #paused = true;
  #outbox = new Map();
  #tokens = OUTBOX_BURST;
  #refilledAt = Date.now();
  #pumpTimer = null;
  #requests = new Map();
  #refPrefix = Math.random().toString(36).slice(2, 8);
  #refCount = 0;

  stats = { sent: 0, received: 0, reconnects: 0, openedAt: null };

  get state() { return this.#state; }
  /** Counts the sockets opened, so work started for one socket can tell it is stale. */
  get epoch() { return this.#epoch; }
  get retryAt() { return this.#retryAt; }
  get queued() { return this.#outbox.size; }

  start(url) {
    this.#url = url;
    this.#wanted = true;
    this.#attempt = 0;
    this.stats = { sent: 0, received: 0, reconnects: 0, openedAt: null };
    this.#open(State.CONNECTING);
  }

  stop() {
    this.#wanted = false;
    this.#paused = true;
    clearTimeout(this.#retryTimer);
    clearTimeout(this.#pumpTimer);
    this.#retryAt = null;
    const socket = this.#socket;
    this.#socket = null;
    socket?.close(1000, 'bye');
    this.#dropRequests('disconnected');
    for (const [ref, entry] of this.#outbox) {
      entry.resolve({ event: 'error', ref, code: 'disconnected', message: 'Disconnected before it was sent' });
    }
    this.#outbox.clear();
    this.stats.openedAt = null;
    this.#setState(State.OFFLINE);
  }

  /** Skip the rest of the backoff wait, e.g. when the browser comes back online. */
  retryNow() {
    if (this.#wanted && !this.#socket) {
      clearTimeout(this.#retryTimer);
      this.#open(State.RECONNECTING);
    }
  }

  /** The server accepted us (welcome): the next drop starts the backoff afresh. */
  established() {
    this.#attempt = 0;
  }

  nextRef() {
    return `${this.#refPrefix}-${++this.#refCount}`;
  }

  /** Fire and forget; false when there is no open socket. */
  send(frame) {
    const socket = this.#socket;
    if (!socket || socket.readyState !== WebSocket.OPEN) return false;
    const text = JSON.stringify(frame);
    socket.send(text);
    this.stats.sent++;
    this.#emit('log', { dir: 'out', text });
    return true;
  }

  request(frame, { timeout = REQUEST_TIMEOUT_MS } = {}) {
    const ref = frame.ref ?? this.nextRef();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#requests.delete(ref);
        reject(new Error('timeout'));
      }, timeout);
      this.#requests.set(ref, { resolve, reject, timer });
      if (!this.send({ ...frame, ref })) {
        clearTimeout(timer);
        this.#requests.delete(ref);
        reject(new Error('offline'));
      }
    });
  }

  /** Returns the ref and a promise of the reply (ack, echo, error, ...). */
  post(frame) {
    const ref = frame.ref ?? this.nextRef();
    const reply = new Promise((resolve) => {
      this.#outbox.set(ref, { frame: { ...frame, ref }, attempts: 0, sentOn: 0, due: 0, retries: 0, resolve });
    });
    this.#pump();
    this.#emit('outbox');
    return { ref, reply };
  }

  /** How many times a posted frame went out; 0 while it only waited in the outbox. */
  attempts(ref) {
    return this.#outbox.get(ref)?.attempts ?? 0;
  }

  /** Settles a posted frame as if its reply had come, e.g. when history shows it arrived. */
  settle(ref, reply) {
    const entry = this.#outbox.get(ref);
    if (!entry) return;
    this.#outbox.delete(ref);
    entry.resolve(reply);
    this.#emit('outbox');
  }

  /** Starts sending the outbox on the socket of the given epoch. */
  resume(epoch) {
    if (epoch !== this.#epoch || !this.#socket) return;
    this.#paused = false;
    this.#pump();
  }

  /** Sends, in order, what this socket has not carried yet, within the token budget. */
  #pump() {
    clearTimeout(this.#pumpTimer);
    this.#pumpTimer = null;
    if (this.#paused) return;
    const now = Date.now();
    this.#tokens = Math.min(OUTBOX_BURST, this.#tokens + ((now - this.#refilledAt) * OUTBOX_PER_SECOND) / 1000);
    this.#refilledAt = now;
    for (const entry of this.#outbox.values()) {
      if (entry.sentOn === this.#epoch) continue;
      const refill = this.#tokens >= 1 ? 0 : ((1 - this.#tokens) * 1000) / OUTBOX_PER_SECOND;
      const wait = Math.max(entry.due - now, refill);
      if (wait > 0) {
        this.#pumpTimer = setTimeout(() => this.#pump(), wait);
        return;
      }
      if (!this.send(entry.frame)) return;
      this.#tokens -= 1;
      entry.attempts++;
      entry.sentOn = this.#epoch;
    }
  }

  /** Puts a frame the server refused for speed back in line, later; false when it tried enough. */
  #retryLater(entry) {
    if (entry.retries >= RATE_LIMIT_RETRIES) return false;
    entry.retries++;
    entry.sentOn = 0;
    entry.due = Date.now() + backoffDelay(entry.retries, { base: 1000, cap: 10_000 });
    this.#pump();
    return true;
  }

  #open(state) {
    this.#retryAt = null;
    this.#setState(state);
    this.#emit('log', { dir: 'sys', text: `Connecting to ${redact(this.#url)}` });
    let socket;
    try {
      // relay.batch: the server may join events waiting for us into one frame, one per line.
      socket = new WebSocket(this.#url, [BATCH_PROTOCOL]);
    } catch (error) {
      this.#emit('log', { dir: 'sys', text: `Cannot connect: ${error.message}` });
      this.#scheduleRetry();
      return;
    }
    this.#socket = socket;
    const handshake = setTimeout(() => {
      if (socket.readyState === WebSocket.CONNECTING) socket.close();
    }, HANDSHAKE_TIMEOUT_MS);

    socket.addEventListener('open', () => {
      if (socket !== this.#socket) return;
      clearTimeout(handshake);
      this.#epoch++;
      this.#paused = true;
      if (state === State.RECONNECTING) this.stats.reconnects++;
      this.stats.openedAt = Date.now();
      this.#setState(State.ONLINE);
    });
    socket.addEventListener('message', (event) => {
      if (socket !== this.#socket) return;
      // JSON text never holds a raw newline, so every line is one whole event.
      for (const text of String(event.data).split('\n')) this.#receive(text);
    });
    socket.addEventListener('close', (event) => {
      clearTimeout(handshake);
      if (socket !== this.#socket) return;
      this.#socket = null;
      this.#paused = true;
      this.stats.openedAt = null;
      this.#dropRequests('connection closed');
      const reason = event.reason ? `, ${event.reason}` : '';
      this.#emit('log', { dir: 'sys', text: `Closed (${event.code}${reason})` });
      this.#emit('close', { code: event.code, reason: event.reason });
      if (this.#wanted) this.#scheduleRetry();
      else this.#setState(State.OFFLINE);
    });
  }

  #scheduleRetry() {
    const delay = backoffDelay(this.#attempt++);
    this.#retryAt = Date.now() + delay;
    this.#emit('log', { dir: 'sys', text: `Reconnecting in ${(delay / 1000).toFixed(1)} s` });
    this.#retryTimer = setTimeout(() => this.#open(State.RECONNECTING), delay);
    this.#setState(State.RECONNECTING);
  }

  #receive(text) {
    this.stats.received++;
    this.#emit('log', { dir: 'in', text });
    let frame;
    try {
      frame = JSON.parse(text);
    } catch {
      return;
    }
    if (frame === null || typeof frame !== 'object') return;

    let answered = false;
    if (typeof frame.ref === 'string') {
      const request = this.#requests.get(frame.ref);
      if (request) {
        clearTimeout(request.timer);
        this.#requests.delete(frame.ref);
        request.resolve(frame);
        answered = true;
      } else if (this.#outbox.has(frame.ref)) {
        const entry = this.#outbox.get(frame.ref);
        if (!(frame.event === 'error' && frame.code === 'rate_limited' && this.#retryLater(entry))) {
          this.settle(frame.ref, frame);
        }
        answered = true;
      }
    }
    if (!answered || !REPLY_EVENTS.has(frame.event)) this.#emit('frame', frame);
  }

  #dropRequests(why) {
    for (const { reject, timer } of this.#requests.values()) {
      clearTimeout(timer);
      reject(new Error(why));
    }
    this.#requests.clear();
  }

  #setState(state) {
    this.#state = state;
    this.#emit('state', { state });
  }

  #emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }
}

/** The token and the browser's key stay out of the log. */
function redact(url) {
  const parsed = new URL(url);
  for (const secret of ['token', 'key']) {
    if (parsed.searchParams.has(secret)) parsed.searchParams.set(secret, '…');
  }
  return parsed.href;
}
