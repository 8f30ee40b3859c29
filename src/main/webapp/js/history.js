// Stored messages: the newest page when a conversation opens, older pages on
// scroll (`before`), and what was missed while away (`after`). A server that
// answers `error` leaves the conversation as it is.

import { Frames, historyTarget } from './protocol.js';

const PAGE_SIZE = 50;

export class HistoryLoader {
  #connection;
  #client;

  constructor(connection, client) {
    this.#connection = connection;
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

  /** Fetches everything after the last id seen, page by page; counts what is new as unread. */
  async catchUp(conversation) {
    for (;;) {
      const after = conversation.lastId;
      const reply = await this.#ask(conversation, after == null ? { limit: PAGE_SIZE } : { after, limit: PAGE_SIZE });
      if (!reply) return;
      conversation.loaded = true;
      const added = this.merge(conversation, reply.messages);
      if (conversation !== this.#client.state.current) {
        conversation.unread += added.filter((m) => !m.mine).length;
      }
      if (reply.has_more !== true || added.length === 0 || after == null) return;
    }
  }

  /**
   * Adds stored messages not seen yet. An own message that went out before a
   * drop and shows up here was delivered: it is confirmed instead of resent.
   */
  merge(conversation, frames) {
    const added = [];
    if (!Array.isArray(frames)) return added;
    const state = this.#client.state;
    for (const frame of frames) {
      if (frame?.id == null || conversation.ids.has(frame.id)) continue;
      const message = state.messageOf(frame);
      if (message.mine) {
        const sent = conversation.unconfirmedWith(message.text).find((m) => this.#connection.attempts(m.ref) > 0);
        if (sent) {
          conversation.confirm(sent, frame.id, frame.timestamp);
          this.#connection.settle(sent.ref, { event: 'ack', ref: sent.ref, id: frame.id, timestamp: frame.timestamp });
          continue;
        }
      }
      if (conversation.add(message)) added.push(message);
    }
    this.#client.changed();
    return added;
  }

  async #ask(conversation, options) {
    try {
      const reply = await this.#connection.request(
        Frames.history(historyTarget(conversation.kind, conversation.name), options));
      return reply.event === 'history' ? reply : null;
    } catch {
      return null;
    } finally {
      this.#client.changed();
    }
  }
}
