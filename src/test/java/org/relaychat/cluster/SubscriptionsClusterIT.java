package org.relaychat.cluster;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lettuce.core.RedisConnectionStateListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.relaychat.it.TestRedis;

/**
 * A node's subscriptions against the build's real Redis (one server, or the Redis Cluster in the
 * sharded run), through the burst of joins and leaves that thousands of clients arriving and going
 * at once make: Redis must end with exactly the channels still held, none lost and none left
 * behind. Sent one command per change, such a burst queued past the command timeout and some
 * commands were dropped unsent.
 */
class SubscriptionsClusterIT {

    private static final int THREADS = 32;
    private static final int CHANGES_PER_THREAD = 2_000;
    private static final int CHANNELS = 3_000;
    private static final Duration SETTLE = Duration.ofSeconds(30);

    @Test
    void aBurstOfJoinsAndLeavesLeavesRedisWithTheChannelsStillHeld() throws Exception {
        TestRedis redis = TestRedis.fromSystemProperties();
        RedisLink link = new RedisLink(redis.uri(), new RedisConnectionStateListener() { });
        ExecutorService clients = Executors.newFixedThreadPool(THREADS);
        try {
            link.connect((channel, message) -> { });
            Subscriptions subscriptions = new Subscriptions(link, Duration.ofSeconds(2));
            String prefix = "relay-test:storm:" + System.nanoTime() + ":";
            List<Future<List<String>>> stillHeld = new ArrayList<>();
            for (int thread = 0; thread < THREADS; thread++) {
                int seed = thread;
                stillHeld.add(clients.submit(() -> churn(subscriptions, prefix, new Random(seed), seed % 2 == 0)));
            }
            Map<String, Long> expected = new TreeMap<>();
            IntStream.range(0, CHANNELS).forEach(i -> expected.put(prefix + i, 0L));
            for (Future<List<String>> held : stillHeld) {
                held.get(2, TimeUnit.MINUTES).forEach(channel -> expected.put(channel, 1L));
            }

            Map<String, Long> wrong = new TreeMap<>(subscribersOnceSettled(link, expected));
            wrong.entrySet().removeIf(channel -> channel.getValue().equals(expected.get(channel.getKey())));
            assertTrue(wrong.isEmpty(), () -> wrong.size() + " of " + CHANNELS + " channels on " + redis.describe()
                    + " have a subscriber though nobody holds them, or none though they are held; the first: "
                    + wrong.entrySet().stream().limit(10).toList());
        } finally {
            clients.shutdownNow();
            link.close();
        }
    }

    /** Joins and leaves at random; the channels it still holds at the end, none if it leaves all. */
    private static List<String> churn(Subscriptions subscriptions, String prefix, Random random, boolean leaveAll) {
        List<String> held = new ArrayList<>();
        for (int change = 0; change < CHANGES_PER_THREAD; change++) {
            if (!held.isEmpty() && random.nextBoolean()) {
                subscriptions.release(held.remove(random.nextInt(held.size())));
            } else {
                String channel = prefix + random.nextInt(CHANNELS);
                held.add(channel);
                subscriptions.hold(channel);
            }
        }
        if (leaveAll) {
            held.forEach(subscriptions::release);
            held.clear();
        }
        return held;
    }

    /**
     * How many subscribers each channel has, as Redis counts the receivers of a publish, once that
     * is what was expected or {@link #SETTLE} has passed: the last batches may still be on their way.
     */
    private static Map<String, Long> subscribersOnceSettled(RedisLink link, Map<String, Long> expected)
            throws Exception {
        long deadline = System.nanoTime() + SETTLE.toNanos();
        Map<String, Long> counted;
        do {
            counted = new TreeMap<>();
            Map<String, CompletableFuture<Long>> receivers = new TreeMap<>();
            expected.keySet().forEach(channel ->
                    receivers.put(channel, link.publish(channel, "probe").toCompletableFuture()));
            for (Map.Entry<String, CompletableFuture<Long>> channel : receivers.entrySet()) {
                counted.put(channel.getKey(), channel.getValue().get(10, TimeUnit.SECONDS));
            }
        } while (!counted.equals(expected) && System.nanoTime() < deadline);
        return counted;
    }
}
