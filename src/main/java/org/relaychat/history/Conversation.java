package org.relaychat.history;

import java.util.Optional;

/** The key under which a room's messages, or the direct messages of two users, are kept together. */
public final class Conversation {

    private static final String ROOM = "room:";

    private Conversation() {
    }

    public static String room(String room) {
        return ROOM + room;
    }

    /**
     * The same key from either side of a direct conversation. User names may hold any printable
     * character, so the first is length-prefixed rather than separated: {@code dm:3:ana:ben}.
     */
    public static String direct(String userA, String userB) {
        boolean inOrder = userA.compareTo(userB) <= 0;
        String first = inOrder ? userA : userB;
        String second = inOrder ? userB : userA;
        return "dm:" + first.length() + ':' + first + ':' + second;
    }

    /** The room whose key {@code conversation} is, if it is a room's. */
    public static Optional<String> roomOf(String conversation) {
        return conversation.startsWith(ROOM) ? Optional.of(conversation.substring(ROOM.length())) : Optional.empty();
    }

    /** Whether {@code conversation} is a direct conversation that {@code user} is one of the two of. */
    public static boolean isBetween(String conversation, String user) {
        if (!conversation.startsWith("dm:")) {
            return false;
        }
        int colon = conversation.indexOf(':', 3);
        int firstLength = Integer.parseInt(conversation.substring(3, colon));
        String first = conversation.substring(colon + 1, colon + 1 + firstLength);
        String second = conversation.substring(colon + 2 + firstLength);
        return user.equals(first) || user.equals(second);
    }
}
