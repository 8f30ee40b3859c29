package org.relaychat.chat;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.relaychat.config.ChatConfig;
import org.relaychat.config.Limits;
import org.relaychat.connection.CloseCode;
import org.relaychat.connection.Connection;
import org.relaychat.registry.ChatRegistry;
import org.relaychat.threads.OwnThreads;

/**
 * Pings every connection each ping interval and closes (1001) those whose pong is later than the
 * interval plus the pong timeout, and those idle past the idle timeout. A dead peer is found within
 * two intervals plus the timeout. Connections whose token has expired are closed with 1008
 * ({@code token expired}) within one interval.
 *
 * <p>It beats on a thread of its own: the container's shared scheduler may have a single thread
 * (Payara's default), which a task waiting on a slow database would hold, and clients whose pongs
 * went unchecked meanwhile would then all be closed at once.
 */
@ApplicationScoped
public class Heartbeat {

    private static final Logger LOG = Logger.getLogger(Heartbeat.class.getName());

    @Inject
    ChatRegistry registry;

    @Inject
    ChatService chat;

    @Inject
    ChatConfig config;

    @Resource
    ManagedThreadFactory threads;

    private ScheduledExecutorService scheduler;
    private volatile long lastBeatNanos = System.nanoTime();

    void start(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted) {
        lastBeatNanos = System.nanoTime();
        long interval = config.limits().pingInterval().toMillis();
        scheduler = Executors.newSingleThreadScheduledExecutor(OwnThreads.named(threads, "relay-heartbeat"));
        scheduler.scheduleAtFixedRate(this::beat, interval, interval, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }

    /** Time since the last beat, or since the start before the first one. */
    public Duration sinceLastBeat() {
        return Duration.ofNanos(System.nanoTime() - lastBeatNanos);
    }

    void beat() {
        lastBeatNanos = System.nanoTime();
        try {
            checkConnections();
        } catch (RuntimeException e) {
            // A periodic task that throws is never run again; one bad beat must not end liveness checks.
            LOG.log(Level.WARNING, "Heartbeat failed", e);
        }
    }

    private void checkConnections() {
        if (!registry.isAccepting()) {
            // Shutting down: the connections are being closed after their queues, not for liveness.
            return;
        }
        Limits limits = config.limits();
        long now = System.nanoTime();
        long pongDeadline = limits.pingInterval().plus(limits.pongTimeout()).toNanos();
        long idleTimeout = limits.idleTimeout().toNanos();
        Instant wallClock = Instant.now();
        for (Connection connection : registry.connections()) {
            if (connection.identity().hasExpired(wallClock)) {
                chat.disconnect(connection, CloseCode.POLICY_VIOLATION, "token expired");
            } else if (idleTimeout > 0 && connection.nanosSinceLastFrame(now) > idleTimeout) {
                chat.disconnect(connection, CloseCode.GOING_AWAY, "idle timeout");
            } else if (connection.nanosSinceLastPong(now) > pongDeadline) {
                chat.disconnect(connection, CloseCode.GOING_AWAY, "ping timeout");
            } else {
                connection.ping();
            }
        }
    }
}
