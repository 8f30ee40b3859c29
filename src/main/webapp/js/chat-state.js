// What the client knows: its identity, its conversations (rooms and direct
// messages) and their messages, members and read positions.

export class Conversation {
  constructor(kind, name) {
    this.kind = kind;
    this.name = name;
    this.key = Conversation.key(kind, name);
    /** Oldest first: stored messages by id, then the own ones still without an id. */
    this.messages = [];
    this.unread = 0;
    /** client_id -> user */
    this.members = new Map();
    /** user -> highest id that user has read */
    this.readers = new Map();
    this.loaded = false;
    this.loading = false;
    this.hasMore = true;
    this.loadingOlder = false;
    this.readSent = 0;
    this.draft = '';
    this.ids = new Set();
  }

  static key(kind, name) {
    return (kind === 'room' ? '#' : '@') + name;
  }

  get isRoom() {
    return this.kind === 'room';
  }

  get lastId() {
    for (let i = this.messages.length - 1; i >= 0; i--) {
      if (this.messages[i].id != null) return this.messages[i].id;
    }
    return null;
  }

  get oldestId() {
    return this.messages.find((m) => m.id != null)?.id ?? null;
  }

  /** Adds a message unless its id is already here; true when added. */
  add(message) {
    if (message.id != null) {
      if (this.ids.has(message.id)) {
        // Seen again (history after a reconnect): it may have been edited or deleted meanwhile.
        if (message.deleted) this.deleteMessage(message.id);
        else if (message.editedAt) this.editMessage(message.id, message.text, message.editedAt);
        return false;
      }
      this.ids.add(message.id);
    }
    this.messages.push(message);
    this.#sort();
    return true;
  }

  /** An own message got its id from the server (ack, or found in history). */
  confirm(message, id, timestamp) {
    message.status = 'confirmed';
    message.error = null;
    if (id == null || message.id === id) return;
    if (this.ids.has(id)) {
      // The stored copy arrived first: keep one.
      this.remove(message);
      return;
    }
    message.id = id;
    if (timestamp) message.timestamp = timestamp;
    this.ids.add(id);
    this.#sort();
  }

  byId(id) {
    return this.ids.has(id) ? this.messages.find((m) => m.id === id) ?? null : null;
  }

  /**
   * Its author gave a message a new text. A deleted message stays deleted, and
   * of two edits the later one wins, whichever arrives first.
   */
  editMessage(id, text, editedAt) {
    const message = this.byId(id);
    if (!message || message.deleted || (message.editedAt && message.editedAt >= editedAt)) return false;
    message.text = text;
    message.editedAt = editedAt;
    return true;
  }

  /** Its author deleted a message: it stays in place, without its text and files. */
  deleteMessage(id) {
    const message = this.byId(id);
    if (!message || message.deleted) return false;
    message.deleted = true;
    message.text = '';
    message.attachments = [];
    return true;
  }

  remove(message) {
    if (message.id != null) this.ids.delete(message.id);
    this.messages = this.messages.filter((m) => m !== message);
  }

  /** Own messages sent but not yet acknowledged, with the same text. */
  unconfirmedWith(text) {
    return this.messages.filter((m) => m.mine && m.id == null && m.status === 'pending' && m.text === text);
  }

  /** Unique member names, sorted, with the given user first. */
  memberNames(me) {
    const names = [...new Set(this.members.values())].sort((a, b) => a.localeCompare(b));
    return names.includes(me) ? [me, ...names.filter((n) => n !== me)] : names;
  }

  #sort() {
    this.messages.sort((a, b) => {
      if (a.id != null && b.id != null) return a.id - b.id;
      if (a.id != null) return -1;
      if (b.id != null) return 1;
      return a.seq - b.seq;
    });
  }
}

let sequence = 0;

/** A chat message as the views show it. */
export function chatMessage({
  id = null, ref = null, user, from = null, text, attachments = [], timestamp, mine, status = 'confirmed', editedAt = null,
  deleted = false,
}) {
  return {
    uid: ref != null ? `r:${ref}` : `i:${id}`,
    seq: ++sequence,
    id,
    ref,
    user,
    from,
    text,
    attachments,
    timestamp: timestamp ?? new Date().toISOString(),
    mine,
    status,
    error: null,
    editedAt,
    deleted,
  };
}

const NO_LIMITS = Object.freeze({ max_message_chars: Infinity, max_room_name_length: Infinity });

export class ChatState {
  constructor() {
    this.user = null;
    this.clientId = null;
    this.welcomed = false;
    // The server's limits, from its welcome; none is checked here before it arrives.
    this.limits = NO_LIMITS;
    this.conversations = new Map();
    this.currentKey = null;
    /** user -> profile, as the welcome, presence lists, joins and profile events told it */
    this.profiles = new Map();
  }

  /** Keeps the latest profile of its user; frames without one (older servers) change nothing. */
  setProfile(profile) {
    if (profile && typeof profile.user === 'string') this.profiles.set(profile.user, profile);
  }

  get current() {
    return this.conversations.get(this.currentKey) ?? null;
  }

  get rooms() {
    return this.#ofKind('room');
  }

  get directs() {
    return this.#ofKind('dm');
  }

  get totalUnread() {
    let total = 0;
    for (const c of this.conversations.values()) total += c.unread;
    return total;
  }

  find(kind, name) {
    return this.conversations.get(Conversation.key(kind, name)) ?? null;
  }

  open(kind, name) {
    let conversation = this.find(kind, name);
    if (!conversation) {
      conversation = new Conversation(kind, name);
      this.conversations.set(conversation.key, conversation);
    }
    return conversation;
  }

  close(conversation) {
    this.conversations.delete(conversation.key);
    if (this.currentKey === conversation.key) {
      this.currentKey = (this.rooms[0] ?? this.directs[0])?.key ?? null;
    }
  }

  select(conversation) {
    this.currentKey = conversation?.key ?? null;
    if (conversation) conversation.unread = 0;
  }

  /** The conversation a room_message or direct_message belongs to, opened if new. */
  conversationOf(frame) {
    if (frame.event === 'room_message') return this.open('room', frame.room);
    const other = frame.from === this.clientId || frame.user === this.user ? frame.to : frame.user;
    return this.open('dm', other);
  }

  messageOf(frame) {
    const deleted = frame.deleted === true;
    return chatMessage({
      id: frame.id,
      user: frame.user,
      from: frame.from,
      text: deleted ? '' : frame.message,
      attachments: !deleted && Array.isArray(frame.attachments) ? frame.attachments : [],
      timestamp: frame.timestamp,
      mine: frame.from === this.clientId || frame.user === this.user,
      editedAt: frame.edited_at ?? null,
      deleted,
    });
  }

  /**
   * Applies a message_edited or message_deleted to the conversation that holds
   * the message, if it is open here; true when something changed.
   */
  applyChange(frame) {
    const other = frame.user === this.user ? frame.to : frame.user;
    const conversation = frame.room != null ? this.find('room', frame.room) : this.find('dm', other);
    if (!conversation || typeof frame.id !== 'number') return false;
    return frame.event === 'message_deleted'
      ? conversation.deleteMessage(frame.id)
      : conversation.editMessage(frame.id, frame.message, frame.edited_at);
  }

  #ofKind(kind) {
    return [...this.conversations.values()]
      .filter((c) => c.kind === kind)
      .sort((a, b) => a.name.localeCompare(b.name));
  }
}
