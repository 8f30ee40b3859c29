package org.relaychat.history;

import java.time.Instant;
import java.util.List;
import org.relaychat.files.Attachment;

/**
 * A room or direct message as the store keeps it: exactly one of {@code room} and {@code to} is
 * set; {@code from} is the sending connection's client id, {@code user} its user; {@code attachments}
 * are the files it carries.
 */
public record StoredMessage(long id, String room, String to, String from, String user, String text, Instant at,
        List<Attachment> attachments) {

    public StoredMessage(long id, String room, String to, String from, String user, String text, Instant at) {
        this(id, room, to, from, user, text, at, List.of());
    }

    public boolean isRoomMessage() {
        return room != null;
    }

    /** The key of the room or direct conversation it belongs to. */
    public String conversation() {
        return isRoomMessage() ? Conversation.room(room) : Conversation.direct(user, to);
    }
}
