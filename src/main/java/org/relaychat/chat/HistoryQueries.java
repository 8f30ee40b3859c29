package org.relaychat.chat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.relaychat.config.Limits;
import org.relaychat.connection.Connection;
import org.relaychat.delivery.Dispatcher;
import org.relaychat.delivery.Envelope;
import org.relaychat.delivery.MessageEvents;
import org.relaychat.history.Conversation;
import org.relaychat.history.MessageChange;
import org.relaychat.history.MessageHistory;
import org.relaychat.protocol.ClientCommand.DeleteMessage;
import org.relaychat.protocol.ClientCommand.EditMessage;
import org.relaychat.protocol.ClientCommand.MarkRead;
import org.relaychat.protocol.ClientCommand.RequestHistory;
import org.relaychat.protocol.ErrorCode;
import org.relaychat.protocol.ServerEvent;
import org.relaychat.protocol.ServerEventEncoder;

/**
 * The commands that wait on the database: {@code history}, {@code read}, the history sent on a
 * join, and authors' edits and deletions of their messages. They run on the database reads'
 * threads and answer when the database does; when those are all taken, or the database fails, the
 * client gets {@code unavailable} at once.
 */
final class HistoryQueries {

    private final MessageHistory history;
    private final DatabaseWork database;
    private final Dispatcher dispatcher;
    private final Replies replies;
    private final Limits limits;
    private final int historyOnJoin;

    HistoryQueries(MessageHistory history, Executor reads, Dispatcher dispatcher, Replies replies, Limits limits,
            int historyOnJoin) {
        this.history = history;
        this.database = new DatabaseWork(reads);
        this.dispatcher = dispatcher;
        this.replies = replies;
        this.limits = limits;
        this.historyOnJoin = historyOnJoin;
    }

    /** A page of a room the sender is in, or of the sender's conversation with another user. */
    void history(Connection sender, RequestHistory command) {
        String conversation = command.room() != null ? Conversation.room(command.room())
                : Conversation.direct(sender.user(), command.with());
        int limit = Math.min(command.limit() == null ? Limits.DEFAULT_HISTORY_LIMIT : command.limit(),
                limits.historyMaxLimit());
        read(sender, command.ref(), () -> history.page(conversation, command.before(), command.after(), limit),
                page -> replies.send(sender, new ServerEvent.HistoryPage(command.ref(), command.room(),
                        command.with(), MessageEvents.of(page.messages()), page.hasMore())));
    }

    /** Keeps the read marker, then tells the room. */
    void markRead(Connection sender, MarkRead command) {
        read(sender, command.ref(), () -> {
            history.markRead(command.room(), sender.user(), command.id());
            return command.id();
        }, id -> dispatcher.dispatch(Envelope.toRoom(command.room(), ServerEventEncoder.toJson(
                new ServerEvent.ReadMarked(command.room(), sender.user(), id))), sender,
                () -> replies.acknowledge(sender, command.ref())));
    }

    /** A new text for one of the sender's messages; the message's audience gets {@code message_edited}. */
    void edit(Connection sender, EditMessage command) {
        change(sender, command.ref(), MessageChange.edit(command.id(), sender.user(), command.message(), now(),
                limits.editWindow()));
    }

    /** Deletes one of the sender's messages; the message's audience gets {@code message_deleted}. */
    void delete(Connection sender, DeleteMessage command) {
        change(sender, command.ref(), MessageChange.deletion(command.id(), sender.user(), now(),
                limits.editWindow()));
    }

    private void change(Connection sender, String ref, MessageChange change) {
        read(sender, ref, () -> history.change(change), result -> {
            if (result.isChanged()) {
                dispatcher.dispatchChange(result.changed(), sender, () -> replies.acknowledge(sender, ref));
            } else {
                refuse(sender, ref, change, result.refusal());
            }
        });
    }

    private void refuse(Connection sender, String ref, MessageChange change, MessageChange.Refusal refusal) {
        String action = change.isDeletion() ? "delete" : "edit";
        switch (refusal) {
            case NOT_FOUND -> replies.reject(sender, ErrorCode.NOT_FOUND, "no message has id " + change.id(), ref);
            case NOT_AUTHOR -> replies.reject(sender, ErrorCode.NOT_AUTHOR,
                    "only the author of a message may " + action + " it", ref);
            case WINDOW_PASSED -> replies.reject(sender, ErrorCode.EDIT_WINDOW_PASSED, "a message may only be "
                    + (change.isDeletion() ? "deleted" : "edited") + " within " + limits.editWindow().toSeconds()
                    + " seconds of sending it", ref);
            case ALREADY_DELETED -> replies.reject(sender, ErrorCode.ALREADY_DELETED, "the message was deleted", ref);
        }
    }

    /** The protocol's timestamps have millisecond precision. */
    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    /**
     * After a join: the room's newest messages when the server sends any, then the join's ack.
     * The join stands even when they cannot be read; the client is told to ask with {@code history}.
     */
    void recentOnJoin(Connection sender, String room, String ref) {
        if (historyOnJoin <= 0) {
            replies.acknowledge(sender, ref);
            return;
        }
        Runnable unread = () -> {
            replies.reject(sender, ErrorCode.UNAVAILABLE, "joined '" + room
                    + "', but its recent messages could not be read; ask with history", null);
            replies.acknowledge(sender, ref);
        };
        database.run(() -> history.page(Conversation.room(room), null, null, historyOnJoin), page -> {
            replies.send(sender, new ServerEvent.HistoryPage(null, room, null, MessageEvents.of(page.messages()),
                    page.hasMore()));
            replies.acknowledge(sender, ref);
        }, unread);
    }

    private <T> void read(Connection sender, String ref, Supplier<T> query, Consumer<T> answer) {
        database.run(query, answer, () -> replies.reject(sender, ErrorCode.UNAVAILABLE,
                "the message store is busy or not answering; retry", ref));
    }
}
