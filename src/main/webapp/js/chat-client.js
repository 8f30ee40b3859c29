// The chat itself: turns server events into state and user actions into
// frames. No DOM here; views listen for `change`, `notice`, `echo` and
// `broadcast`.

import { ChatState, chatMessage } from './chat-state.js';
import { State } from './connection.js';
import { HistoryLoader } from './history.js';
import { Frames, MESSAGE_LIMIT, isRoomName, isUserName, socketUrl } from './protocol.js';
import { TypingSender, TypingTracker } from './typing.js';

const CATCH_UP_WAIT_MS = 5000;
const READ_DELAY_MS = 1000;
/** Errors that refuse a connection for good, as opposed to "try again later". */
const REFUSALS = new Set(['forbidden', 'bad_field']);

export class ChatClient extends EventTarget {
  #pendingSwitch = null;
  #readTimer = null;
  #changeQueued = false;

  constructor(connection) {
    super();
    this.connection = connection;
    this.state = new ChatState();
    this.visible = true;
    this.history = new HistoryLoader(connection, this);
    this.typing = new TypingTracker(() => this.changed());
    this.typingSender = new TypingSender((room, typing) => connection.send(Frames.typing(room, typing)));
    connection.addEventListener('frame', (event) => this.#onFrame(event.detail));
    connection.addEventListener('state', (event) => {
      if (event.detail.state !== State.ONLINE) this.typing.clear();
      this.changed();
    });
  }

  /** Coalesces change notifications into one per task. */
  changed() {
    if (this.#changeQueued) return;
    this.#changeQueued = true;
    queueMicrotask(() => {
      this.#changeQueued = false;
      this.dispatchEvent(new Event('change'));
    });
  }

  connect(pageHref, { name, token, key }) {
    this.state = new ChatState();
    this.connection.start(socketUrl(pageHref, { name, token, key }));
    this.changed();
  }

  disconnect() {
    this.typingSender.stop();
    this.connection.stop();
    this.state = new ChatState();
    this.typing.clear();
    this.changed();
  }

  // --- user actions ---------------------------------------------------------

  /** Returns a problem to show next to the input, or null. */
  joinRoom(name) {
    if (!isRoomName(name)) return 'Room names use letters, digits, “-”, “_” and “.” (at most 64).';
    const existing = this.state.find('room', name);
    if (existing) {
      this.select(existing);
      return null;
    }
    this.#pendingSwitch = name;
    this.#post(Frames.joinRoom(name));
    return null;
  }

  leave(conversation) {
    if (conversation.isRoom) {
      this.typingSender.stop();
      this.#post(Frames.leaveRoom(conversation.name));
      return;
    }
    this.state.close(conversation);
    this.select(this.state.current);
  }

  openDirect(user) {
    if (!isUserName(user)) return 'User names have 1 to 32 characters.';
    this.select(this.state.open('dm', user));
    return null;
  }

  select(conversation) {
    this.typingSender.stop();
    this.state.select(conversation);
    if (conversation) {
      if (conversation.isRoom) this.#requestPresence(conversation);
      this.history.loadNewest(conversation);
      this.#scheduleRead();
    }
    this.changed();
  }

  /** Sends to the current conversation; the message shows at once as pending. */
  send(text, conversation = this.state.current) {
    if (!conversation || !text.trim()) return;
    if (text.length > MESSAGE_LIMIT) {
      this.#notice('too_large', `Messages are limited to ${MESSAGE_LIMIT} characters.`);
      return;
    }
    if (conversation.isRoom) this.typingSender.stop();
    const ref = this.connection.nextRef();
    const message = chatMessage({ ref, user: this.state.user, from: this.state.clientId, text, mine: true, status: 'pending' });
    conversation.add(message);
    const frame = conversation.isRoom
      ? Frames.roomMessage(conversation.name, text)
      : Frames.directMessage(conversation.name, text);
    this.connection.post({ ...frame, ref }).reply.then((reply) => {
      if (reply.event === 'error') {
        message.status = 'failed';
        message.error = reply.message || reply.code;
      } else {
        conversation.confirm(message, reply.id ?? null, reply.timestamp);
      }
      this.changed();
    });
    this.changed();
  }

  retry(message, conversation = this.state.current) {
    conversation.remove(message);
    this.send(message.text, conversation);
  }

  typed() {
    const conversation = this.state.current;
    if (conversation?.isRoom) this.typingSender.input(conversation.name);
  }

  loadOlder() {
    const conversation = this.state.current;
    if (conversation) this.history.loadOlder(conversation);
  }

  echo(text) {
    return this.connection.post(Frames.message(text));
  }

  broadcast(text) {
    return this.connection.post(Frames.broadcast(text));
  }

  setVisible(visible) {
    this.visible = visible;
    this.#scheduleRead();
  }

  // --- server events ----------------------------------------------------------

  #onFrame(frame) {
    switch (frame.event) {
      case 'welcome': this.#welcome(frame); break;
      case 'user_joined': this.#userJoined(frame); break;
      case 'user_left': this.#userLeft(frame); break;
      case 'room_message':
      case 'direct_message': this.#message(frame); break;
      case 'typing':
        if (frame.from !== this.state.clientId) this.typing.update(frame.room, frame.from, frame.user, frame.typing === true);
        break;
      case 'read': this.#read(frame); break;
      case 'presence': this.#presence(frame); break;
      case 'history': {
        const conversation = frame.room != null ? this.state.find('room', frame.room) : this.state.find('dm', frame.with);
        if (conversation) this.history.merge(conversation, frame.messages);
        break;
      }
      case 'echo': this.dispatchEvent(new CustomEvent('echo', { detail: frame })); break;
      case 'broadcast': this.dispatchEvent(new CustomEvent('broadcast', { detail: frame })); break;
      case 'error': this.#error(frame); break;
      default: break;
    }
    this.changed();
  }

  #error(frame) {
    // Refused before the welcome for who we are (the name is kept for another
    // browser, or unusable): trying again would only be refused again.
    if (!this.state.welcomed && frame.ref == null && REFUSALS.has(frame.code)) {
      this.disconnect();
      this.dispatchEvent(new CustomEvent('refused', { detail: frame }));
      return;
    }
    this.#notice(frame.code, frame.message);
  }

