package org.relaychat.cluster;

import java.util.Set;
import org.relaychat.protocol.ServerEvent.DirectMessageSent;
import org.relaychat.protocol.ServerEvent.RoomMessagePosted;

/**
 * An encoded event and whom it is for, as it travels between nodes. {@code messageId} is the
 * stored message's id, or zero for events that are not stored (joins, typing, broadcasts).
 */
public record Envelope(Audience audience, String room, Set<String> users, long messageId, String frame) {

    /** Who gets the frame on the receiving node. */
    public enum Audience {
        /** The members of {@code room}. */
        ROOM,
        /** Every connection of the {@code users}. */
        USERS,
        /** Every connection. */
        EVERYONE
    }

    public Envelope {
        users = Set.copyOf(users);
    }

    public static Envelope toRoom(String room, String frame) {
        return new Envelope(Audience.ROOM, room, Set.of(), 0, frame);
    }

    public static Envelope roomMessage(RoomMessagePosted message, String frame) {
        return new Envelope(Audience.ROOM, message.room(), Set.of(), message.id(), frame);
    }

    /** To the recipient's connections and the sender's other ones (one user, for a message to oneself). */
    public static Envelope directMessage(DirectMessageSent message, String frame) {
        Set<String> users = message.to().equals(message.user()) ? Set.of(message.to())
                : Set.of(message.to(), message.user());
        return new Envelope(Audience.USERS, null, users, message.id(), frame);
    }

    public static Envelope toEveryone(String frame) {
        return new Envelope(Audience.EVERYONE, null, Set.of(), 0, frame);
    }

    public boolean isStoredMessage() {
        return messageId > 0;
    }
}
