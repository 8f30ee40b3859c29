package org.relaychat.history;

import java.util.List;
import java.util.concurrent.CompletionStage;

/** Where room and direct messages are kept, paged and marked read. */
public interface MessageHistory {

    /**
     * Stores a message. The stage completes with the stored message, id and timestamp assigned,
     * once it is durable; stages complete in id order within a conversation.
     */
    CompletionStage<StoredMessage> store(Draft draft);

    /**
     * With neither bound the newest {@code limit}; with {@code before} the newest older than it;
     * with {@code after} the oldest newer than it. Oldest first either way.
     */
    Page page(String conversation, Long before, Long after, int limit);

    /**
     * Makes an author's change to a stored message (a new text, or its deletion) once durable, or
     * says why it may not be made.
     */
    MessageChange.Result change(MessageChange change);

    /** The highest id stored so far; zero when there is none. */
    long newestId();

    /** Keeps the highest id a user has read in a room. */
    void markRead(String room, String user, long id);

    /** One page and whether more exist beyond it in the direction asked. */
    record Page(List<StoredMessage> messages, boolean hasMore) {
    }
}
