package org.relaychat.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Collection;
import java.util.Set;
import org.relaychat.config.SecurityConfig;

/**
 * Which rooms are private and who may join them. A private room ({@code chat.rooms.private})
 * admits the users whose token lists the room; a token that lists rooms also keeps its user out of
 * every room it does not list. Access is checked on every join.
 */
@ApplicationScoped
public class RoomAccess {

    private final Set<String> privateRooms;

    /** Every room public. */
    public RoomAccess() {
        this(Set.of());
    }

    @Inject
    public RoomAccess(SecurityConfig config) {
        this(config.privateRooms());
    }

    public RoomAccess(Collection<String> privateRooms) {
        this.privateRooms = Set.copyOf(privateRooms);
    }

    /** Whether {@code identity} may join {@code room}. */
    public boolean mayJoin(Identity identity, String room) {
        boolean listedByToken = identity.rooms().map(rooms -> rooms.contains(room)).orElse(false);
        if (privateRooms.contains(room)) {
            return listedByToken;
        }
        return identity.rooms().isEmpty() || listedByToken;
    }
}
