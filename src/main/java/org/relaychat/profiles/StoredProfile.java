package org.relaychat.profiles;

import org.relaychat.security.ProfileClaims;

/**
 * A user's row of {@code user_profile}: what the user set (null where they set nothing) and what
 * their token said of them, which shows where they set nothing.
 *
 * @param avatarFile the id of the uploaded picture
 * @param away whether a client of the user said it is away, until one says it is online again
 */
public record StoredProfile(String displayName, String status, String avatarFile, boolean away, String tokenName,
        String tokenPicture) {

    /** A user without a row. */
    public static final StoredProfile NONE = new StoredProfile(null, "", null, false, null, null);

    /** The address an uploaded picture is served at, relative to the socket's own. */
    public static final String AVATARS = "api/avatars/";

    /** The profile others see of the user while connected: online, or away as a client said. */
    public Profile view(String user) {
        String shownName = displayName != null ? displayName : tokenName != null ? tokenName : user;
        String picture = avatarFile != null ? AVATARS + avatarFile : tokenPicture;
        return new Profile(user, shownName, status, picture, away ? Profile.State.AWAY : Profile.State.ONLINE);
    }

    /** The row as a token with these claims leaves it: showing what the token says where the user set nothing. */
    public StoredProfile withClaims(ProfileClaims claims) {
        return new StoredProfile(displayName, status, avatarFile, away, claims.name(), claims.picture());
    }
}
