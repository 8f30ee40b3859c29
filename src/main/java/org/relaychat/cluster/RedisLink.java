package org.relaychat.cluster;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.cluster.pubsub.RedisClusterPubSubAdapter;
import io.lettuce.core.cluster.pubsub.StatefulRedisClusterPubSubConnection;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.pubsub.api.async.RedisPubSubAsyncCommands;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;

/**
 * A node's two connections to Redis, one for commands and one for its subscriptions, to a single
 * server (or one that Sentinel fails over) or to a Redis Cluster. On a cluster, channels are shard
 * channels (SPUBLISH, SSUBSCRIBE, Redis 7): each lives on the shard of its hash slot, so that the
 * traffic of the rooms spreads over the shards instead of every shard carrying every message.
 *
 * <p>{@code chat.redis.uri} names a cluster when it lists several hosts, the form Lettuce reads
 * for a cluster's seed nodes: {@code redis://host1:7000,host2:7000,host3:7000}.
 */
final class RedisLink implements Broker {

    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(2);
    /** Commands waiting for a Redis Cluster shard at most; beyond, they fail like a refused publish. */
    private static final int REQUEST_QUEUE = 65_536;
    /** Lettuce waits up to 30 s between reconnection attempts by default; a chat should not. */
    private static final Duration LONGEST_RECONNECT_DELAY = Duration.ofSeconds(2);

    private final ClientResources resources;
    private final AbstractRedisClient client;
    private final boolean sharded;
    private volatile StatefulConnection<String, String> commands;
    private volatile RedisClusterAsyncCommands<String, String> async;
    private volatile RedisClusterCommands<String, String> sync;
    private volatile StatefulRedisPubSubConnection<String, String> subscriptions;

    RedisLink(String uri, RedisConnectionStateListener watcher) {
        this.resources = ClientResources.builder().reconnectDelay(Delay.exponential(Duration.ofMillis(100),
                LONGEST_RECONNECT_DELAY, 2, TimeUnit.MILLISECONDS)).build();
        this.sharded = namesCluster(uri);
        // Commands time out when Redis hangs.
        if (sharded) {
            RedisClusterClient cluster = RedisClusterClient.create(resources, uri);
            cluster.setOptions(ClusterClientOptions.builder()
                    .autoReconnect(true)
                    // Lettuce opens a shard's connection when a command first needs it, and would
                    // refuse that command if commands were refused while disconnected: they wait,
                    // bounded by the queue and the timeout, instead.
                    .disconnectedBehavior(ClientOptions.DisconnectedBehavior.ACCEPT_COMMANDS)
                    .requestQueueSize(REQUEST_QUEUE)
                    .timeoutOptions(TimeoutOptions.enabled(COMMAND_TIMEOUT))
                    // A failover or a resharding moves slots: follow it.
                    .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                            .enableAllAdaptiveRefreshTriggers().build())
                    .build());
            this.client = cluster;
        } else {
            RedisClient single = RedisClient.create(resources, uri);
            single.setOptions(ClientOptions.builder()
                    .autoReconnect(true)
                    // Commands fail at once while disconnected rather than pile up.
                    .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                    .timeoutOptions(TimeoutOptions.enabled(COMMAND_TIMEOUT))
                    .build());
            this.client = single;
        }
        client.addListener(watcher);
    }

    /** Whether {@code uri} lists several hosts: a Redis Cluster's seed nodes rather than one server. */
    static boolean namesCluster(String uri) {
        URI parsed = URI.create(uri);
        String scheme = parsed.getScheme();
        return ("redis".equals(scheme) || "rediss".equals(scheme))
                && parsed.getRawAuthority() != null && parsed.getRawAuthority().contains(",");
    }

    boolean isSharded() {
        return sharded;
    }

    /**
     * Opens both connections, {@code receiver} getting what arrives on the subscribed channels;
     * a {@link io.lettuce.core.RedisException} when Redis cannot be reached.
     */
    void connect(BiConsumer<String, String> receiver) {
        StatefulRedisPubSubConnection<String, String> pubSub;
        if (client instanceof RedisClusterClient cluster) {
            StatefulRedisClusterPubSubConnection<String, String> clusterPubSub = cluster.connectPubSub();
            clusterPubSub.addListener(new RedisClusterPubSubAdapter<>() {
                @Override
                public void smessage(RedisClusterNode node, String channel, String message) {
                    receiver.accept(channel, message);
                }
            });
            pubSub = clusterPubSub;
        } else {
            pubSub = ((RedisClient) client).connectPubSub();
            pubSub.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(String channel, String message) {
                    receiver.accept(channel, message);
                }
            });
        }
        try {
            if (client instanceof RedisClusterClient cluster) {
                StatefulRedisClusterConnection<String, String> connection = cluster.connect();
                async = connection.async();
                sync = connection.sync();
                commands = connection;
            } else {
                StatefulRedisConnection<String, String> connection = ((RedisClient) client).connect();
                async = connection.async();
                sync = connection.sync();
                commands = connection;
            }
        } catch (RuntimeException e) {
            pubSub.close();
            throw e;
        }
        subscriptions = pubSub;
    }

    boolean isConnected() {
        StatefulConnection<String, String> connection = commands;
        StatefulRedisPubSubConnection<String, String> pubSub = subscriptions;
        return connection != null && connection.isOpen() && pubSub != null && pubSub.isOpen();
    }

    /** Whether {@code connection} is the one that carries the subscriptions (or one of its shards'). */
    boolean carriesSubscriptions(Object connection) {
        return sharded ? connection != commands : connection == subscriptions;
    }

    /** Asynchronous commands; null until connected. */
    RedisClusterAsyncCommands<String, String> async() {
        return async;
    }

    /** Blocking commands, for the scheduler's thread only; null until connected. */
    RedisClusterCommands<String, String> sync() {
        return sync;
    }

    @Override
    public CompletionStage<Long> publish(String channel, String message) {
        var redis = async;
        if (redis == null) {
            return notConnected();
        }
        return sharded ? redis.spublish(channel, message) : redis.publish(channel, message);
    }

    @Override
    public CompletionStage<Void> subscribe(String... channels) {
        return onSubscriptions(channels, (pubSub, some) -> pubSub.subscribe(some),
                (pubSub, one) -> pubSub.ssubscribe(one));
    }

    @Override
    public CompletionStage<Void> unsubscribe(String... channels) {
        return onSubscriptions(channels, (pubSub, some) -> pubSub.unsubscribe(some),
                (pubSub, one) -> pubSub.sunsubscribe(one));
    }

    private CompletionStage<Void> onSubscriptions(String[] channels,
            BiFunction<RedisPubSubAsyncCommands<String, String>, String[], RedisFuture<Void>> plain,
            BiFunction<RedisPubSubAsyncCommands<String, String>, String, RedisFuture<Void>> sharded) {
        var pubSub = subscriptions;
        if (pubSub == null) {
            return notConnected();
        }
        if (!this.sharded) {
            return plain.apply(pubSub.async(), channels);
        }
        // A shard channel lives in its own hash slot: one command each, routed to its shard.
        return CompletableFuture.allOf(Arrays.stream(channels)
                .map(channel -> sharded.apply(pubSub.async(), channel).toCompletableFuture())
                .toArray(CompletableFuture[]::new));
    }

    private static <T> CompletionStage<T> notConnected() {
        return CompletableFuture.failedStage(new RedisException("not connected to Redis"));
    }

    void close() {
        client.shutdown(Duration.ZERO, COMMAND_TIMEOUT);
        resources.shutdown(0, COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }
}
