package org.relaychat.chat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How many direct messages one sender may have stored per hour on this node: direct messages are
 * kept for users who may never come, so without a cap one client could fill the database. Counted
 * per user name in fixed windows of an hour; zero turns the cap off.
 */
final class DirectMessageQuota {

    static final Duration WINDOW = Duration.ofHours(1);
    /** Senders tracked before windows that have ended are swept out. */
    private static final int SWEEP_ABOVE = 10_000;

    private record Window(Instant start, int count) {
    }

    private final int perHour;
    private final Clock clock;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    DirectMessageQuota(int perHour, Clock clock) {
        this.perHour = perHour;
        this.clock = clock;
    }

    /** Counts one message of the sender; false when the sender has used up this hour's allowance. */
    boolean tryTake(String sender) {
        if (perHour <= 0) {
            return true;
        }
        Instant now = clock.instant();
        if (windows.size() > SWEEP_ABOVE) {
            windows.values().removeIf(window -> ended(window, now));
        }
        boolean[] taken = new boolean[1];
        windows.compute(sender, (name, window) -> {
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
