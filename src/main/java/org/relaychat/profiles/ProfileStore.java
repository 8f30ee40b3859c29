package org.relaychat.profiles;

import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import org.relaychat.security.ProfileClaims;

/**
 * Where profiles are kept: {@link DatabaseProfileStore} in the default datasource. A failure of
 * the store comes out as an unchecked exception, which callers answer with {@code unavailable}.
 */
public interface ProfileStore {

    /** What {@link #change} did: the profile as it now is, or why nothing changed. */
    record Outcome(StoredProfile profile, Refusal refusal) {
        static Outcome changed(StoredProfile profile) {
            return new Outcome(profile, null);
        }

        static Outcome refused(Refusal refusal) {
            return new Outcome(null, refusal);
        }
    }

    /** Why a picture was not taken. */
    enum Refusal {
        /** Not an upload of the user's own with its bytes stored, or one already sent or in use. */
        NO_SUCH_FILE,
        /** Not a PNG, JPEG, GIF or WebP image. */
        NOT_AN_IMAGE
    }

    /** The rows of those of {@code users} that have one. */
    Map<String, StoredProfile> findAll(Collection<String> users);

    /**
     * Connections of these users opened, each with its token's claims ({@link ProfileClaims#NONE}
     * without): what the claims say shows from now on where the user set nothing. Returns the rows
     * as they now are, of the users who have one.
     */
    Map<String, StoredProfile> connected(Map<String, ProfileClaims> users);

    /** Applies what a {@code set_profile} asks for, all of it or nothing. */
    Outcome change(String user, ProfileChange change, Instant now);

    /** Everyone {@code user} has a stored direct message from or to. */
    Set<String> directPartners(String user);
}
