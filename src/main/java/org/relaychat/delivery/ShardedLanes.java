package org.relaychat.delivery;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.relaychat.threads.OwnThreads;

/**
 * A fixed number of single-thread lanes; a key's hash picks its lane. Order holds per key, and
 * keys spread over every lane, so no one thread carries every room.
 *
 * <p>A lane's queue has no bound of its own: what reaches it is bounded upstream (the rate limit
 * per connection, the message writer's queue), and dropping a delivery would lose an event.
 */
public final class ShardedLanes implements Lanes, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ShardedLanes.class.getName());
    private static final long CLOSE_WAIT_MILLIS = 10_000;

    private final ExecutorService[] lanes;

    /** {@code count} lanes whose threads come from {@code threads}, named {@code name-0}, {@code name-1}, ... in lane order. */
    public ShardedLanes(int count, ThreadFactory threads, String name) {
        if (count < 1) {
            throw new IllegalArgumentException("at least one lane: " + count);
        }
        lanes = new ExecutorService[count];
        ThreadFactory named = OwnThreads.named(threads, name);
        for (int i = 0; i < count; i++) {
            ThreadPoolExecutor lane = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
                    named);
            // Started now, one after the other, so that each thread's name is its lane's number.
            lane.prestartAllCoreThreads();
            lanes[i] = lane;
        }
    }

    public int count() {
        return lanes.length;
    }

    /** The lane that runs {@code key}'s tasks. */
    public int laneOf(String key) {
        return Math.floorMod(key.hashCode(), lanes.length);
    }

    @Override
    public void execute(String key, Runnable task) {
        try {
            lanes[laneOf(key)].execute(() -> runLogged(task));
        } catch (RejectedExecutionException closed) {
            // Stopping: what the message writer completes last still reaches whoever is connected.
            runLogged(task);
        }
    }

    /** Runs what was handed over already, then stops the lanes' threads. */
    @Override
    public void close() {
        for (ExecutorService lane : lanes) {
            lane.shutdown();
        }
        long deadline = System.currentTimeMillis() + CLOSE_WAIT_MILLIS;
        try {
            for (ExecutorService lane : lanes) {
                if (!lane.awaitTermination(Math.max(0, deadline - System.currentTimeMillis()), TimeUnit.MILLISECONDS)) {
                    lane.shutdownNow();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A task that throws must not end its lane's thread nor lose the tasks behind it. */
    static void runLogged(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "A delivery failed", e);
        }
    }
}
