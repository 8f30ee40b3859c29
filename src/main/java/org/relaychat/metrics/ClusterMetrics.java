package org.relaychat.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntSupplier;

/**
 * What this node's part in a cluster costs: events published to and
 * received from the other nodes, received ones skipped as duplicates, channels subscribed, and the
 * broker's round trip (from a publish to its confirmation). A node receives only what its
 * connections need, so its received count grows with its own members' rooms, not the cluster's.
 * Only a node in cluster mode creates this bean, so only its metrics have these series.
 */
@ApplicationScoped
public class ClusterMetrics {

    private static final IntSupplier NONE = () -> 0;

    private final AtomicReference<IntSupplier> channels = new AtomicReference<>(NONE);

    @Inject
    Meters meters;

    private Counter published;
    private Counter received;
    private Counter duplicates;
    private Timer roundTrip;

    @PostConstruct
    void register() {
        var registry = meters.registry();
        published = Counter.builder("relay.cluster.events.published")
                .description("Events this node published to the other nodes.").register(registry);
        received = Counter.builder("relay.cluster.events.received")
                .description("Events from the other nodes that reached this node.").register(registry);
        duplicates = Counter.builder("relay.cluster.events.duplicate")
                .description("Stored messages received again and skipped (a retried publish, a catch-up).")
                .register(registry);
        Gauge.builder("relay.cluster.channels.subscribed", () -> channels.get().getAsInt())
                .description("Channels this node subscribes to: its rooms, its users and the one for everyone.")
                .register(registry);
        roundTrip = Timer.builder("relay.cluster.redis.round.trip")
                .description("Time from a publish to the broker's confirmation.")
                .serviceLevelObjectives(Duration.ofNanos(250_000), Duration.ofMillis(1), Duration.ofMillis(5),
                        Duration.ofMillis(25), Duration.ofMillis(100), Duration.ofMillis(500))
                .register(registry);
    }

    public void published(long roundTripNanos) {
        published.increment();
        roundTrip.record(roundTripNanos, TimeUnit.NANOSECONDS);
    }

    public void received() {
        received.increment();
    }

    public void duplicate() {
        duplicates.increment();
    }

    /** Where the number of subscribed channels is read from, at each scrape. */
    public void countChannelsWith(IntSupplier subscribed) {
        channels.set(subscribed);
    }
}
