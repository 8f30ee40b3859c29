package org.relaychat.history;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.relaychat.config.ChatConfig;
import org.relaychat.files.FileCatalog;

/**
 * Deletes stored messages past the configured age, and the oldest of any room or direct
 * conversation holding more than the configured count, on a schedule; then the files of messages
 * gone, and uploads never sent with a message.
 */
@ApplicationScoped
public class RetentionJob {

    private static final Logger LOG = Logger.getLogger(RetentionJob.class.getName());

    @Inject
    MessageStore store;

    @Inject
    @ConfigProperty(name = "chat.history.retention-days")
    int retentionDays;

    @Inject
    @ConfigProperty(name = "chat.history.max-per-conversation")
    int maxPerConversation;

    @Inject
    FileCatalog files;

    @Inject
    ChatConfig config;

    @Inject
    @ConfigProperty(name = "chat.history.retention-interval-seconds")
    long intervalSeconds;

    @Resource
    ManagedScheduledExecutorService scheduler;

    private ScheduledFuture<?> schedule;

    void start(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted) {
        schedule = scheduler.scheduleWithFixedDelay(this::enforce, intervalSeconds, intervalSeconds,
                TimeUnit.SECONDS);
    }

    @PreDestroy
    void stop() {
        if (schedule != null) {
            schedule.cancel(false);
        }
    }

    void enforce() {
        try {
            int expired = retentionDays > 0
                    ? store.deleteOlderThan(Instant.now().minus(Duration.ofDays(retentionDays))) : 0;
            int trimmed = maxPerConversation > 0 ? store.trimConversations(maxPerConversation) : 0;
            int filesGone = files.sweep(Instant.now(), config.fileLimits().unattachedLifetime());
            if (expired + trimmed + filesGone > 0) {
                LOG.info(() -> "Retention deleted " + expired + " expired and " + trimmed + " surplus messages, and "
                        + filesGone + " files");
            }
        } catch (RuntimeException e) {
            // A run that throws would end the schedule; the next run tries again.
            LOG.log(Level.WARNING, "Retention run failed", e);
        }
    }
}
