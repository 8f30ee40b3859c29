package org.relaychat.bench;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Many client sockets against one {@code ws://} URL (or several, taken in turn: socket i goes to
 * URL i modulo their number, all with the first one's path), spread over several loopback source addresses
 * (127.0.0.2, 127.0.0.3, ...) so that their number is not capped by the ephemeral ports of one
 * address, and over a few selector threads. Connects with a bounded number of handshakes in flight
 * and counts a connection as made when its {@code welcome} arrives.
 */
final class ClientPool implements BenchSocket.Listener, AutoCloseable {

    /** Where load messages go; called on the receiving socket's loop thread. */
    interface LoadSink {
        void delivered(BenchSocket socket, long sentNanos, int publisher);
    }

    private final List<InetSocketAddress> servers;
    private final String path;
    private final String namePrefix;
    private final int sources;
    private final boolean batched;
    private final List<BenchLoop> loops = new ArrayList<>();
    private final List<BenchSocket> sockets = new ArrayList<>();
    private final Recorder connectTimes = new Recorder(3);
    private final AtomicInteger welcomed = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicLong lateCloses = new AtomicLong();
    private final LongAdder textFrames = new LongAdder();
    private volatile boolean counting;
    private volatile long lastFrameNanos = System.nanoTime();
    private final Map<Integer, AtomicInteger> closeCodes = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();
    private volatile boolean[] settled = new boolean[0];
    private volatile Semaphore handshakes;
    private volatile CountDownLatch allSettled;
    private volatile CountDownLatch acknowledged;
    private volatile String awaitedRef;
    private volatile LoadSink sink = (socket, sent, publisher) -> { };

    ClientPool(URI endpoint, int sources, int threads) {
        this(List.of(endpoint), sources, threads, false, "b");
    }

    /**
     * With {@code batched}, every socket offers the subprotocol {@code relay.batch}; socket i is
     * named {@code namePrefix} followed by i.
     */
    ClientPool(List<URI> endpoints, int sources, int threads, boolean batched, String namePrefix) {
        this.batched = batched;
        this.namePrefix = namePrefix;
        this.servers = endpoints.stream()
                .map(endpoint -> new InetSocketAddress(ipv4(endpoint.getHost()), endpoint.getPort())).toList();
        this.path = endpoints.get(0).getRawPath();
        this.sources = sources;
        for (int i = 0; i < threads; i++) {
            loops.add(new BenchLoop("bench-loop-" + i));
        }
    }

    /** The sources are IPv4 loopback addresses, so the server is reached over IPv4 too. */
    private static InetAddress ipv4(String host) {
        try {
            for (InetAddress address : InetAddress.getAllByName(host)) {
                if (address instanceof Inet4Address) {
                    return address;
                }
            }
            throw new IllegalArgumentException(host + " has no IPv4 address");
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    void sink(LoadSink sink) {
        this.sink = sink;
    }

    List<BenchSocket> sockets() {
        return sockets;
    }

    /**
     * Opens {@code count} connections, at most {@code inFlight} handshakes at a time, and waits
     * until each is welcomed or has failed, or the deadline passes. Returns the seconds it took.
     */
    double connect(int count, int inFlight, long timeoutSeconds) throws InterruptedException {
        int first = sockets.size();
        boolean[] grown = new boolean[first + count];
        System.arraycopy(settled, 0, grown, 0, settled.length);
        settled = grown;
        handshakes = new Semaphore(inFlight);
        allSettled = new CountDownLatch(count);
        long start = System.nanoTime();
        long deadline = start + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        for (int i = first; i < first + count; i++) {
            if (!handshakes.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                break;
            }
            BenchLoop loop = loops.get(i % loops.size());
            InetSocketAddress local = new InetSocketAddress("127.0.0." + (2 + i % sources), 0);
            try {
                BenchSocket socket = new BenchSocket(i, loop, this, local, servers.get(i % servers.size()),
                        path + "?name=" + namePrefix + i, batched);
                sockets.add(socket);
                loop.register(socket);
            } catch (IOException e) {
                failures.computeIfAbsent(e.toString(), k -> new AtomicInteger()).incrementAndGet();
                failed.incrementAndGet();
                handshakes.release();
                allSettled.countDown();
                break;
            }
        }
        allSettled.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        return (System.nanoTime() - start) / 1e9;
    }

    /** Sends {@code join_room} with a ref for every socket's room and waits for all the acks. */
    boolean joinAll(java.util.function.IntFunction<String> roomOf, long timeoutSeconds) throws InterruptedException {
        awaitedRef = "\"ref\":\"j\"";
        acknowledged = new CountDownLatch(sockets.size());
        for (BenchSocket socket : sockets) {
            socket.send("{\"event\":\"join_room\",\"room\":\"" + roomOf.apply(socket.index) + "\",\"ref\":\"j\"}");
        }
        return acknowledged.await(timeoutSeconds, TimeUnit.SECONDS);
    }

    int welcomed() {
        return welcomed.get();
    }

    int failed() {
        return failed.get();
    }

    Histogram connectTimes() {
        return connectTimes.getIntervalHistogram();
    }

    /** Close codes seen after the welcome (a slow consumer's 1008, say), by code. */
    Map<Integer, Integer> closeCodes() {
        Map<Integer, Integer> codes = new TreeMap<>();
        closeCodes.forEach((code, n) -> codes.put(code, n.get()));
        return codes;
    }

    long lateCloses() {
        return lateCloses.get();
    }

    Map<String, Integer> failures() {
        Map<String, Integer> reasons = new TreeMap<>();
        failures.forEach((why, n) -> reasons.put(why, n.get()));
        return reasons;
    }

    @Override
    public void onLoad(BenchSocket socket, long sentNanos, int publisher) {
        sink.delivered(socket, sentNanos, publisher);
    }

    @Override
    public void onTextFrame(BenchSocket socket) {
        lastFrameNanos = System.nanoTime();
        if (counting) {
            textFrames.increment();
        }
    }

    /** Counts text frames from now on, or stops counting them. */
    void countFrames(boolean on) {
        counting = on;
    }

    /**
     * Waits until no socket has received a text frame for {@code quietMillis}, or until
     * {@code timeoutSeconds} have passed; returns the seconds it waited.
     */
    double awaitQuiet(long quietMillis, double timeoutSeconds) {
        long start = System.nanoTime();
        long deadline = start + (long) (timeoutSeconds * 1e9);
        long quiet = TimeUnit.MILLISECONDS.toNanos(quietMillis);
        while (System.nanoTime() - lastFrameNanos < quiet && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
        return (System.nanoTime() - start) / 1e9;
    }

    /** Text frames received by all sockets while counting. */
    long textFrames() {
        return textFrames.sum();
    }

    @Override
    public void onControl(BenchSocket socket, String text) {
        if (text.contains("\"event\":\"welcome\"")) {
            connectTimes.recordValue(System.nanoTime() - socket.connectStartNanos);
            welcomed.incrementAndGet();
            settle(socket);
        } else if (text.contains("\"event\":\"ack\"") && awaitedRef != null && text.contains(awaitedRef)) {
            acknowledged.countDown();
        }
    }

    @Override
    public void onClosed(BenchSocket socket, int code, String why) {
        if (settle(socket)) {
            failed.incrementAndGet();
            failures.computeIfAbsent(code + " " + why, k -> new AtomicInteger()).incrementAndGet();
        } else {
            lateCloses.incrementAndGet();
            closeCodes.computeIfAbsent(code, k -> new AtomicInteger()).incrementAndGet();
        }
    }

    /** True for the first of welcome or failure of a socket being connected. */
    private boolean settle(BenchSocket socket) {
        boolean[] flags = settled;
        if (socket.index >= flags.length || flags[socket.index]) {
            return false;
        }
        flags[socket.index] = true;
        handshakes.release();
        allSettled.countDown();
        return true;
    }

    @Override
    public void close() {
        for (BenchSocket socket : sockets) {
            socket.close();
        }
        CountDownLatch closed = new CountDownLatch(loops.size());
        for (BenchLoop loop : loops) {
            loop.execute(closed::countDown);
        }
        try {
            closed.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        loops.forEach(BenchLoop::close);
    }
}
