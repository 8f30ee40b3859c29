package org.relaychat.bench;

import static org.relaychat.bench.LoadGenerator.doubleOption;
import static org.relaychat.bench.LoadGenerator.intOption;
import static org.relaychat.bench.LoadGenerator.millis;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Room fan-out ({@code rooms}: each room's publishers send {@code room_message}) or broadcast
 * ({@code broadcast}: one room of all clients, whose publishers send {@code broadcast}). Every
 * message carries its send time; each member that gets it records the latency. With
 * {@code --spread ws://...[,ws://...]} the clients are dealt round robin over the main endpoint and
 * the listed ones (nodes of a cluster): client i goes to endpoint i modulo their number. With one
 * listed endpoint and an even number of members per room, the publishers are on the first node and
 * the last member, whose arrivals pace the closed loop, on the second; with three endpoints and 50
 * members, a room's publisher and its last member are on two different nodes, which change from room
 * to room. {@code --tag T} names the rooms {@code bench-T0, bench-T1, ...} and the clients
 * {@code bT0, bT1, ...}, so that load generators running at once keep to rooms and users of their own.
 * {@code --settle S} waits, after the joins, until no client has received anything for a second (at
 * most S seconds) before the first message: the joins' announcements are then not measured.
 */
final class FanoutScenario implements ClientPool.LoadSink {

    private final List<URI> endpoints;
    private final String tag;
    private final boolean broadcast;
    private final int rooms;
    private final int members;
    private final int publishersPerRoom;
    private final double rate;
    private final int window;
    private final double warmupSeconds;
    private final double seconds;
    private final double settleSeconds;
    private final int drainSeconds;
    private final int slowIndex;
    private final String padding;
    private final int sources;
    private final int threads;
    private final int inFlight;
    private final boolean batched;

    private final AtomicLongArray sent;
    private final LongAdder measuredSent = new LongAdder();
    private final LongAdder received = new LongAdder();
    private final LongAdder measuredDelivered = new LongAdder();
    /** Load messages that arrived within the measured seconds, whenever sent: for events per frame. */
    private final LongAdder arrivedMeasured = new LongAdder();
    private final Recorder latency = new Recorder(TimeUnit.SECONDS.toNanos(120), 3);
    private final OwnCpu ownCpu = new OwnCpu();
    private ClientPool pool;
    private volatile long measureFrom = Long.MAX_VALUE;
    private volatile long sendUntil = Long.MAX_VALUE;

    FanoutScenario(URI endpoint, String scenario, Map<String, String> options) {
        this.endpoints = endpoints(endpoint, options.getOrDefault("spread", ""));
        this.tag = options.getOrDefault("tag", "");
        this.broadcast = scenario.equals("broadcast");
        this.rooms = broadcast ? 1 : intOption(options, "rooms", 10);
        this.members = broadcast ? intOption(options, "clients", 100) : intOption(options, "members", 10);
        this.publishersPerRoom = intOption(options, "publishers", 1);
        this.rate = doubleOption(options, "rate", 0);
        this.window = intOption(options, "window", 4);
        this.warmupSeconds = doubleOption(options, "warmup", 3);
        this.seconds = doubleOption(options, "seconds", 10);
        this.settleSeconds = doubleOption(options, "settle", 0);
        this.drainSeconds = intOption(options, "drain", 30);
        // A slow member is neither a publisher nor the last member, whose arrivals pace the publishers.
        this.slowIndex = intOption(options, "slow", 0) > 0 ? publishersPerRoom : -1;
        this.padding = "x".repeat(intOption(options, "text", 64));
        this.sources = intOption(options, "sources", 8);
        this.threads = intOption(options, "threads", 1);
        this.inFlight = intOption(options, "in-flight", 200);
        this.batched = intOption(options, "batch", 0) > 0;
        this.sent = new AtomicLongArray(rooms * publishersPerRoom);
        if (publishersPerRoom >= members - 1 || slowIndex >= members - 1) {
            throw new IllegalArgumentException("a room needs more members than publishers + 1");
        }
    }

    /** The main endpoint, then those of {@code --spread}, a comma-separated list. */
    private static List<URI> endpoints(URI endpoint, String spread) {
        List<URI> endpoints = new ArrayList<>(List.of(endpoint));
        for (String other : spread.split(",")) {
            if (!other.isBlank()) {
                endpoints.add(URI.create(other.strip()));
            }
        }
        return List.copyOf(endpoints);
    }

    JsonObject run() throws Exception {
        int clients = rooms * members;
        try (ClientPool clientPool = new ClientPool(endpoints, sources, threads, batched, "b" + tag)) {
            pool = clientPool;
            pool.sink(this);
            double connectSeconds = pool.connect(clients, inFlight, 300);
            if (pool.welcomed() < clients) {
                throw new IllegalStateException(pool.welcomed() + " of " + clients + " connected: " + pool.failures());
            }
            if (!broadcast && !pool.joinAll(i -> room(i / members), 120)) {
                throw new IllegalStateException("not every client could join its room");
            }
            // The joins' announcements (user_joined) still on their way are not part of the load.
            double settled = settleSeconds > 0 ? pool.awaitQuiet(1000, settleSeconds) : 0;
            if (slowIndex >= 0) {
                pool.sockets().get(slowIndex).pause();
            }
            long start = System.nanoTime();
            measureFrom = start + (long) (warmupSeconds * 1e9);
            sendUntil = measureFrom + (long) (seconds * 1e9);
            ownCpu.measure(measureFrom, sendUntil, () -> pool.countFrames(true), () -> pool.countFrames(false));
            if (rate > 0) {
                sendAtRate(start);
            } else {
                sendClosedLoop();
            }
            LockSupport.parkNanos(Math.max(0, sendUntil - System.nanoTime()));
            long drained = drain();
            return result(clients, connectSeconds, settled, drained);
        }
    }

    private String room(int r) {
        return "bench-" + tag + r;
    }

    private void publish(int publisher, long sentNanos) {
        BenchSocket socket = pool.sockets().get(publisher / publishersPerRoom * members + publisher % publishersPerRoom);
        String text = "@" + sentNanos + "." + publisher + " " + padding;
        socket.send(broadcast ? "{\"event\":\"broadcast\",\"message\":\"" + text + "\"}"
                : "{\"event\":\"room_message\",\"room\":\"" + room(publisher / publishersPerRoom) + "\",\"message\":\""
                        + text + "\"}");
        sent.incrementAndGet(publisher);
        if (sentNanos >= measureFrom) {
            measuredSent.increment();
        }
    }

    /** Open loop: messages at fixed intervals, round robin over the publishers, timed by schedule. */
    private void sendAtRate(long start) {
        long interval = (long) (1e9 / rate);
        long next = start;
        int publisher = 0;
        int publishers = sent.length();
        while (next < sendUntil) {
            long now = System.nanoTime();
            while (next <= now && next < sendUntil) {
                publish(publisher, next);
                publisher = (publisher + 1) % publishers;
                next += interval;
            }
            LockSupport.parkNanos(Math.min(next - now, 1_000_000));
        }
    }

    /** Closed loop: each publisher's next message goes when one reaches the last member of its room. */
    private void sendClosedLoop() {
        for (int w = 0; w < window; w++) {
            for (int publisher = 0; publisher < sent.length(); publisher++) {
                publish(publisher, System.nanoTime());
            }
        }
    }

    @Override
    public void delivered(BenchSocket socket, long sentNanos, int publisher) {
        if (socket.index == slowIndex) {
            return;
        }
        received.increment();
        long arrived = System.nanoTime();
        if (arrived >= measureFrom && arrived < sendUntil) {
            arrivedMeasured.increment();
        }
        if (sentNanos >= measureFrom && sentNanos < sendUntil) {
            measuredDelivered.increment();
            latency.recordValue(Math.max(0, arrived - sentNanos));
        }
        if (rate <= 0 && socket.index % members == members - 1
                && (broadcast || socket.index / members == publisher / publishersPerRoom)) {
            if (arrived < sendUntil) {
                publish(publisher, arrived);
            }
        }
    }

    private long recipientsOf(int publisher) {
        boolean slowRoom = slowIndex >= 0 && publisher / publishersPerRoom == 0;
        return members - 1 - (slowRoom ? 1 : 0);
    }

    private long expected() {
        long expected = 0;
        for (int publisher = 0; publisher < sent.length(); publisher++) {
            expected += sent.get(publisher) * recipientsOf(publisher);
        }
        return expected;
    }

    /** Waits until every message sent has arrived, or the drain time is up; returns the nanoseconds waited. */
    private long drain() {
        long start = System.nanoTime();
        long deadline = start + TimeUnit.SECONDS.toNanos(drainSeconds);
        while (received.sum() < expected() && System.nanoTime() < deadline) {
            LockSupport.parkNanos(10_000_000);
        }
        return System.nanoTime() - start;
    }

    private JsonObject result(int clients, double connectSeconds, double settledSeconds, long drainedNanos) {
        Histogram latencies = latency.getIntervalHistogram();
        long expected = expected();
        long total = 0;
        for (int publisher = 0; publisher < sent.length(); publisher++) {
            total += sent.get(publisher);
        }
        JsonObjectBuilder result = Json.createObjectBuilder()
                .add("scenario", broadcast ? "broadcast" : "rooms").add("nodes", endpoints.size())
                .add("clients", clients)
                .add("rooms", rooms).add("members", members).add("publishers", sent.length())
                .add("mode", rate > 0 ? "rate" : "closed-loop").add("rate", rate).add("window", window)
                .add("batch", batched)
                .add("load_cpu_percent", ownCpu.percent())
                .add("slow_consumers", slowIndex >= 0 ? 1 : 0)
                .add("connect_seconds", Math.round(connectSeconds * 100) / 100.0)
                .add("settle_seconds", Math.round(settledSeconds * 100) / 100.0)
                .add("seconds", seconds).add("sent", total).add("sent_measured", measuredSent.sum())
                .add("sent_per_second", Math.round(measuredSent.sum() / seconds))
                .add("delivered_measured", measuredDelivered.sum())
                .add("delivered_per_second", Math.round(measuredDelivered.sum() / seconds))
                .add("expected", expected).add("received", received.sum())
                .add("lost", Math.max(0, expected - received.sum()))
                .add("events_per_frame", Math.round(arrivedMeasured.sum() * 100.0 / Math.max(1, pool.textFrames())) / 100.0)
                .add("drain_ms", millis(drainedNanos))
                .add("latency_p50_ms", millis(latencies.getValueAtPercentile(50)))
                .add("latency_p99_ms", millis(latencies.getValueAtPercentile(99)))
                .add("latency_p999_ms", millis(latencies.getValueAtPercentile(99.9)))
                .add("latency_max_ms", millis(latencies.getMaxValue()));
        var closes = Json.createObjectBuilder();
        pool.closeCodes().forEach((code, n) -> closes.add(Integer.toString(code), n));
        return result.add("closed_by_server", closes).build();
    }
}
