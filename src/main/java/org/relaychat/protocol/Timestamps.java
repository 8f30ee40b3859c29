package org.relaychat.protocol;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** The protocol's timestamp form: ISO-8601 UTC with exactly three fractional digits. */
public final class Timestamps {

    // Instant.toString() drops trailing zeros of the fraction; the protocol wants all three digits.
    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private Timestamps() {
    }

    public static String format(Instant instant) {
        return FORMAT.format(instant);
    }
}
