package org.relaychat.cluster;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import org.relaychat.config.ChatConfig;
import org.relaychat.config.ClusterConfig;
import org.relaychat.delivery.FanOut;
import org.relaychat.delivery.LocalDelivery;
import org.relaychat.delivery.LocalFanOut;
import org.relaychat.history.MessageHistory;
import org.relaychat.metrics.ClusterMetrics;
import org.relaychat.registry.ChatRegistry;
import org.relaychat.registry.ConnectionAdmitted;
import org.relaychat.registry.ConnectionRemoved;
import org.relaychat.registry.MemberJoined;
import org.relaychat.registry.MemberLeft;

/** Provides the fan-out that {@code chat.cluster.mode} names, and ends it with the application. */
@ApplicationScoped
public class FanOutSelection {

    @Inject
    ClusterConfig config;

    @Inject
    ChatConfig chat;

    @Inject
    ChatRegistry registry;

    @Inject
    MessageHistory history;

    @Inject
    LocalDelivery local;

    @Inject
    ClusterMetrics metrics;

    @Resource
    ManagedScheduledExecutorService scheduler;

    @Produces
    @ApplicationScoped
    FanOut fanOut() {
        return switch (config.mode()) {
            case LOCAL -> new LocalFanOut();
            case REDIS -> new RedisFanOut(config, chat.limits().membershipEventsMaxMembers(), registry, local,
                    history, metrics, scheduler);
        };
    }

    void close(@Disposes FanOut fanOut) {
        fanOut.close();
    }

    /** Joins the cluster as the application starts, not when the first client arrives. */
    void joinAtStart(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted, FanOut fanOut) {
        fanOut.isConnected();
    }

    void memberJoined(@Observes MemberJoined joined, FanOut fanOut) {
        fanOut.memberJoined(joined);
    }

    void memberLeft(@Observes MemberLeft left, FanOut fanOut) {
        fanOut.memberLeft(left);
    }

    void connectionAdmitted(@Observes ConnectionAdmitted admitted, FanOut fanOut) {
        fanOut.connectionAdmitted(admitted);
    }

    void connectionRemoved(@Observes ConnectionRemoved removed, FanOut fanOut) {
        fanOut.connectionRemoved(removed);
    }
}
