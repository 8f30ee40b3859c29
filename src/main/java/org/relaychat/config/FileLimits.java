package org.relaychat.config;

import java.time.Duration;
import java.util.function.Function;

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

    /**
     * Reads the file limits from their configuration keys.
     *
     * @param values the value of a key; throws when the key has none
     */
    public static FileLimits read(Function<String, String> values) {
        Settings settings = new Settings(values);
        return new FileLimits(settings.longInteger("chat.files.max-bytes"),
                settings.integer("chat.files.uploads-per-hour"), settings.minutes("chat.files.unattached-minutes"));
    }
}
