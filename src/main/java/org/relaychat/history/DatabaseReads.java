package org.relaychat.history;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The threads that wait on the database for clients ({@code history}, {@code read}, the history
 * sent on a join), so that a slow database never holds a container thread. Bounded in threads
 * ({@code chat.history.read-threads}) and in waiting reads ({@code chat.history.read-queue}):
 * {@link #execute} throws {@link java.util.concurrent.RejectedExecutionException} when both are
 * taken, and the client is told to retry at once.
 */
@ApplicationScoped
public class DatabaseReads implements Executor {

    @Resource
    ManagedThreadFactory threads;

    @Inject
    @ConfigProperty(name = "chat.history.read-threads")
    int threadCount;

    @Inject
    @ConfigProperty(name = "chat.history.read-queue")
    int queueSize;

    private ThreadPoolExecutor pool;

    @PostConstruct
    void start() {
        AtomicInteger started = new AtomicInteger();
        pool = new ThreadPoolExecutor(threadCount, threadCount, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(queueSize), task -> {
                    Thread thread = threads.newThread(task);
                    thread.setName("relay-database-read-" + started.getAndIncrement());
                    return thread;
                });
    }

    @PreDestroy
    void stop() {
        pool.shutdown();
        try {
            pool.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void execute(Runnable read) {
        pool.execute(read);
    }
}
