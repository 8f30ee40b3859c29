package org.relaychat.delivery;

import java.time.Instant;
import org.relaychat.profiles.Profile;
import org.relaychat.protocol.ServerEvent;
import org.relaychat.protocol.ServerEventEncoder;

/** The joins and leaves of rooms, encoded, with the time they happened. */
public final class RoomEvents {

    private RoomEvents() {
    }

    /** A join of a client of the user {@code profile} is of. */
    public static String userJoined(String clientId, Profile profile, String room) {
        return ServerEventEncoder.toJson(new ServerEvent.UserJoined(clientId, profile.user(), room, profile,
                Instant.now()));
    }

    public static String userLeft(String clientId, String user, String room) {
        return ServerEventEncoder.toJson(new ServerEvent.UserLeft(clientId, user, room, Instant.now()));
    }
}
