package org.relaychat.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Locale;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.relaychat.config.ClusterConfig;
import org.relaychat.delivery.FanOut;

/**
 * Ready while the other nodes are reachable (always, for a single node). A node cut off from
 * Redis still serves its own members, but a new client sent there would not see the rest of its
 * rooms, so the load balancer should send it to a node that does.
 */
@Readiness
@ApplicationScoped
public class ClusterReadiness implements HealthCheck {

    static final String NAME = "cluster";

    @Inject
    FanOut fanOut;

    @Inject
    ClusterConfig config;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named(NAME)
                .status(fanOut.isConnected())
                .withData("mode", config.mode().name().toLowerCase(Locale.ROOT))
                .withData("node", config.nodeId())
                .build();
    }
}
