package org.relaychat.chat;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Message ids: increasing on this node and across its restarts, below 2^53 so JavaScript reads
 * them exactly. An id is the millisecond clock times 1024 plus a sequence, so up to 1024 messages
 * per millisecond get distinct ids before the counter runs ahead of the clock.
 */
@ApplicationScoped
public class MessageIds {

    private static final int PER_MILLISECOND = 1024;
    private final AtomicLong last = new AtomicLong();

    public long next() {
        long floor = System.currentTimeMillis() * PER_MILLISECOND;
        return last.updateAndGet(previous -> Math.max(previous + 1, floor));
    }
}
