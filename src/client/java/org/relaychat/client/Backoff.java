package org.relaychat.client;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * How long to wait before the n-th reconnection attempt in a row: drawn between half and all of
 * {@code min(cap, base × 2ⁿ)} ("equal jitter"), so that clients dropped together do not all come
 * back at the same moment. The same rule as the JavaScript client.
 *
 * @param base the first wait's ceiling
 * @param cap the largest wait
 * @param maxAttempts attempts in a row before giving up; 0 for no limit
 */
public record Backoff(Duration base, Duration cap, int maxAttempts) {

    public static final Backoff DEFAULT = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30), 0);

    public Backoff {
        if (base.isNegative() || cap.compareTo(base) < 0 || maxAttempts < 0) {
            throw new IllegalArgumentException("needs 0 <= base <= cap and maxAttempts >= 0");
        }
    }

    /** The wait before attempt {@code attempt} (0 for the first after a drop), {@code random} in [0, 1). */
    public Duration delay(int attempt, DoubleSupplier random) {
        long ceiling = base.toMillis() << Math.min(attempt, 30);
        long bounded = ceiling < 0 ? cap.toMillis() : Math.min(cap.toMillis(), ceiling);
        return Duration.ofMillis(bounded / 2 + (long) (random.getAsDouble() * (bounded - bounded / 2)));
    }

    /** Whether attempt {@code attempt} may still be made. */
    public boolean allows(int attempt) {
        return maxAttempts == 0 || attempt < maxAttempts;
    }
}
