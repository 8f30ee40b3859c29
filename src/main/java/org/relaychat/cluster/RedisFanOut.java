package org.relaychat.cluster;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.Range;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisException;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.relaychat.config.ClusterConfig;
import org.relaychat.connection.Connection;
import org.relaychat.delivery.Envelope;
import org.relaychat.delivery.FanOut;
import org.relaychat.delivery.LocalDelivery;
import org.relaychat.delivery.MessageEvents;
import org.relaychat.delivery.RoomEvents;
import org.relaychat.history.Conversation;
import org.relaychat.history.MessageHistory;
import org.relaychat.history.StoredMessage;
import org.relaychat.protocol.ServerEvent.Member;
import org.relaychat.protocol.ServerEventEncoder;
import org.relaychat.registry.ChatRegistry;
import org.relaychat.registry.MemberJoined;
import org.relaychat.registry.MemberLeft;
import org.relaychat.registry.Room;

/**
 * The nodes of a cluster share one Redis server: every node publishes its events on one channel
 * and subscribes to it, and keeps its rooms' members in Redis hashes, alive as long as its
 * heartbeat. Callers on WebSocket threads only ever send asynchronous commands; connecting,
 * the heartbeat and the catch-up after an interruption run on the scheduler's thread.
 *
 * <p>Without Redis the node keeps serving its own members and reports itself not connected.
 * Lettuce reconnects by itself; the node then corrects its presence entries, delivers from the
 * message store the room messages that other nodes stored meanwhile, and publishes the stored
 * messages it could not publish.
 */
public final class RedisFanOut implements FanOut {

    private static final Logger LOG = Logger.getLogger(RedisFanOut.class.getName());
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(2);
    private static final int CATCH_UP_PAGE = 200;
    /** Lettuce waits up to 30 s between reconnection attempts by default; a chat should not. */
    private static final Duration LONGEST_RECONNECT_DELAY = Duration.ofSeconds(2);

    private final ClusterConfig config;
    private final int membershipEventsMaxMembers;
    private final ChatRegistry registry;
    private final MessageHistory history;
    private final RedisKeys keys;
    private final ClusterInbox inbox;
    private final ClientResources resources;
    private final RedisClient client;
    private final AtomicBoolean presenceStale = new AtomicBoolean();
    private final Unsent unsent = new Unsent();
    private final ScheduledFuture<?> heartbeat;
    private volatile StatefulRedisConnection<String, String> commands;
    private volatile StatefulRedisPubSubConnection<String, String> subscription;
    private volatile boolean subscribed;
    private volatile boolean closed;
    private boolean unreachableReported;

