package org.relaychat.profiles;

import java.sql.SQLException;

/** The profile store could not be read or written; the command is answered {@code unavailable}. */
public class ProfileStoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ProfileStoreException(SQLException cause) {
        super(cause);
    }
}
