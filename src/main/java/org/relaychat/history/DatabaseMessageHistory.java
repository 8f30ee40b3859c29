package org.relaychat.history;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.relaychat.metrics.ChatCounters;

/**
 * Messages kept through Jakarta Persistence with group commit: one writer thread takes every
 * message waiting, inserts them in one transaction and only then completes their stages, so a
 * message is delivered and acknowledged only once it is committed, and a busy server commits many
 * messages per round trip instead of one.
 */
@ApplicationScoped
public class DatabaseMessageHistory implements MessageHistory {

    private static final Logger LOG = Logger.getLogger(DatabaseMessageHistory.class.getName());
    /** Messages per transaction at most. */
    static final int MAX_BATCH = 500;
    /** Messages waiting at most; beyond it senders are told to retry rather than the heap filling up. */
    static final int MAX_WAITING = 65_536;

    @Inject
    MessageStore store;

    @Inject
    ChatCounters counters;

    @Resource
    ManagedThreadFactory threads;

    private final BlockingQueue<Pending> waiting = new ArrayBlockingQueue<>(MAX_WAITING);
    private volatile boolean running;
    private Thread writer;

    private record Pending(Draft draft, CompletableFuture<StoredMessage> stored, long handedOverNanos) {
    }

    @PostConstruct
    void start() {
        running = true;
        writer = threads.newThread(this::writeWhileRunning);
        writer.setName("relay-message-writer");
        writer.start();
    }

    /** Stops taking messages and writes those still waiting, so a clean shutdown loses none. */
    @PreDestroy
    void stop() {
        running = false;
        try {
            writer.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public CompletionStage<StoredMessage> store(Draft draft) {
        CompletableFuture<StoredMessage> stored = new CompletableFuture<>();
        if (!running || !waiting.offer(new Pending(draft, stored, System.nanoTime()))) {
            stored.completeExceptionally(new IllegalStateException("the message store is not taking messages"));
        }
        return stored;
    }

    @Override
    public Page page(String conversation, Long before, Long after, int limit) {
        return store.page(conversation, before, after, limit);
    }

    @Override
    public MessageChange.Result change(MessageChange change) {
        return store.change(change);
    }

    @Override
    public long newestId() {
        return store.newestId();
    }

    @Override
    public void markRead(String room, String user, long id) {
        store.markRead(room, user, id);
    }

    private void writeWhileRunning() {
        List<Pending> batch = new ArrayList<>(MAX_BATCH);
        while (running || !waiting.isEmpty()) {
            try {
                Pending first = waiting.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                waiting.drainTo(batch, MAX_BATCH - 1);
                write(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
            } catch (RuntimeException e) {
                LOG.log(Level.SEVERE, "Message writer failed", e);
            } finally {
                batch.clear();
            }
        }
    }

    private void write(List<Pending> batch) {
        try {
            complete(batch, store.insert(batch.stream().map(Pending::draft).toList(), now()));
        } catch (RuntimeException batchFailed) {
            if (batch.size() == 1) {
                LOG.log(Level.WARNING, "Could not store a message", batchFailed);
                batch.get(0).stored().completeExceptionally(batchFailed);
                return;
            }
            // One bad row must not cost the others: store them one by one.
            for (Pending pending : batch) {
                write(List.of(pending));
            }
        }
    }

    private void complete(List<Pending> batch, List<StoredMessage> stored) {
        long committed = System.nanoTime();
        for (int i = 0; i < batch.size(); i++) {
            counters.messageStored(committed - batch.get(i).handedOverNanos());
            batch.get(i).stored().complete(stored.get(i));
        }
    }

    /** The protocol's timestamps have millisecond precision; stored ones match what was sent. */
    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }
}
