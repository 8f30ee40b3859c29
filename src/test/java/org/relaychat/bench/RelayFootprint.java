package org.relaychat.bench;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.relaychat.config.DefaultLimits;
import org.relaychat.connection.CloseCode;
import org.relaychat.connection.Connection;
import org.relaychat.connection.Transport;
import org.relaychat.endpoint.ChatEndpoint;
import org.relaychat.registry.ChatRegistry;
import org.relaychat.security.Identity;

/**
 * Relay's own share of an idle connection's heap: the objects the server builds for one (endpoint
 * instance, connection with its queue and rate limiter, registry entries), built here the same way
 * and weighed. What the server's heap grows by beyond this per connection is the container's.
 */
final class RelayFootprint {

    private RelayFootprint() {
    }

    static long bytesPerConnection(int connections) {
        ChatRegistry registry = new ChatRegistry();
        List<ChatEndpoint> endpoints = new ArrayList<>(connections);
        long before = usedAfterGc();
        for (int i = 0; i < connections; i++) {
            Connection connection = new Connection(UUID.randomUUID().toString(), Identity.anonymous("b" + i),
                    Optional.of("127.0.0." + (2 + i % 8)), new SessionLike(), DefaultLimits.limits(), slow -> { });
            registry.admit(connection, Integer.MAX_VALUE, 0);
            endpoints.add(new ChatEndpoint());
        }
        long bytes = usedAfterGc() - before;
        if (registry.connectionCount() != connections || endpoints.size() != connections) {
            throw new IllegalStateException("not every connection was built");
        }
        return Math.round((double) bytes / connections);
    }

    private static long usedAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** As large as the server's transport over a WebSocket session: three references and an int. */
    private static final class SessionLike implements Transport {
        private final Object session = null;
        private final Object executor = null;
        private final Object sentFrames = null;
        private final int batchChars = 0;

        @Override
        public void sendText(String text, Consumer<Throwable> done) {
            done.accept(null);
        }

        @Override
        public void sendPing(long mark) {
        }

        @Override
        public void close(CloseCode code, String reason) {
        }
    }
}
