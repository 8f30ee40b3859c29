package org.relaychat.cluster;

import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisException;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.relaychat.config.ClusterConfig;
import org.relaychat.connection.Connection;
import org.relaychat.delivery.Envelope;
import org.relaychat.delivery.FanOut;
import org.relaychat.delivery.LocalDelivery;
import org.relaychat.delivery.RoomEvents;
import org.relaychat.history.MessageHistory;
import org.relaychat.metrics.ClusterMetrics;
import org.relaychat.protocol.ServerEvent.Member;
import org.relaychat.registry.ChatRegistry;
import org.relaychat.registry.ConnectionAdmitted;
import org.relaychat.registry.ConnectionRemoved;
import org.relaychat.registry.MemberJoined;
import org.relaychat.registry.MemberLeft;
import org.relaychat.registry.Room;

/**
 * The nodes of a cluster share one Redis (a single server or a Redis Cluster). An event goes to
 * the channel of its room, to the channel of each user it is for, or to the one channel for
 * everyone, and a node subscribes to a room's channel while the room has members here and to a
 * user's while the user is connected here: a node receives only what its own connections need,
 * so its work grows with its members, not with the cluster. Presence ({@link RedisPresence}) and
 * node liveness ({@link NodeLiveness}) are kept in Redis too. Callers on WebSocket threads only
 * ever send asynchronous commands; connecting, the heartbeat and the catch-up after an
 * interruption run on the scheduler's thread.
 *
 * <p>Without Redis the node keeps serving its own members and reports itself not connected.
 * Lettuce reconnects by itself; the node then subscribes again, corrects its presence entries,
 * delivers from the message store the room messages that other nodes stored meanwhile
 * ({@link StoreCatchUp}), and publishes the stored messages it could not publish.
 */
public final class RedisFanOut implements FanOut {

    private static final Logger LOG = Logger.getLogger(RedisFanOut.class.getName());
    /** How long a join or a welcome waits at most for its subscription before going out regardless. */
    private static final Duration SUBSCRIBE_TIMEOUT = Duration.ofSeconds(2);

    private final ClusterConfig config;
    private final int membershipEventsMaxMembers;
    private final ChatRegistry registry;
    private final MessageHistory history;
    private final ClusterMetrics metrics;
    private final RedisKeys keys;
    private final ClusterInbox inbox;
    private final RedisLink link;
    private final Subscriptions subscriptions;
    private final RedisPresence presence;
    private final NodeLiveness liveness;
    private final StoreCatchUp catchUp;
    private final AtomicBoolean presenceStale = new AtomicBoolean();
    private final Unsent unsent = new Unsent();
    private final ScheduledFuture<?> heartbeat;
    private volatile boolean connected;
    private volatile boolean closed;
    private boolean unreachableReported;

    /**
     * Starts a node's part in the cluster: the first connection attempt and the heartbeat run on
     * {@code scheduler}, whose threads may use the message store. Rooms above
     * {@code membershipEventsMaxMembers} members get no {@code user_left} for a dead node's members.
     */
    public RedisFanOut(ClusterConfig config, int membershipEventsMaxMembers, ChatRegistry registry,
            LocalDelivery local, MessageHistory history, ClusterMetrics metrics, ScheduledExecutorService scheduler) {
        this.config = config;
        this.membershipEventsMaxMembers = membershipEventsMaxMembers;
        this.registry = registry;
        this.history = history;
        this.metrics = metrics;
        this.keys = new RedisKeys(config.keyPrefix());
        this.inbox = new ClusterInbox(config.nodeId(), local);
        this.link = new RedisLink(config.redisUri(), new LinkWatcher());
        this.subscriptions = new Subscriptions(link, SUBSCRIBE_TIMEOUT);
        this.presence = new RedisPresence(keys, config.nodeId());
        this.liveness = new NodeLiveness(keys, config.nodeId(), config.nodeTtl());
        this.catchUp = new StoreCatchUp(history, inbox);
        subscriptions.hold(keys.everyoneChannel());
        metrics.countChannelsWith(subscriptions::count);
        heartbeat = scheduler.scheduleWithFixedDelay(this::beat, 0, liveness.interval().toMillis(),
                TimeUnit.MILLISECONDS);
    }

