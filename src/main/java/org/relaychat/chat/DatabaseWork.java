package org.relaychat.chat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs what waits on the database on the database reads' threads, never on a socket's: the answer
 * comes when the database gives it, and when those threads are all taken, or the database fails,
 * the caller's {@code unavailable} runs at once instead.
 */
final class DatabaseWork {

    private static final Logger LOG = Logger.getLogger(DatabaseWork.class.getName());

    private final Executor threads;

    /** @param threads where database work waits; it throws RejectedExecutionException when busy */
    DatabaseWork(Executor threads) {
        this.threads = threads;
    }

    <T> void run(Supplier<T> work, Consumer<T> answer, Runnable unavailable) {
        CompletableFuture<T> result;
        try {
            result = CompletableFuture.supplyAsync(work, threads);
        } catch (RejectedExecutionException busy) {
            unavailable.run();
            return;
        }
        result.whenComplete((value, failure) -> {
            if (failure != null) {
                LOG.log(Level.WARNING, "Work on the database failed", failure);
                unavailable.run();
            } else {
                answer.accept(value);
            }
        });
    }
}
