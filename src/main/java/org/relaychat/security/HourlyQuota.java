package org.relaychat.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How many times one key (a sender's name, a client's address) may do something per hour on this
 * node, for what leaves state behind that one client could otherwise pile up: stored direct
 * messages, kept names. Counted in fixed windows of an hour; zero turns the quota off.
 */
public final class HourlyQuota {

    static final Duration WINDOW = Duration.ofHours(1);
    /** Keys tracked before windows that have ended are swept out. */
    private static final int SWEEP_ABOVE = 10_000;

    private record Window(Instant start, int count) {
    }

    private final int perHour;
    private final Clock clock;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    public HourlyQuota(int perHour, Clock clock) {
        this.perHour = perHour;
        this.clock = clock;
    }

    /** Counts one use by {@code key}; false when it has used up this hour's allowance. */
    public boolean tryTake(String key) {
        if (perHour <= 0) {
            return true;
        }
        Instant now = clock.instant();
        if (windows.size() > SWEEP_ABOVE) {
            windows.values().removeIf(window -> ended(window, now));
        }
        boolean[] taken = new boolean[1];
        windows.compute(key, (counted, window) -> {
            Window current = window == null || ended(window, now) ? new Window(now, 0) : window;
            taken[0] = current.count() < perHour;
            return taken[0] ? new Window(current.start(), current.count() + 1) : current;
        });
        return taken[0];
    }

    private static boolean ended(Window window, Instant now) {
        return !now.isBefore(window.start().plus(WINDOW));
    }
}