  async #welcome(frame) {
    const { connection } = this;
    const state = this.state;
    const epoch = connection.epoch;
    const returning = state.welcomed;
    connection.established();
    state.user = frame.user;
    state.clientId = frame.client_id;
    state.welcomed = true;
    const serverRooms = new Set(Array.isArray(frame.rooms) ? frame.rooms : []);
    for (const conversation of state.rooms) conversation.members.clear();

    if (!returning) {
      for (const room of serverRooms) state.open('room', room);
      this.select(state.current ?? state.rooms[0] ?? null);
      for (const conversation of state.rooms) this.history.loadNewest(conversation);
      connection.resume(epoch);
      return;
    }

    // Back after a drop: the same rooms as before, then what was missed, then the outbox.
    for (const conversation of state.rooms) {
      if (serverRooms.has(conversation.name)) this.#requestPresence(conversation);
      else connection.send(Frames.joinRoom(conversation.name));
    }
    for (const room of serverRooms) {
      if (!state.find('room', room)) connection.send(Frames.leaveRoom(room));
    }
    const caughtUp = Promise.allSettled([...state.conversations.values()].map((c) => this.history.catchUp(c)));
    await Promise.race([caughtUp, new Promise((resolve) => setTimeout(resolve, CATCH_UP_WAIT_MS))]);
    connection.resume(epoch);
    this.changed();
  }

  #userJoined(frame) {
    const state = this.state;
    if (frame.client_id !== state.clientId) {
      state.find('room', frame.room)?.members.set(frame.client_id, frame.user);
      return;
    }
    const conversation = state.open('room', frame.room);
    conversation.members.set(frame.client_id, frame.user);
    this.#requestPresence(conversation);
    if (this.#pendingSwitch === frame.room || !state.current) {
      this.#pendingSwitch = null;
      this.select(conversation);
    }
  }

  #userLeft(frame) {
    const conversation = this.state.find('room', frame.room);
    if (!conversation) return;
    if (frame.client_id === this.state.clientId) {
      const wasCurrent = conversation === this.state.current;
      this.state.close(conversation);
      if (wasCurrent) this.select(this.state.current);
      return;
    }
    conversation.members.delete(frame.client_id);
    this.typing.update(frame.room, frame.client_id, frame.user, false);
  }

  #message(frame) {
    const state = this.state;
    const conversation = state.conversationOf(frame);
    const message = state.messageOf(frame);
    if (frame.event === 'room_message') this.typing.update(frame.room, frame.from, frame.user, false);
    if (!conversation.add(message)) return;
    if (conversation !== state.current && !message.mine) conversation.unread++;
    if (conversation === state.current) this.#scheduleRead();
  }

  #read(frame) {
    const conversation = this.state.find('room', frame.room);
    if (!conversation || typeof frame.id !== 'number') return;
    const known = conversation.readers.get(frame.user) ?? 0;
    conversation.readers.set(frame.user, Math.max(known, frame.id));
    if (frame.user === this.state.user && conversation !== this.state.current) {
      // Read on another device.
      conversation.unread = conversation.messages.filter((m) => !m.mine && m.id > frame.id).length;
    }
  }

  #presence(frame) {
    const conversation = this.state.find('room', frame.room);
    if (!conversation || !Array.isArray(frame.members)) return;
    conversation.members = new Map(frame.members.map((m) => [m.client_id, m.user]));
  }

  #requestPresence(conversation) {
    this.connection.request(Frames.presence(conversation.name))
      .then((reply) => this.#presence(reply))
      .catch(() => {})
      .finally(() => this.changed());
  }

  #scheduleRead() {
    clearTimeout(this.#readTimer);
    this.#readTimer = setTimeout(() => {
      const conversation = this.state.current;
      if (!this.visible || !conversation?.isRoom) return;
      const last = conversation.lastId;
      if (last != null && last > conversation.readSent && this.connection.send(Frames.read(conversation.name, last))) {
        conversation.readSent = last;
      }
    }, READ_DELAY_MS);
  }

  #post(frame) {
    this.connection.post(frame).reply.then((reply) => {
      if (reply.event === 'error') this.#notice(reply.code, reply.message);
    });
  }

  #notice(code, message) {
    this.dispatchEvent(new CustomEvent('notice', { detail: { code, message } }));
  }
}
