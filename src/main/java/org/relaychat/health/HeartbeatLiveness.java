package org.relaychat.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.relaychat.chat.Heartbeat;
import org.relaychat.config.ChatConfig;

/**
 * Alive while the heartbeat runs. Without it dead peers are never found and slow readers never
 * confirmed, so a node whose heartbeat missed several intervals is better restarted.
 */
@Liveness
@ApplicationScoped
public class HeartbeatLiveness implements HealthCheck {

    static final String NAME = "chat-heartbeat";
    private static final int MISSED_BEATS = 3;

    @Inject
    Heartbeat heartbeat;

    @Inject
    ChatConfig config;

    @Override
    public HealthCheckResponse call() {
        Duration since = heartbeat.sinceLastBeat();
        Duration allowed = config.limits().pingInterval().multipliedBy(MISSED_BEATS);
        return HealthCheckResponse.named(NAME)
                .status(since.compareTo(allowed) <= 0)
                .withData("seconds_since_last_beat", since.toSeconds())
                .build();
    }
}
