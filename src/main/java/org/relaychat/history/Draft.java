package org.relaychat.history;

/**
 * A message as a client sent it, before the store gives it an id and a timestamp. Exactly one of
 * {@code room} and {@code to} is set.
 */
public record Draft(String room, String to, String from, String user, String text) {

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
