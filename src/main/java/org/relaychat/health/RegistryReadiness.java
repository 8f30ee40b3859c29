package org.relaychat.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.relaychat.config.ChatConfig;
import org.relaychat.registry.ChatRegistry;

/**
 * Ready while the registry admits connections: not shutting down and below the client limit, so a
 * load balancer sends new clients elsewhere. Every dependency of the node (a database, a broker)
 * brings a readiness check of its own; the server reports ready only when all of them are up.
 */
@Readiness
@ApplicationScoped
public class RegistryReadiness implements HealthCheck {

    static final String NAME = "chat-registry";

    @Inject
    ChatRegistry registry;

    @Inject
    ChatConfig config;

    @Override
    public HealthCheckResponse call() {
        int connections = registry.connectionCount();
        int maxClients = config.limits().maxClients();
        boolean accepting = registry.isAccepting();
        return HealthCheckResponse.named(NAME)
                .status(accepting && connections < maxClients)
                .withData("accepting", accepting)
                .withData("connections", connections)
                .withData("max_clients", maxClients)
                .build();
    }
}
