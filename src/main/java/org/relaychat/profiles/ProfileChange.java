package org.relaychat.profiles;

/**
 * What a {@code set_profile} changes. A null field is left as it is; an {@link Update} sets it,
 * and an update to null puts it back to its default.
 */
public record ProfileChange(Update displayName, Update status, Update avatar, Profile.State state) {

    /** A new value for one field; {@link #DEFAULT} when the field goes back to its default. */
    public record Update(String value) {
        public static final Update DEFAULT = new Update(null);
    }

    public boolean isEmpty() {
        return displayName == null && status == null && avatar == null && state == null;
    }
}
