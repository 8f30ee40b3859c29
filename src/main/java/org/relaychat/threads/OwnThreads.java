package org.relaychat.threads;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Threads of the application's own, for executors it starts and stops itself: made by the
 * container's {@code ManagedThreadFactory}, so they run with the application's context, and named
 * for what they do. Not the container's managed executors: their pools are shared with everything
 * else the server runs, and Payara drops their tasks once the application is being disabled, which
 * is when the last closes and deliveries must still run.
 */
public final class OwnThreads {

    private OwnThreads() {
    }

    /** Threads from {@code threads} named {@code name-0}, {@code name-1}, ... */
    public static ThreadFactory named(ThreadFactory threads, String name) {
        AtomicInteger started = new AtomicInteger();
        return task -> {
            Thread thread = threads.newThread(task);
            thread.setName(name + '-' + started.getAndIncrement());
            return thread;
        };
    }

    /** Lets what {@code executor} was handed finish for up to {@code wait}, then interrupts what is left. */
    public static void stop(ExecutorService executor, Duration wait) {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
