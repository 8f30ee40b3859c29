package org.relaychat.chat;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.relaychat.connection.CloseCode;
import org.relaychat.connection.Connection;
import org.relaychat.registry.ChatRegistry;

/**
 * Ends every connection cleanly when the application stops (undeploy or server shutdown): no
 * connection is admitted any more, each client gets what was already queued for it and then a
 * close 1001 with a reason, so it knows to reconnect elsewhere. A client that does not read its
 * queue within the shutdown timeout is closed at once.
 *
 * <p>Started by whichever comes first: the web application's {@code ShutdownFilter}, while the
 * container's sessions are still open (an undeploy), or a JVM shutdown hook (the process is told
 * to stop). The hook is needed because a server stopping its process does not always stop the
 * application before its network listeners: Payara Micro may close the sockets while the filter
 * is still waiting its turn. With the hook the closes start at once, and a shutdown grace period
 * (Payara Micro's {@code --shutdowngrace}) gives them time to reach the clients.
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

    private final CountDownLatch closed = new CountDownLatch(1);
    /** Made when the application starts, on the bean itself (not in its client proxy). */
    private Thread hook;

    void watchProcess(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted) {
        hook = new Thread(this::closeAll, "relay-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    @PreDestroy
    void stopWatchingProcess() {
        if (hook == null) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException processStopping) {
            // The hook is running or has run: nothing to remove.
        }
    }

    /** Closes every connection; a later call waits until the first one has finished. */
    public void closeAll() {
        if (!registry.stopAdmitting()) {
            awaitClosed();
            return;
        }
        try {
            closeEveryConnection();
        } finally {
            closed.countDown();
        }
    }

    private void closeEveryConnection() {
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

    private void awaitClosed() {
        try {
            closed.await(timeoutSeconds + 1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
