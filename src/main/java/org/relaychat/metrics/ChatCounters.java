package org.relaychat.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.relaychat.connection.CloseCode;
import org.relaychat.protocol.ErrorCode;

/**
 * The running totals of this node since it started: frames in and out, errors by code, closes by
 * the server, and how long messages took to be stored. Counting is a contention-free add on the
 * hot path, into adders that the registry's counters read when scraped; rates are left to whoever
 * reads the totals (Prometheus' {@code rate()}).
 */
@ApplicationScoped
public class ChatCounters {

    /** Store latency buckets, from a quick commit on a local disk to a database in trouble. */
    private static final Duration[] STORE_BUCKETS = {Duration.ofMillis(1), Duration.ofNanos(2_500_000),
        Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
        Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
        Duration.ofMillis(2_500), Duration.ofSeconds(5)};

    private final LongAdder received = new LongAdder();
    private final LongAdder sent = new LongAdder();
    private final LongAdder slowConsumerCloses = new LongAdder();
    private final Map<ErrorCode, LongAdder> errors = new EnumMap<>(ErrorCode.class);
    private final Map<CloseCode, LongAdder> serverCloses = new EnumMap<>(CloseCode.class);
    private final Timer storeLatency;

    /** Counts into a registry of its own: for a service wired by hand (and the CDI proxy). */
    public ChatCounters() {
        this(new SimpleMeterRegistry());
    }

    @Inject
    public ChatCounters(Meters meters) {
        this(meters.registry());
    }

    private ChatCounters(MeterRegistry registry) {
        count(registry, "relay.messages.received", "Frames received from clients.", received);
        count(registry, "relay.messages.sent", "Frames handed to client sockets.", sent);
        count(registry, "relay.slow.consumer.closes", "Clients closed for not reading their frames.",
                slowConsumerCloses);
        for (ErrorCode code : ErrorCode.values()) {
            LongAdder adder = new LongAdder();
            errors.put(code, adder);
            FunctionCounter.builder("relay.errors", adder, LongAdder::sum).tag("code", code.wireName())
                    .description("Error events sent to clients, by code.").register(registry);
        }
        for (CloseCode code : CloseCode.values()) {
            LongAdder adder = new LongAdder();
            serverCloses.put(code, adder);
            FunctionCounter.builder("relay.server.closes", adder, LongAdder::sum)
                    .tag("code", String.valueOf(code.code()))
                    .description("Connections closed by the server, by close code.").register(registry);
        }
        storeLatency = Timer.builder("relay.history.store")
                .description("Time from a message handed to the store to its commit (the group commit's wait included).")
                .serviceLevelObjectives(STORE_BUCKETS).register(registry);
    }

    /** Registers the counters as the application starts, so that the first scrape has them. */
    void registerAtStart(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted) {
        // creating the bean was the point
    }

    private static void count(MeterRegistry registry, String name, String description, LongAdder adder) {
        FunctionCounter.builder(name, adder, LongAdder::sum).description(description).register(registry);
    }

    /** A frame came in from a client, whatever became of it. */
    public void messageReceived() {
        received.increment();
    }

    /**
     * The count of frames handed to client sockets, for a transport to add to directly: taken once
     * per connection, it spares every frame a call through this bean's CDI proxy.
     */
    public LongAdder sentFrames() {
        return sent;
    }

    /** An {@code error} event was sent. */
    public void errorSent(ErrorCode code) {
        errors.get(code).increment();
    }

    /** The server closed a connection. */
    public void serverClosed(CloseCode code) {
        serverCloses.get(code).increment();
    }

    /** A client that did not keep up with its frames was closed. */
    public void slowConsumerClosed() {
        slowConsumerCloses.increment();
    }

    /** A message was committed to the store {@code nanos} after it was handed to it. */
    public void messageStored(long nanos) {
        storeLatency.record(nanos, TimeUnit.NANOSECONDS);
    }

    public long messagesReceived() {
        return received.sum();
    }

    public long messagesSent() {
        return sent.sum();
    }

    public long slowConsumerCloses() {
        return slowConsumerCloses.sum();
    }

    public long errors(ErrorCode code) {
        return errors.get(code).sum();
    }

    public long serverCloses(CloseCode code) {
        return serverCloses.get(code).sum();
    }
}
