package org.relaychat.chat;

import java.util.Optional;
import org.relaychat.connection.Connection;
import org.relaychat.history.StoredMessage;
import org.relaychat.metrics.ChatCounters;
import org.relaychat.protocol.ErrorCode;
import org.relaychat.protocol.ServerEvent;
import org.relaychat.protocol.ServerEventEncoder;
import org.relaychat.registry.ChatRegistry;
import org.relaychat.registry.Room;

/** What the server answers the one client that asked: events, acks and errors, counted. */
final class Replies {

    private final ChatRegistry registry;
    private volatile ChatCounters counters = new ChatCounters();

    Replies(ChatRegistry registry) {
        this.registry = registry;
    }

    void countInto(ChatCounters counters) {
        this.counters = counters;
    }

    ChatCounters counters() {
        return counters;
    }

    void send(Connection connection, ServerEvent event) {
        connection.send(ServerEventEncoder.toJson(event));
    }

    void acknowledge(Connection sender, String ref) {
        if (ref != null) {
            send(sender, ServerEvent.Ack.of(ref));
        }
    }

    void acknowledge(Connection sender, String ref, StoredMessage stored) {
        if (ref != null) {
            send(sender, new ServerEvent.Ack(ref, stored.id(), stored.at()));
        }
    }

    void reject(Connection sender, ErrorCode code, String message, String ref) {
        counters.errorSent(code);
        send(sender, new ServerEvent.Error(code, message, ref));
    }

    /** The room when the sender is a member of it; otherwise answers {@code not_member}. */
    Optional<Room> memberRoom(Connection sender, String name, String ref) {
        Optional<Room> room = registry.room(name).filter(candidate -> candidate.contains(sender));
        if (room.isEmpty()) {
            notMember(sender, name, ref);
        }
        return room;
    }

    void notMember(Connection sender, String room, String ref) {
        reject(sender, ErrorCode.NOT_MEMBER, "not a member of room '" + room + "'", ref);
    }
}
