package org.relaychat.endpoint;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.relaychat.threads.OwnThreads;

/**
 * Closes sockets on a thread of the application's own, so a close never runs inside the write
 * callback or the delivery that asked for it (closing runs the leave logic, which sends to
 * others).
 *
 * <p>Not on the container's managed executor: Payara checks before each task that the application
 * is still enabled and drops the task otherwise, so a close handed to it while the application
 * stops may never happen, and the client sees its socket drop without a close frame (1006) instead
 * of the 1001 of a graceful shutdown. This thread is started while the application runs and stays
 * until the application's beans are destroyed, after every connection has been closed.
 */
@ApplicationScoped
public class SessionCloser implements Executor {

    @Resource
    ManagedThreadFactory threads;

    private ThreadPoolExecutor closer;

    @PostConstruct
    void start() {
        closer = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                OwnThreads.named(threads, "relay-closer"));
        closer.prestartAllCoreThreads();
    }

    @Override
    public void execute(Runnable close) {
        try {
            closer.execute(close);
        } catch (RejectedExecutionException stopped) {
            close.run();
        }
    }

    /** Runs after every connection was closed (see GracefulShutdown): lets the last closes finish. */
    @PreDestroy
    void stop() {
        OwnThreads.stop(closer, Duration.ofSeconds(5));
    }
}
