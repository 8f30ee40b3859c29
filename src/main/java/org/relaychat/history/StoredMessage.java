package org.relaychat.history;

import java.time.Instant;

/**
 * A room or direct message as the store keeps it: exactly one of {@code room} and {@code to} is
 * set; {@code from} is the sending connection's client id, {@code user} its user.
 */
public record StoredMessage(long id, String room, String to, String from, String user, String text, Instant at) {

    public boolean isRoomMessage() {
        return room != null;
    }

    /** The key of the room or direct conversation it belongs to. */
    public String conversation() {
        return isRoomMessage() ? Conversation.room(room) : Conversation.direct(user, to);
    }
}
