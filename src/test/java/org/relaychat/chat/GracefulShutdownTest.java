package org.relaychat.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.relaychat.config.DefaultLimits;
import org.relaychat.connection.CloseCode;
import org.relaychat.connection.Connection;
import org.relaychat.connection.RecordingTransport;
import org.relaychat.connection.Transport;
import org.relaychat.history.InMemoryMessageHistory;
import org.relaychat.registry.ChatRegistry;

class GracefulShutdownTest {

    private ChatRegistry registry;
    private ChatService chat;
    private GracefulShutdown cut;

    @BeforeEach
    void wire() {
        registry = new ChatRegistry();
        chat = StandaloneChat.service(registry, new InMemoryMessageHistory(), DefaultLimits.limits(), Optional.empty(), 0);
        cut = new GracefulShutdown();
        cut.registry = registry;
        cut.timeoutSeconds = 5;
    }

    @Test
    void everyClientGetsItsQueueThenGoingAwayWithTheReason() {
        RecordingTransport ana = connect("ana");
        RecordingTransport ben = connect("ben");

        cut.closeAll();

        for (RecordingTransport client : List.of(ana, ben)) {
            assertEquals(List.of("1001 server shutting down"), client.closesWithReasons());
            assertTrue(client.texts().get(0).contains("\"welcome\""));
        }
        assertEquals(0, registry.connectionCount());
        assertFalse(registry.isAccepting());
    }

    @Test
    void aClientConnectingDuringShutdownIsTurnedAwayWithGoingAway() {
        cut.closeAll();

        RecordingTransport late = new RecordingTransport();
        assertTrue(chat.connect(late, Optional.of("late")).isEmpty());

        assertEquals(List.of("1001 server shutting down"), late.closesWithReasons());
        assertEquals(List.of(), late.texts());
    }

    @Test
    void aClientThatDoesNotTakeItsQueueIsClosedAtOnceAfterTheTimeout() {
        cut.timeoutSeconds = 0;
        StuckTransport stuck = new StuckTransport();
        Connection connection = chat.connect(stuck, Optional.of("stuck")).orElseThrow();
        stuck.onClose = () -> chat.closed(connection, "closed");

        cut.closeAll();

        assertEquals(List.of(CloseCode.GOING_AWAY), stuck.closes);
        assertEquals(0, registry.connectionCount());
    }

    @Test
    void onlyTheFirstCallDoesAnything() {
        RecordingTransport ana = connect("ana");

        cut.closeAll();
        cut.closeAll();

        assertEquals(1, ana.closes().size());
    }

    private RecordingTransport connect(String name) {
        RecordingTransport transport = new RecordingTransport();
        Connection connection = chat.connect(transport, Optional.of(name)).orElseThrow();
        // As the container does: a closed socket reports back to the chat.
        transport.onClose(() -> chat.closed(connection, "closed"));
        return transport;
    }

    /** A socket whose sends never complete: the client reads nothing. */
    private static final class StuckTransport implements Transport {
        final List<CloseCode> closes = new ArrayList<>();
        Runnable onClose = () -> { };

        @Override
        public void sendText(String text, Consumer<Throwable> done) {
        }

        @Override
        public void sendPing(long mark) {
        }

        @Override
        public void close(CloseCode code, String reason) {
            closes.add(code);
            onClose.run();
        }
    }
}
