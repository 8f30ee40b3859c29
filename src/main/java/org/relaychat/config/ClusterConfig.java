package org.relaychat.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** How this node reaches the other nodes of a cluster, if there are any. */
@ApplicationScoped
public class ClusterConfig {

    /** {@code local}: one node, nothing to install; {@code redis}: nodes share rooms through Redis. */
    public enum Mode { LOCAL, REDIS }

    private Mode mode;
    private String redisUri;
    private String nodeId;
    private Duration nodeTtl;
    private String keyPrefix;

    protected ClusterConfig() {
        // for the CDI proxy
    }

    @Inject
    public ClusterConfig(
            @ConfigProperty(name = "chat.cluster.mode") String mode,
            @ConfigProperty(name = "chat.redis.uri") String redisUri,
            @ConfigProperty(name = "chat.cluster.node-id") Optional<String> nodeId,
            @ConfigProperty(name = "chat.cluster.node-ttl-seconds") long nodeTtlSeconds,
            @ConfigProperty(name = "chat.redis.key-prefix") String keyPrefix) {
        this(modeNamed(mode), redisUri,
                nodeId.map(String::strip).filter(id -> !id.isEmpty())
                        .orElseGet(() -> UUID.randomUUID().toString().substring(0, 8)),
                Duration.ofSeconds(nodeTtlSeconds), keyPrefix);
    }

    private static Mode modeNamed(String name) {
        try {
            return Mode.valueOf(name.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("chat.cluster.mode must be local or redis, not '" + name + "'", e);
        }
    }

    public ClusterConfig(Mode mode, String redisUri, String nodeId, Duration nodeTtl, String keyPrefix) {
        if (nodeId.contains("|")) {
            throw new IllegalArgumentException("chat.cluster.node-id must not contain '|'");
        }
        if (nodeTtl.toSeconds() < 3) {
            throw new IllegalArgumentException("chat.cluster.node-ttl-seconds must be at least 3");
        }
        this.mode = mode;
        this.redisUri = redisUri;
        this.nodeId = nodeId;
        this.nodeTtl = nodeTtl;
        this.keyPrefix = keyPrefix;
    }

    public Mode mode() {
        return mode;
    }

    /** Where Redis listens, as a Lettuce URI ({@code redis://[password@]host:port[/database]}). */
    public String redisUri() {
        return redisUri;
    }

    /** This node's name in Redis: unique among the nodes, random unless configured. */
    public String nodeId() {
        return nodeId;
    }

    /**
     * How long a node counts as alive after its last heartbeat; it beats three times as often.
     * The members of a crashed node leave the cluster's presence within this time.
     */
    public Duration nodeTtl() {
        return nodeTtl;
    }

    /** The first part of every Redis key and channel, so that several deployments can share a Redis. */
    public String keyPrefix() {
        return keyPrefix;
    }
}
