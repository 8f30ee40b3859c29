package org.relaychat.history;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The message history in memory, for tests of the chat logic without a database. It stores
 * synchronously, so a message is delivered before {@code store} returns.
 */
public final class InMemoryMessageHistory implements MessageHistory {

    private final AtomicLong ids = new AtomicLong();
    private final Map<String, NavigableMap<Long, StoredMessage>> conversations = new ConcurrentHashMap<>();
    private final Map<String, Long> readPositions = new ConcurrentHashMap<>();
    private volatile boolean failing;

    /** From now on every store fails, as with a database that is down. */
    public void failStores() {
        failing = true;
    }

    public Long readPosition(String room, String user) {
        return readPositions.get(room + '\u0000' + user);
    }

    @Override
    public synchronized CompletionStage<StoredMessage> store(Draft draft) {
        if (failing) {
            return CompletableFuture.failedFuture(new IllegalStateException("store down"));
        }
        long id = ids.incrementAndGet();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        StoredMessage message = new StoredMessage(id, draft.room(), draft.to(), draft.from(), draft.user(),
                draft.text(), now);
        put(message);
        return CompletableFuture.completedFuture(message);
    }

    @Override
    public synchronized MessageChange.Result change(MessageChange change) {
        Optional<StoredMessage> current = conversations.values().stream()
                .map(messages -> messages.get(change.id())).filter(Objects::nonNull).findFirst();
        MessageChange.Result result = change.resultFor(current);
        if (result.isChanged()) {
            put(result.changed());
        }
        return result;
    }

    /** Makes a stored message older by {@code age}, as if it had been sent that long before. */
    public synchronized void age(long id, Duration age) {
        conversations.values().stream().map(messages -> messages.get(id)).filter(Objects::nonNull).findFirst()
                .ifPresent(message -> put(new StoredMessage(message.id(), message.room(), message.to(),
                        message.from(), message.user(), message.text(), message.at().minus(age), message.attachments(), message.editedAt(),
                        message.deletedAt())));
    }

    private void put(StoredMessage message) {
        conversations.computeIfAbsent(message.conversation(), key -> new TreeMap<>()).put(message.id(), message);
    }

    @Override
    public long newestId() {
        return ids.get();
    }

    @Override
    public synchronized Page page(String conversation, Long before, Long after, int limit) {
        NavigableMap<Long, StoredMessage> messages = conversations.getOrDefault(conversation, new TreeMap<>());
        NavigableMap<Long, StoredMessage> range = after != null ? messages.tailMap(after, false)
                : before != null ? messages.headMap(before, false).descendingMap() : messages.descendingMap();
        List<StoredMessage> page = new ArrayList<>(range.values()).subList(0, Math.min(limit, range.size()));
        List<StoredMessage> ordered = new ArrayList<>(page);
        if (after == null) {
            Collections.reverse(ordered);
        }
        return new Page(ordered, range.size() > limit);
    }

    @Override
    public void markRead(String room, String user, long id) {
        readPositions.merge(room + '\u0000' + user, id, Math::max);
    }
}
