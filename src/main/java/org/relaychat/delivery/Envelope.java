package org.relaychat.delivery;

import java.util.List;
import java.util.Set;
import org.relaychat.history.Conversation;
import org.relaychat.history.StoredMessage;

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

    /**
     * A room message to its room; a direct message to the recipient's connections and the
     * sender's other ones (one user, for a message to oneself).
     */
    public static Envelope storedMessage(StoredMessage message, String frame) {
        if (message.isRoomMessage()) {
            return new Envelope(Audience.ROOM, message.room(), Set.of(), message.id(), frame);
        }
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

    /**
     * The key of the delivery lane: the room's or the two users' conversation, as a stored
     * message's {@link StoredMessage#conversation()}, so that its events keep their order.
     */
    public String lane() {
        return switch (audience) {
            case ROOM -> Conversation.room(room);
            case USERS -> {
                List<String> sorted = users.stream().sorted().toList();
                yield Conversation.direct(sorted.get(0), sorted.get(sorted.size() - 1));
            }
            case EVERYONE -> "everyone";
        };
    }
}
