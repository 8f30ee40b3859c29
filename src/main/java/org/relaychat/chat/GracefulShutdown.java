package org.relaychat.chat;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.relaychat.connection.CloseCode;
import org.relaychat.connection.Connection;
import org.relaychat.registry.ChatRegistry;

/**
 * Ends every connection cleanly when the application stops (undeploy or server shutdown): no
 * connection is admitted any more, each client gets what was already queued for it and then a
 * close 1001 with a reason, so it knows to reconnect elsewhere. A client that does not read its
 * queue within the shutdown timeout is closed at once. Started by the web application's
 * {@code ShutdownFilter}, while the container's sessions are still open.
 */
@ApplicationScoped
public class GracefulShutdown {

    /** The reason of the close frame clients get when the server stops. */
    public static final String REASON = "server shutting down";

    private static final Logger LOG = Logger.getLogger(GracefulShutdown.class.getName());

    @Inject
    ChatRegistry registry;

    @Inject
    @ConfigProperty(name = "chat.shutdown.timeout-seconds")
    long timeoutSeconds;

    /** Closes every connection; only the first call does anything. */
    public void closeAll() {
        if (!registry.stopAdmitting()) {
            return;
        }
        int open = registry.connectionCount();
        LOG.info(() -> "Shutting down: closing " + open + " connections");
        for (Connection connection : registry.connections()) {
            connection.closeAfterFlush(CloseCode.GOING_AWAY, REASON);
        }
        try {
            if (!registry.awaitEmpty(Duration.ofSeconds(timeoutSeconds))) {
                LOG.info(() -> registry.connectionCount() + " connections still sending after " + timeoutSeconds
                        + " s: closed without their queues");
                for (Connection connection : registry.connections()) {
                    connection.closeTransport(CloseCode.GOING_AWAY, REASON);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
