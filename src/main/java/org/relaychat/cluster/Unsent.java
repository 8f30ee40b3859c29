package org.relaychat.cluster;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.relaychat.delivery.Envelope;

/**
 * Stored messages this node could not publish while it was cut off from Redis, the newest up to a
 * bound, to publish once Redis answers again. A node whose own link never broke does not catch up
 * from the store, so without them it would never hear of these messages live. Receivers skip the
 * ones they have had already.
 */
final class Unsent {

    static final int CAPACITY = 10_000;

    private final Deque<Envelope> envelopes = new ArrayDeque<>();

    synchronized void keep(Envelope envelope) {
        if (envelopes.size() == CAPACITY) {
            envelopes.removeFirst();
        }
        envelopes.addLast(envelope);
    }

    /** Everything kept, oldest first, and nothing kept any more. */
    synchronized List<Envelope> takeAll() {
        List<Envelope> all = List.copyOf(envelopes);
        envelopes.clear();
        return all;
    }
}
