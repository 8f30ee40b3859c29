// Stored messages: the newest page when a conversation opens and older pages
// on scroll (`before`). What was missed while away comes from the client
// library's resume, as live events. A server that answers `error` leaves the
// conversation as it is.

const PAGE_SIZE = 50;

export class HistoryLoader {
  #relay;
  #client;

  constructor(relay, client) {
    this.#relay = relay;
    this.#client = client;
  }

  async loadNewest(conversation) {
    if (conversation.loaded || conversation.loading) return;
    conversation.loading = true;
    const reply = await this.#ask(conversation, { limit: PAGE_SIZE });
    conversation.loading = false;
    conversation.loaded = true;
    conversation.hasMore = reply ? reply.has_more === true : false;
    if (reply) this.merge(conversation, reply.messages);
  }

  async loadOlder(conversation) {
    const before = conversation.oldestId;
    if (!conversation.hasMore || conversation.loadingOlder || before == null) return;
    conversation.loadingOlder = true;
    const reply = await this.#ask(conversation, { before, limit: PAGE_SIZE });
    conversation.loadingOlder = false;
    conversation.hasMore = reply ? reply.has_more === true : false;
    if (reply) this.merge(conversation, reply.messages);
  }

  /** Adds stored messages not seen yet; returns those added. */
  merge(conversation, frames) {
    const added = [];
    if (!Array.isArray(frames)) return added;
    const state = this.#client.state;
    for (const frame of frames) {
      if (frame?.id == null || conversation.ids.has(frame.id)) continue;
      const message = state.messageOf(frame);
      if (conversation.add(message)) added.push(message);
    }
    this.#client.changed();
    return added;
  }

  async #ask(conversation, options) {
    const target = conversation.isRoom ? { room: conversation.name } : { with: conversation.name };
    try {
      return await this.#relay.history({ ...target, ...options });
    } catch {
      return null;
    } finally {
      this.#client.changed();
    }
  }
}