    /**
     * Starts a node's part in the cluster: the first connection attempt and the heartbeat run on
     * {@code scheduler}, whose threads may use the message store. Rooms above
     * {@code membershipEventsMaxMembers} members get no {@code user_left} for a dead node's members.
     */
    public RedisFanOut(ClusterConfig config, int membershipEventsMaxMembers, ChatRegistry registry,
            LocalDelivery local, MessageHistory history, ScheduledExecutorService scheduler) {
        this.config = config;
        this.membershipEventsMaxMembers = membershipEventsMaxMembers;
        this.registry = registry;
        this.history = history;
        this.keys = new RedisKeys(config.keyPrefix());
        this.inbox = new ClusterInbox(config.nodeId(), local);
        this.resources = ClientResources.builder().reconnectDelay(Delay.exponential(Duration.ofMillis(100),
                LONGEST_RECONNECT_DELAY, 2, TimeUnit.MILLISECONDS)).build();
        this.client = RedisClient.create(resources, config.redisUri());
        // Commands fail at once while disconnected rather than pile up; they time out when Redis hangs.
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(COMMAND_TIMEOUT))
                .build());
        client.addListener(new LinkWatcher());
        long beat = config.nodeTtl().toMillis() / 3;
        heartbeat = scheduler.scheduleWithFixedDelay(this::beat, 0, beat, TimeUnit.MILLISECONDS);
    }

    @Override
    public void publish(Envelope envelope) {
        inbox.deliveredLocally(envelope);
        StatefulRedisConnection<String, String> connection = commands;
        if (connection == null) {
            notPublished(envelope);
            return;
        }
        connection.async().publish(keys.channel(), EnvelopeCodec.encode(config.nodeId(), envelope))
                .exceptionally(failed -> {
                    LOG.log(Level.FINE, "Could not publish to Redis", failed);
                    notPublished(envelope);
                    return null;
                });
    }

    /** Stored messages go out again when Redis returns; other events are for the moment only. */
    private void notPublished(Envelope envelope) {
        if (envelope.isStoredMessage()) {
            unsent.keep(envelope);
        }
    }

    @Override
    public CompletionStage<List<Member>> membersElsewhere(String room) {
        StatefulRedisConnection<String, String> connection = commands;
        if (connection == null || !connection.isOpen()) {
            return CompletableFuture.completedStage(List.of());
        }
        var redis = connection.async();
        String key = keys.presence(room);
        var entries = redis.hgetall(key).toCompletableFuture();
        var liveNodes = redis.zrangebyscore(keys.nodes(), Range.from(
                Range.Boundary.including(System.currentTimeMillis()), Range.Boundary.unbounded()))
                .toCompletableFuture();
        return entries.thenCombine(liveNodes, (all, live) -> PresenceEntries.remote(all, live, config.nodeId()))
                .exceptionally(failed -> {
            LOG.log(Level.FINE, "Could not read presence from Redis", failed);
            return List.of();
        });
    }

    @Override
    public boolean isConnected() {
        StatefulRedisConnection<String, String> connection = commands;
        StatefulRedisPubSubConnection<String, String> pubSub = subscription;
        return subscribed && connection != null && connection.isOpen() && pubSub != null && pubSub.isOpen();
    }

    @Override
    public void memberJoined(MemberJoined joined) {
        StatefulRedisConnection<String, String> connection = commands;
        if (connection != null) {
            var redis = connection.async();
            redis.sadd(keys.roomsOf(config.nodeId()), joined.room());
            redis.hset(keys.presence(joined.room()), PresenceEntries.field(config.nodeId(),
                    joined.member().clientId()), joined.member().user()).exceptionally(this::presenceFailed);
        }
    }

    @Override
    public void memberLeft(MemberLeft left) {
        StatefulRedisConnection<String, String> connection = commands;
        if (connection != null) {
            connection.async().hdel(keys.presence(left.room()), PresenceEntries.field(config.nodeId(),
                    left.member().clientId())).exceptionally(this::presenceFailed);
        }
    }

    private <T> T presenceFailed(Throwable failed) {
        // Put right by the heartbeat once Redis answers again.
        presenceStale.set(true);
        return null;
    }

    /**
     * Leaves the cluster at once: the other nodes stop counting this node's members (who have
     * left their rooms by now, on a clean shutdown).
     */
    @Override
    public void close() {
        closed = true;
        heartbeat.cancel(false);
        StatefulRedisConnection<String, String> connection = commands;
        try {
            if (connection != null && connection.isOpen()) {
                connection.sync().zrem(keys.nodes(), config.nodeId());
                connection.sync().del(keys.roomsOf(config.nodeId()));
            }
        } catch (RedisException e) {
            LOG.log(Level.FINE, "Could not leave the cluster cleanly", e);
        }
        client.shutdown(Duration.ZERO, COMMAND_TIMEOUT);
        resources.shutdown(0, COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Connects when not yet connected, keeps this node alive in Redis, and catches up. */
    private void beat() {
        if (closed) {
            return;
        }
        try {
            if (commands == null) {
                connect();
            }
            if (!isConnected()) {
                return;
            }
            RedisCommands<String, String> redis = commands.sync();
            long now = System.currentTimeMillis();
            // New in the set: the first beat, or Redis lost its data, or this node was given up for dead.
            boolean newInSet = redis.zadd(keys.nodes(), now + config.nodeTtl().toMillis(), config.nodeId()) > 0;
            for (String dead : redis.zrangebyscore(keys.nodes(), Range.create(0, now))) {
                // Of the nodes that notice, the one whose removal counts tells the rooms.
                if (redis.zrem(keys.nodes(), dead) > 0) {
                    announceDeparture(redis, dead);
                }
            }
            boolean missedUpdates = presenceStale.getAndSet(false);
            if (newInSet || missedUpdates) {
                correctPresence(redis);
            }
            inbox.takeResumePoints(registry.rooms().stream().map(Room::name).toList()).ifPresent(this::catchUp);
            unsent.takeAll().forEach(this::publish);
        } catch (RuntimeException e) {
            // A periodic task that throws is never run again: log, and try on the next beat.
            LOG.log(Level.FINE, "Redis heartbeat failed", e);
        }
    }

    private void connect() {
        StatefulRedisPubSubConnection<String, String> pubSub;
        try {
            pubSub = client.connectPubSub();
        } catch (RedisException e) {
            // Tried again every beat: say so once.
            Level level = unreachableReported ? Level.FINE : Level.WARNING;
            unreachableReported = true;
            LOG.log(level, () -> "Redis at " + config.redisUri() + " not reachable: " + e.getMessage()
                    + "; serving this node's members only, retrying");
            return;
        }
        try {
            pubSub.addListener(new ChannelListener());
            pubSub.sync().subscribe(keys.channel());
            subscription = pubSub;
            commands = client.connect();
            inbox.deliveredUpTo(history.newestId());
        } catch (RedisException e) {
            pubSub.close();
            subscription = null;
            LOG.log(Level.WARNING, "Could not join the cluster through Redis", e);
            return;
        }
        LOG.info(() -> "Node " + config.nodeId() + " joined the cluster through Redis at " + config.redisUri());
    }

    /** Makes this node's entries in Redis exactly its registry's memberships. */
    private void correctPresence(RedisCommands<String, String> redis) {
        String node = config.nodeId();
        Map<String, Map<String, String>> wanted = new HashMap<>();
        for (Room room : registry.rooms()) {
            Map<String, String> fields = new HashMap<>();
            for (Connection member : room.members()) {
                fields.put(PresenceEntries.field(node, member.clientId()), member.user());
            }
            wanted.put(room.name(), fields);
        }
        Set<String> recorded = redis.smembers(keys.roomsOf(node));
        for (String room : recorded) {
            Set<String> fields = redis.hkeys(keys.presence(room)).stream()
                    .filter(field -> PresenceEntries.nodeOf(field).equals(node)).collect(Collectors.toSet());
            fields.removeAll(wanted.getOrDefault(room, Map.of()).keySet());
            if (!fields.isEmpty()) {
                redis.hdel(keys.presence(room), fields.toArray(String[]::new));
            }
            if (!wanted.containsKey(room)) {
                redis.srem(keys.roomsOf(node), room);
            }
        }
        wanted.forEach((room, fields) -> {
            if (!fields.isEmpty()) {
                redis.sadd(keys.roomsOf(node), room);
                redis.hset(keys.presence(room), fields);
            }
        });
        LOG.fine(() -> "Presence of node " + node + " written for " + wanted.size() + " rooms");
    }

    /**
     * Tells every room that the members of a node given up for dead have left ({@code user_left},
     * within the size limit for such events), and removes them from the presence.
     */
    private void announceDeparture(RedisCommands<String, String> redis, String node) {
        int departed = 0;
        for (String room : redis.smembers(keys.roomsOf(node))) {
            Map<String, String> entries = redis.hgetall(keys.presence(room));
            boolean announce = entries.size() <= membershipEventsMaxMembers;
            List<String> fields = new ArrayList<>();
            for (Map.Entry<String, String> entry : entries.entrySet()) {
                if (!PresenceEntries.nodeOf(entry.getKey()).equals(node)) {
                    continue;
                }
                fields.add(entry.getKey());
                if (announce) {
                    String clientId = PresenceEntries.clientIdOf(entry.getKey());
                    Envelope left = Envelope.toRoom(room, RoomEvents.userLeft(clientId, entry.getValue(), room));
                    inbox.deliver(left);
                    publish(left);
                }
            }
            if (!fields.isEmpty()) {
                redis.hdel(keys.presence(room), fields.toArray(String[]::new));
            }
            departed += fields.size();
        }
        redis.del(keys.roomsOf(node));
        int count = departed;
        LOG.warning(() -> "Node " + node + " stopped beating: its " + count + " room memberships have ended");
    }

    /** Delivers the room messages stored while the channel was interrupted, each one once. */
    private void catchUp(Map<String, Long> resumePoints) {
        int delivered = 0;
        for (Map.Entry<String, Long> point : resumePoints.entrySet()) {
            String room = point.getKey();
            Long after = point.getValue();
            MessageHistory.Page page;
            do {
                page = history.page(Conversation.room(room), null, after, CATCH_UP_PAGE);
                for (StoredMessage message : page.messages()) {
                    if (inbox.deliver(Envelope.storedMessage(message,
                            ServerEventEncoder.toJson(MessageEvents.of(message))))) {
                        delivered++;
                    }
                    after = message.id();
                }
            } while (page.hasMore());
        }
        int count = delivered;
        LOG.info(() -> "Redis is back: delivered " + count + " room messages stored while it was away");
    }

    private final class ChannelListener extends RedisPubSubAdapter<String, String> {

        @Override
        public void message(String channel, String text) {
            try {
                inbox.receive(text);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Dropped an unreadable event from Redis", e);
            }
        }

        @Override
        public void subscribed(String channel, long count) {
            subscribed = true;
        }
    }

    /** Notices the subscription going away, so that the node catches up when it returns. */
    private final class LinkWatcher implements RedisConnectionStateListener {

        @Override
        public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
            if (connection == subscription) {
                subscribed = false;
                inbox.interrupted();
                LOG.warning(() -> "Lost Redis: serving this node's members only until it returns");
            } else if (connection == commands) {
                presenceStale.set(true);
            }
        }

        @Override
        public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress address) {
            if (connection == commands) {
                presenceStale.set(true);
            }
        }
    }
}