    @Override
    public void publish(Envelope envelope) {
        inbox.deliveredLocally(envelope);
        switch (envelope.audience()) {
            case ROOM -> publish(keys.roomChannel(envelope.room()), envelope);
            case EVERYONE -> publish(keys.everyoneChannel(), envelope);
            // To each user's channel the part for that user, so that a node where both sides of a
            // conversation are connected delivers each part once.
            case USERS -> envelope.users().forEach(user -> publish(keys.userChannel(user),
                    new Envelope(Envelope.Audience.USERS, null, Set.of(user), envelope.messageId(),
                            envelope.frame(), 0)));
        }
    }

    private void publish(String channel, Envelope envelope) {
        long start = System.nanoTime();
        link.publish(channel, EnvelopeCodec.encode(config.nodeId(), envelope)).whenComplete((receivers, failed) -> {
            if (failed == null) {
                metrics.published(System.nanoTime() - start);
            } else {
                LOG.log(Level.FINE, "Could not publish to Redis", failed);
                notPublished(envelope);
            }
        });
    }

    /** Stored messages go out again when Redis returns; other events are for the moment only. */
    private void notPublished(Envelope envelope) {
        if (envelope.isStoredMessage()) {
            unsent.keep(envelope);
        }
    }

    /** What arrives on a subscribed channel, on Lettuce's thread. */
    private void received(String channel, String text) {
        try {
            switch (inbox.receive(text)) {
                case DELIVERED -> metrics.received();
                case DUPLICATE -> {
                    metrics.received();
                    metrics.duplicate();
                }
                case OWN -> {
                    // this node's own event, delivered here before it was published
                }
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Dropped an unreadable event from Redis on " + channel, e);
        }
    }

    @Override
    public CompletionStage<List<Member>> membersElsewhere(String room) {
        var redis = link.async();
        if (redis == null || !link.isConnected()) {
            return CompletableFuture.completedStage(List.of());
        }
        return presence.elsewhere(redis, room, liveness.live(redis)).exceptionally(failed -> {
            LOG.log(Level.FINE, "Could not read presence from Redis", failed);
            return List.of();
        });
    }

    @Override
    public boolean isConnected() {
        return connected && link.isConnected();
    }

    @Override
    public void memberJoined(MemberJoined joined) {
        subscriptions.hold(keys.roomChannel(joined.room()));
        var redis = link.async();
        if (redis != null) {
            presence.joined(redis, joined.room(), joined.member().clientId(), joined.member().user())
                    .exceptionally(this::presenceFailed);
        }
    }

    @Override
    public void memberLeft(MemberLeft left) {
        var redis = link.async();
        if (redis != null) {
            presence.left(redis, left.room(), left.member().clientId()).exceptionally(this::presenceFailed);
        }
        subscriptions.release(keys.roomChannel(left.room()));
    }

    @Override
    public void connectionAdmitted(ConnectionAdmitted admitted) {
        subscriptions.hold(keys.userChannel(admitted.connection().user()));
    }

    @Override
    public void connectionRemoved(ConnectionRemoved removed) {
        subscriptions.release(keys.userChannel(removed.connection().user()));
    }

    @Override
    public CompletionStage<Void> roomReady(String room) {
        return subscriptions.ready(keys.roomChannel(room));
    }

    @Override
    public CompletionStage<Void> userReady(String user) {
        return subscriptions.ready(keys.userChannel(user));
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
        try {
            if (link.isConnected()) {
                liveness.leave(link.sync());
                presence.leave(link.sync());
            }
        } catch (RedisException e) {
            LOG.log(Level.FINE, "Could not leave the cluster cleanly", e);
        }
        link.close();
    }

    /** Connects when not yet connected, keeps this node alive in Redis, and catches up. */
    private void beat() {
        if (closed) {
            return;
        }
        try {
            if (!connected && !connect()) {
                return;
            }
            if (!link.isConnected()) {
                return;
            }
            var redis = link.sync();
            boolean newInSet = liveness.beat(redis);
            for (String dead : liveness.takeDead(redis)) {
                announceDeparture(presence.removeNode(redis, dead), dead);
            }
            if (newInSet || presenceStale.getAndSet(false)) {
                presence.correct(redis, localMembers());
            }
            var resumePoints = inbox.takeResumePoints(registry.rooms().stream().map(Room::name).toList());
            if (resumePoints.isPresent()) {
                // Live events first, then the store for what the channels dropped meanwhile.
                awaitSubscriptions();
                int count = catchUp.catchUp(resumePoints.get());
                LOG.info(() -> "Redis is back: delivered " + count + " room messages stored while it was away");
            }
            unsent.takeAll().forEach(this::publish);
            subscriptions.retry();
        } catch (RuntimeException e) {
            // A periodic task that throws is never run again: log, and try on the next beat.
            LOG.log(Level.FINE, "Redis heartbeat failed", e);
        }
    }

    private boolean connect() {
        try {
            link.connect(this::received);
        } catch (RedisException e) {
            // Tried again every beat: say so once.
            Level level = unreachableReported ? Level.FINE : Level.WARNING;
            unreachableReported = true;
            LOG.log(level, () -> "Redis at " + config.redisUri() + " not reachable: " + e.getMessage()
                    + "; serving this node's members only, retrying");
            return false;
        }
        inbox.deliveredUpTo(history.newestId());
        awaitSubscriptions();
        connected = true;
        LOG.info(() -> "Node " + config.nodeId() + " joined the cluster through " + (link.isSharded()
                ? "the Redis Cluster at " : "Redis at ") + config.redisUri());
        return true;
    }

    /**
     * Subscribes to every channel this node needs, waiting for Redis to confirm (on the scheduler's
     * thread). Lettuce subscribes again by itself after a reconnection, but not to the channels
     * asked for while Redis was away, and on a Redis Cluster it sends every shard channel in one
     * {@code SSUBSCRIBE}, which Redis refuses ({@code CROSSSLOT}): this does it channel by channel.
     */
    private void awaitSubscriptions() {
        try {
            subscriptions.renew().toCompletableFuture().get(SUBSCRIBE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            LOG.log(Level.FINE, "Redis did not confirm the subscriptions; trying again on the next beat", e);
            inbox.interrupted();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** This node's members by room: client id to user. */
    private Map<String, Map<String, String>> localMembers() {
        Map<String, Map<String, String>> members = new HashMap<>();
        for (Room room : registry.rooms()) {
            Map<String, String> users = new HashMap<>();
            for (Connection member : room.members()) {
                users.put(member.clientId(), member.user());
            }
            members.put(room.name(), users);
        }
        return members;
    }

    /**
     * Tells every room that the members of a node given up for dead have left ({@code user_left},
     * within the size limit for such events).
     */
    private void announceDeparture(List<RedisPresence.Departure> departures, String node) {
        for (RedisPresence.Departure departure : departures) {
            if (departure.roomSize() <= membershipEventsMaxMembers) {
                Envelope left = Envelope.toRoom(departure.room(),
                        RoomEvents.userLeft(departure.clientId(), departure.user(), departure.room()));
                inbox.deliver(left);
                publish(left);
            }
        }
        LOG.warning(() -> "Node " + node + " stopped beating: its " + departures.size()
                + " room memberships have ended");
    }

    /** Notices the subscriptions going away, so that the node catches up when they return. */
    private final class LinkWatcher implements RedisConnectionStateListener {

        @Override
        public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
            if (link.carriesSubscriptions(connection)) {
                // A Redis Cluster has a connection per shard: say it once per interruption.
                if (inbox.interrupted()) {
                    LOG.warning(() -> "Lost Redis: serving this node's members only until it returns");
                }
            } else {
                presenceStale.set(true);
            }
        }

        @Override
        public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress address) {
            presenceStale.set(true);
        }
    }
}
