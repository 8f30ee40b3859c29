package org.relaychat.config;

import java.time.Duration;

/**
 * The limits on files sent with messages.
 *
 * @param maxBytes largest file; a larger upload gets 413 and nothing is stored
 * @param uploadsPerHour upload slots one user may take per hour on this node; zero turns the cap off
 * @param unattachedLifetime how long an uploaded file waits to be sent with a message before it is deleted
 */
public record FileLimits(long maxBytes, int uploadsPerHour, Duration unattachedLifetime) {

    public static final int MAX_NAME_LENGTH = 255;
    /** The most files one message may carry. */
    public static final int MAX_PER_MESSAGE = 10;
}
