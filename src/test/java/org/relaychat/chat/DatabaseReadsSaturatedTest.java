package org.relaychat.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.relaychat.config.DefaultLimits;
import org.relaychat.connection.Connection;
import org.relaychat.connection.RecordingTransport;
import org.relaychat.history.Draft;
import org.relaychat.history.InMemoryMessageHistory;
import org.relaychat.history.MessageChange;
import org.relaychat.history.MessageHistory;
import org.relaychat.history.StoredMessage;
import org.relaychat.protocol.ClientFrameDecoder;
import org.relaychat.profiles.InMemoryProfileStore;
import org.relaychat.registry.ChatRegistry;
import org.relaychat.security.RoomAccess;

/**
 * A database that does not answer holds up no caller, and once its readers are all taken, clients
 * hear so at once.
 */
class DatabaseReadsSaturatedTest {

    private final CountDownLatch databaseAnswers = new CountDownLatch(1);
    private final CountDownLatch lastReadAnswered = new CountDownLatch(1);
    private final CountDownLatch welcomed = new CountDownLatch(1);
    private final CountDownLatch readerTaken = new CountDownLatch(1);
    private final ClientFrameDecoder decoder = new ClientFrameDecoder(DefaultLimits.limits());
    /** One reader and one waiting read: the third read finds them taken. */
    private final ThreadPoolExecutor reads = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(1));
    private ChatService cut;
    private Connection ana;
    private RecordingTransport anaTransport;

    @BeforeEach
    void connect() throws InterruptedException {
        ChatRegistry registry = new ChatRegistry();
        cut = new ChatService(registry, new StalledReads(), DefaultLimits.limits(), Optional.of("general"), 0,
                new RoomAccess(), StandaloneChat.dispatcher(registry), reads, FileAccess.NONE,
                new InMemoryProfileStore());
        anaTransport = new RecordingTransport() {
            @Override
            public void sendText(String text, Consumer<Throwable> done) {
                super.sendText(text, done);
                if (text.contains("\"ref\":\"r2\"")) {
                    lastReadAnswered.countDown();
                }
                if (text.startsWith("{\"event\":\"welcome\"")) {
                    welcomed.countDown();
                }
            }
        };
        ana = cut.connect(anaTransport, Optional.of("ana")).orElseThrow();
        // The welcome waits for the profile, which the database threads read first.
        assertTrue(welcomed.await(10, TimeUnit.SECONDS), "no welcome");
    }

    @AfterEach
    void stop() {
        databaseAnswers.countDown();
        reads.shutdownNow();
    }

    @Test
    void aReadBeyondTheBoundIsAnsweredUnavailableAtOnceAndTheOthersWhenTheDatabaseAnswers() throws Exception {
        send("{\"event\":\"history\",\"room\":\"general\",\"ref\":\"h1\"}");
        // The reader has already read the welcome's profile, so the first read waits in the
        // queue until the reader takes it.
        assertTrue(readerTaken.await(10, TimeUnit.SECONDS), "the first read was never taken");
        send("{\"event\":\"read\",\"room\":\"general\",\"id\":1,\"ref\":\"r2\"}");
        send("{\"event\":\"history\",\"room\":\"general\",\"ref\":\"h3\"}");
        send("{\"event\":\"message\",\"message\":\"still here\",\"ref\":\"e4\"}");

        assertEquals(List.of("welcome", "error:h3", "echo:e4"), seen());
        assertEquals("unavailable", errors().get(0).getString("code"));

        databaseAnswers.countDown();
        assertTrue(lastReadAnswered.await(10, TimeUnit.SECONDS), "the reads were not answered: " + seen());
        assertEquals(List.of("welcome", "error:h3", "echo:e4", "history:h1", "ack:r2"), seen());
    }

    private void send(String frame) {
        cut.handle(ana, decoder.decode(frame));
    }

    private List<String> seen() {
        return anaTransport.events().stream()
                .map(event -> event.getString("event")
                        + (event.containsKey("ref") ? ":" + event.getString("ref") : ""))
                .toList();
    }

    private List<JsonObject> errors() {
        return anaTransport.events().stream().filter(event -> event.getString("event").equals("error")).toList();
    }

    /** The message history of a database that answers only once the test lets it. */
    private final class StalledReads implements MessageHistory {

        private final InMemoryMessageHistory stored = new InMemoryMessageHistory();

        @Override
        public CompletionStage<StoredMessage> store(Draft draft) {
            return stored.store(draft);
        }

        @Override
        public Page page(String conversation, Long before, Long after, int limit) {
            awaitDatabase();
            return stored.page(conversation, before, after, limit);
        }

        @Override
        public MessageChange.Result change(MessageChange change) {
            awaitDatabase();
            return stored.change(change);
        }

        @Override
        public long newestId() {
            return stored.newestId();
        }

        @Override
        public void markRead(String room, String user, long id) {
            awaitDatabase();
            stored.markRead(room, user, id);
        }

        private void awaitDatabase() {
            readerTaken.countDown();
            try {
                databaseAnswers.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
