package org.relaychat.profiles;

import java.util.Locale;

/**
 * A user's profile as clients see it: in {@code welcome}, {@code user_joined}, {@code presence}
 * members and {@code profile} events.
 *
 * @param displayName never empty: what the user chose, else the token's name, else the user
 * @param status empty when there is none
 * @param avatar the picture's address (relative to the socket's for an upload), or null
 */
public record Profile(String user, String displayName, String status, String avatar, State state) {

    public static final int MAX_DISPLAY_NAME_LENGTH = 64;
    public static final int MAX_STATUS_LENGTH = 140;

    /** Whether a user is there; {@code away} is what a client says after a while without input. */
    public enum State {
        ONLINE, AWAY, OFFLINE;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The profile of a user nobody has told anything about. */
    public static Profile plain(String user, State state) {
        return new Profile(user, user, "", null, state);
    }

    public Profile withState(State newState) {
        return new Profile(user, displayName, status, avatar, newState);
    }
}
