package org.relaychat.security;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * Who a connection speaks for.
 *
 * @param user the protocol's {@code user}: the token's subject, or the chosen or guest name
 * @param rooms the rooms the token allows, when it lists any; empty means the token sets no limit
 * @param expiresAt when the token stops being valid (its {@code exp} plus the allowed clock skew);
 *     empty for anonymous connections
 * @param claims the token's name and picture for the user's profile; none for anonymous connections
 */
public record Identity(String user, Optional<Set<String>> rooms, Optional<Instant> expiresAt, ProfileClaims claims) {

    public Identity {
        rooms = rooms.map(Set::copyOf);
    }

    /** A name without a token: no room list, no expiry. */
    public static Identity anonymous(String user) {
        return new Identity(user, Optional.empty(), Optional.empty(), ProfileClaims.NONE);
    }

    public boolean hasExpired(Instant now) {
        return expiresAt.isPresent() && now.isAfter(expiresAt.get());
    }
}
