package org.relaychat.metrics;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Durations counted into fixed buckets, the shape of a Prometheus histogram: recording is a
 * contention-free add, and the buckets are cumulative only when read, so a scrape costs nothing to
 * the threads that record.
 */
public final class LatencyHistogram {

    /** Upper bounds in seconds, from a quick commit on a local disk to a database in trouble. */
    static final double[] BOUNDS = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5};

    private static final long[] BOUND_NANOS = new long[BOUNDS.length];

    static {
        for (int i = 0; i < BOUNDS.length; i++) {
            BOUND_NANOS[i] = Math.round(BOUNDS[i] * TimeUnit.SECONDS.toNanos(1));
        }
    }

    /** One per bound, and one past the last for everything slower. */
    private final LongAdder[] buckets = new LongAdder[BOUNDS.length + 1];
    private final LongAdder sumNanos = new LongAdder();

    public LatencyHistogram() {
        for (int i = 0; i < buckets.length; i++) {
            buckets[i] = new LongAdder();
        }
    }

    public void record(long nanos) {
        int bucket = 0;
        while (bucket < BOUND_NANOS.length && nanos > BOUND_NANOS[bucket]) {
            bucket++;
        }
        buckets[bucket].increment();
        sumNanos.add(Math.max(0, nanos));
    }

    /** Writes the histogram's {@code _bucket}, {@code _sum} and {@code _count} samples. */
    void writeTo(PrometheusText text, String name) {
        long cumulative = 0;
        for (int i = 0; i < BOUNDS.length; i++) {
            cumulative += buckets[i].sum();
            text.sample(name + "_bucket", "le", Double.toString(BOUNDS[i]), cumulative);
        }
        cumulative += buckets[BOUNDS.length].sum();
        text.sample(name + "_bucket", "le", "+Inf", cumulative);
        text.sample(name + "_sum", sumNanos.sum() / 1e9);
        text.sample(name + "_count", cumulative);
    }
}
