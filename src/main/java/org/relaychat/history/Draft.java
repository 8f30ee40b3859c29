package org.relaychat.history;

import java.util.List;
import org.relaychat.files.Attachment;

/**
 * A message as a client sent it, before the store gives it an id and a timestamp. Exactly one of
 * {@code room} and {@code to} is set.
 */
public record Draft(String room, String to, String from, String user, String text, List<Attachment> attachments) {

    public Draft(String room, String to, String from, String user, String text) {
        this(room, to, from, user, text, List.of());
    }

    /** The same draft, carrying these files. */
    public Draft with(List<Attachment> files) {
        return new Draft(room, to, from, user, text, List.copyOf(files));
    }

    public static Draft toRoom(String room, String from, String user, String text) {
        return new Draft(room, null, from, user, text);
    }

    public static Draft toUser(String to, String from, String user, String text) {
        return new Draft(null, to, from, user, text);
    }

    public String conversation() {
        return room != null ? Conversation.room(room) : Conversation.direct(user, to);
    }
}
