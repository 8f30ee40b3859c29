// The chat itself: turns server events into state and user actions into
// commands of the client library, which keeps the connection, the outbox and
// the resume after a drop. No DOM here; views listen for `change`, `notice`,
// `echo` and `broadcast`.

import { ChatState, chatMessage } from './chat-state.js';
import { HistoryLoader } from './history.js';
import { USER_NAME_LENGTH, isRoomName, isUserName } from './protocol.js';
import { State, profileOf } from './relay-client.js';
import { TypingSender, TypingTracker } from './typing.js';

const READ_DELAY_MS = 1000;
/** Errors that refuse a connection for good, as opposed to "try again later". */
const REFUSALS = new Set(['forbidden', 'bad_field']);

export class ChatClient extends EventTarget {
  #pendingSwitch = null;
  #readTimer = null;
  #changeQueued = false;

  /** @param {import('./relay-client.js').RelayClient} relay */
  constructor(relay) {
    super();
    this.relay = relay;
    this.state = new ChatState();
    this.visible = true;
    this.history = new HistoryLoader(relay, this);
    this.typing = new TypingTracker(() => this.changed());
    this.typingSender = new TypingSender((room, typing) => relay.typing(room, typing).catch(() => {}));
    this.#listen();
    relay.on('state', ({ state }) => {
      if (state !== State.ONLINE) this.typing.clear();
      this.changed();
    });
    relay.on('resumed', () => this.changed());
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

  connect({ name, token, key }) {
    this.state = new ChatState();
    // A refusal shows as a `refused` event; the promise has nothing to add.
    this.relay.connect({ name: name || undefined, token: token || undefined, key }).catch(() => {});
    this.changed();
  }

  disconnect() {
    this.typingSender.stop();
    this.relay.close();
    this.state = new ChatState();
    this.typing.clear();
    this.changed();
  }

  // --- user actions ---------------------------------------------------------

  /** Returns a problem to show next to the input, or null. */
  joinRoom(name) {
    const maxLength = this.state.limits.max_room_name_length;
    if (!isRoomName(name, maxLength)) {
      const most = Number.isFinite(maxLength) ? ` (at most ${maxLength})` : '';
      return `Room names use letters, digits, “-”, “_” and “.”${most}.`;
    }
    const existing = this.state.find('room', name);
    if (existing) {
      this.select(existing);
      return null;
    }
    this.#pendingSwitch = name;
    this.#notifyFailure(this.relay.joinRoom(name, { queue: true }));
    return null;
  }

  leave(conversation) {
    if (conversation.isRoom) {
      this.typingSender.stop();
      this.#notifyFailure(this.relay.leaveRoom(conversation.name, { queue: true }));
      return;
    }
    this.state.close(conversation);
    this.select(this.state.current);
  }

  openDirect(user) {
    if (!isUserName(user)) return `User names have 1 to ${USER_NAME_LENGTH} characters.`;
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

  /**
   * Sends to the current conversation; the message shows at once as pending. `attachments` are
   * uploaded files ({id, name, size, type}); with them the text may be empty.
   */
  send(text, conversation = this.state.current, attachments = []) {
    if (!conversation || (!text.trim() && attachments.length === 0)) return;
    const maxChars = this.state.limits.max_message_chars;
    if (text.length > maxChars) {
      this.#notice('too_large', `Messages are limited to ${maxChars} characters.`);
      return;
    }
    if (conversation.isRoom) this.typingSender.stop();
    const ref = this.relay.nextRef();
    const message = chatMessage({ ref, user: this.state.user, from: this.state.clientId, text, attachments, mine: true, status: 'pending' });
    conversation.add(message);
    // Queued: written while offline, it goes out after the resume. It waits for its ack as long
    // as it takes, since a late ack still means it was stored.
    const options = { queue: true, ref, timeout: Infinity, attachments: attachments.map((a) => a.id) };
    const sent = conversation.isRoom
      ? this.relay.sendRoomMessage(conversation.name, text, options)
      : this.relay.sendDirectMessage(conversation.name, text, options);
    sent.then(
      (ack) => conversation.confirm(message, ack.id ?? null, ack.timestamp),
      (error) => {
        message.status = 'failed';
        message.error = error.message;
      }).finally(() => this.changed());
    this.changed();
  }

  retry(message, conversation = this.state.current) {
    conversation.remove(message);
    this.send(message.text, conversation, message.attachments);
  }

  /** A short-lived address of an attachment, asked for at each use. */
  downloadUrl(fileId) {
    return this.relay.requestDownload(fileId).then((download) => download.url);
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
    return this.relay.echo(text, { queue: true });
  }

  broadcast(text) {
    return this.relay.broadcast(text, { queue: true });
  }

  setVisible(visible) {
    this.visible = visible;
    this.#scheduleRead();
  }

  // --- server events ----------------------------------------------------------

  #listen() {
    const handlers = {
      welcome: (frame) => this.#welcome(frame),
      user_joined: (frame) => this.#userJoined(frame),
      user_left: (frame) => this.#userLeft(frame),
      room_message: (frame) => this.#message(frame),
      direct_message: (frame) => this.#message(frame),
      typing: (frame) => {
        if (frame.from !== this.state.clientId) this.typing.update(frame.room, frame.from, frame.user, frame.typing === true);
      },
      read: (frame) => this.#read(frame),
      presence: (frame) => this.#presence(frame),
      profile: (frame) => this.state.setProfile(profileOf(frame)),
      // Unasked: the recent messages the server sends after a join.
      history: (frame) => {
        const conversation = frame.room != null ? this.state.find('room', frame.room) : this.state.find('dm', frame.with);
        if (conversation) this.history.merge(conversation, frame.messages);
      },
      echo: (frame) => this.dispatchEvent(new CustomEvent('echo', { detail: frame })),
      broadcast: (frame) => this.dispatchEvent(new CustomEvent('broadcast', { detail: frame })),
      error: (frame) => this.#error(frame),
    };
    for (const [type, handle] of Object.entries(handlers)) {
      this.relay.on(type, (frame) => {
        handle(frame);
        this.changed();
      });
    }
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

  #welcome(frame) {
    const state = this.state;
    const returning = state.welcomed;
    state.user = frame.user;
    state.clientId = frame.client_id;
    state.welcomed = true;
    if (frame.limits) state.limits = frame.limits;
    state.setProfile(frame.profile);
    const serverRooms = new Set(Array.isArray(frame.rooms) ? frame.rooms : []);
    for (const conversation of state.rooms) conversation.members.clear();

    if (!returning) {
      for (const room of serverRooms) state.open('room', room);
      this.select(state.current ?? state.rooms[0] ?? null);
      for (const conversation of state.rooms) this.history.loadNewest(conversation);
      return;
    }
    // Back after a drop: the library re-joins the other rooms (each confirmed by a user_joined)
    // and delivers what was missed.
    for (const conversation of state.rooms) {
      if (serverRooms.has(conversation.name)) this.#requestPresence(conversation);
    }
  }

  #userJoined(frame) {
    const state = this.state;
    state.setProfile(frame.profile);
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
    for (const member of frame.members) this.state.setProfile(member.profile);
  }

  #requestPresence(conversation) {
    this.relay.presence(conversation.name)
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
      if (last == null || last <= conversation.readSent || this.relay.state !== State.ONLINE) return;
      const previous = conversation.readSent;
      conversation.readSent = last;
      this.relay.markRead(conversation.name, last).catch(() => {
        if (conversation.readSent === last) conversation.readSent = previous;
      });
    }, READ_DELAY_MS);
  }

  #notifyFailure(request) {
    request.catch((error) => {
      if (error.code !== 'closed') this.#notice(error.code, error.message);
    });
  }

  #notice(code, message) {
    this.dispatchEvent(new CustomEvent('notice', { detail: { code, message } }));
  }
}
