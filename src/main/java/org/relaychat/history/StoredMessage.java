package org.relaychat.history;

import java.time.Instant;
import java.util.List;
import org.relaychat.files.Attachment;

/**
 * A room or direct message as the store keeps it: exactly one of {@code room} and {@code to} is
 * set; {@code from} is the sending connection's client id, {@code user} its user; {@code attachments}
 * are the files it carries. {@code editedAt} is set once its author edited it, {@code deletedAt}
 * once its author deleted it, and a deleted message keeps neither text nor files.
 */
public record StoredMessage(long id, String room, String to, String from, String user, String text, Instant at,
        List<Attachment> attachments, Instant editedAt, Instant deletedAt) {

    /** A message as sent without files, never edited nor deleted. */
    public StoredMessage(long id, String room, String to, String from, String user, String text, Instant at) {
        this(id, room, to, from, user, text, at, List.of(), null, null);
    }

    public boolean isRoomMessage() {
        return room != null;
    }

    public boolean isDeleted() {
        return deletedAt != null;
    }

    /** The key of the room or direct conversation it belongs to. */
    public String conversation() {
        return isRoomMessage() ? Conversation.room(room) : Conversation.direct(user, to);
    }
}
