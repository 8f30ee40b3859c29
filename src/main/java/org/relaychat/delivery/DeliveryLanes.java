package org.relaychat.delivery;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The node's delivery lanes ({@code chat.delivery.lanes}, by default one per processor), on the
 * container's managed threads, stopped with the application after the deliveries already queued.
 */
@ApplicationScoped
public class DeliveryLanes implements Lanes {

    @Resource
    ManagedThreadFactory threads;

    @Inject
    @ConfigProperty(name = "chat.delivery.lanes")
    int configuredLanes;

    private ShardedLanes lanes;

    @PostConstruct
    void start() {
        int count = configuredLanes > 0 ? configuredLanes : Runtime.getRuntime().availableProcessors();
        lanes = new ShardedLanes(count, threads, "relay-delivery");
    }

    @PreDestroy
    void stop() {
        lanes.close();
    }

    @Override
    public void execute(String key, Runnable task) {
        lanes.execute(key, task);
    }
}
