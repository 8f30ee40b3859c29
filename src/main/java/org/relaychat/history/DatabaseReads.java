package org.relaychat.history;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.relaychat.threads.OwnThreads;

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
        pool = new ThreadPoolExecutor(threadCount, threadCount, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(queueSize), OwnThreads.named(threads, "relay-database-read"));
    }

    @PreDestroy
    void stop() {
        OwnThreads.stop(pool, Duration.ofSeconds(10));
    }

    @Override
    public void execute(Runnable read) {
        pool.execute(read);
    }
}
