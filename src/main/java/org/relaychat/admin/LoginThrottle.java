package org.relaychat.admin;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts failed admin logins per address in windows of a minute. Once an address has failed
 * {@code maxFailures} times in its window, every login from it is refused unchecked until the
 * window ends, so a password can be guessed only that fast. Windows that have ended are swept out
 * once more than a thousand addresses are held.
 */
public final class LoginThrottle {

    static final Duration WINDOW = Duration.ofMinutes(1);

    private record Failures(Instant windowStart, int count) {
    }

    private final int maxFailures;
    private final Map<String, Failures> failures = new ConcurrentHashMap<>();

    public LoginThrottle(int maxFailures) {
        this.maxFailures = maxFailures;
    }

    /** How long {@code address} must wait before it may try again; zero when it may now. */
    public Duration waitFor(String address, Instant now) {
        if (maxFailures <= 0) {
            return Duration.ZERO;
        }
        Failures current = failures.get(address);
        if (current == null || current.count() < maxFailures) {
            return Duration.ZERO;
        }
        Duration left = Duration.between(now, current.windowStart().plus(WINDOW));
        return left.isNegative() ? Duration.ZERO : left;
    }

    /** Counts a failed login of {@code address}. */
    public void failed(String address, Instant now) {
        if (failures.size() > 1_000) {
            failures.values().removeIf(f -> expired(f, now));
        }
        failures.compute(address, (key, current) -> current == null || expired(current, now)
                ? new Failures(now, 1) : new Failures(current.windowStart(), current.count() + 1));
    }

    private static boolean expired(Failures failures, Instant now) {
        return !now.isBefore(failures.windowStart().plus(WINDOW));
    }
}
