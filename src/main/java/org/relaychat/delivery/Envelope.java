package org.relaychat.delivery;

import java.util.List;
import java.util.Set;
import org.relaychat.history.Conversation;
import org.relaychat.history.StoredMessage;

/**
 * An encoded event and whom it is for, as it travels between nodes. {@code messageId} is the
 * stored message's id, or zero for events that are not stored (joins, typing, broadcasts).
 * {@code roomsUpTo}, when above zero, limits a room event to rooms that have at most that many
 * members on the node when it is delivered: joins and leaves, which large rooms do without.
 */
public record Envelope(Audience audience, String room, Set<String> users, long messageId, String frame,
        int roomsUpTo) {

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
        return new Envelope(Audience.ROOM, room, Set.of(), 0, frame, 0);
    }

    /**
     * A join or leave, for the members of a room while it has at most {@code maxMembers}: decided
     * when it is delivered, since a join storm fills a room faster than the joins are announced.
     */
    public static Envelope membershipChange(String room, String frame, int maxMembers) {
        return new Envelope(Audience.ROOM, room, Set.of(), 0, frame, maxMembers);
    }

    /**
     * A room message to its room; a direct message to the recipient's connections and the
     * sender's other ones (one user, for a message to oneself).
     */
    public static Envelope storedMessage(StoredMessage message, String frame) {
        return sameAudienceAs(message, message.id(), frame);
    }

    /**
     * An event about a stored message (its edit or deletion) for the same audience as the message,
     * on the same lane. It is not the stored message itself, so a node that delivered the message
     * does not take it for a duplicate.
     */
    public static Envelope aboutStoredMessage(StoredMessage message, String frame) {
        return sameAudienceAs(message, 0, frame);
    }

    private static Envelope sameAudienceAs(StoredMessage message, long messageId, String frame) {
        if (message.isRoomMessage()) {
            return new Envelope(Audience.ROOM, message.room(), Set.of(), messageId, frame, 0);
        }
        Set<String> users = message.to().equals(message.user()) ? Set.of(message.to())
                : Set.of(message.to(), message.user());
        return new Envelope(Audience.USERS, null, users, messageId, frame, 0);
    }

    /**
     * Every connection of each of {@code users} (at least one). Its lane is that of the direct
     * conversation of the first and last of them, as for a direct message: any fixed lane does,
     * since what goes to many users this way (profiles) keeps no order with their messages.
     */
    public static Envelope toUsers(Set<String> users, String frame) {
        return new Envelope(Audience.USERS, null, users, 0, frame, 0);
    }

    public static Envelope toEveryone(String frame) {
        return new Envelope(Audience.EVERYONE, null, Set.of(), 0, frame, 0);
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
