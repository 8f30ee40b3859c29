package org.relaychat.connection;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.relaychat.config.Limits;
import org.relaychat.profiles.Profile;
import org.relaychat.security.Identity;

/**
 * One client connection: who it is, the rooms it is in, its outbound queue, rate limit and
 * liveness. Sending never blocks; closing happens once.
 */
public final class Connection {

    private final String clientId;
    private final Identity identity;
    private final Optional<String> address;
    private final Transport transport;
    private final OutboundQueue outbound;
    private final RateLimiter rateLimiter;
    private final Set<String> rooms = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile long lastFrameNanos;
    private volatile long lastPongNanos;
    private volatile Profile profile;

    /** A connection of an anonymous user whose address is unknown. */
    public Connection(String clientId, String user, Transport transport, Limits limits,
            Consumer<Connection> onSlowConsumer) {
        this(clientId, Identity.anonymous(user), Optional.empty(), transport, limits, onSlowConsumer);
    }

    /**
     * @param address the client's IP address, when known
     * @param onSlowConsumer called once, from whichever thread overflowed the queue, when the
     *     client stops keeping up
     */
    public Connection(String clientId, Identity identity, Optional<String> address, Transport transport,
            Limits limits, Consumer<Connection> onSlowConsumer) {
        this.clientId = clientId;
        this.identity = identity;
        this.address = address;
        this.transport = transport;
        this.outbound = new OutboundQueue(transport, limits.outboundMaxBytes(), () -> onSlowConsumer.accept(this));
        long now = System.nanoTime();
        this.rateLimiter = new RateLimiter(limits.ratePerSecond(), limits.rateBurst(), limits.rateMaxStrikes(), now);
        this.lastFrameNanos = now;
        this.lastPongNanos = now;
        this.profile = Profile.plain(identity.user(), Profile.State.ONLINE);
    }

    public String clientId() {
        return clientId;
    }

    public String user() {
        return identity.user();
    }

    public Identity identity() {
        return identity;
    }

    /**
     * The user's profile as this node last knew it: loaded when the connection opened, and changed
     * by {@code set_profile} from any of the user's connections on this node. Joins carry it.
     */
    public Profile profile() {
        return profile;
    }

    public void showAs(Profile changed) {
        this.profile = changed;
    }

    /** The client's IP address, when known. */
    public Optional<String> address() {
        return address;
    }

    /** Queues an encoded frame; dropped silently once the connection is closed or overflowing. */
    public void send(String frame) {
        if (!closed.get()) {
            outbound.offer(frame);
        }
    }

    /**
     * Sends one encoded frame to each recipient but {@code except} (which may be null): queued to
     * all of them first, then written, so that a client whose events pile up meanwhile (from other
     * deliveries) gets them together when it takes batched frames. Returns the recipients.
     */
    public static int sendToEach(Iterable<Connection> recipients, String frame, Connection except) {
        List<Connection> queued = new ArrayList<>();
        for (Connection recipient : recipients) {
            if (recipient != except && !recipient.closed.get()) {
                recipient.outbound.queue(frame);
                queued.add(recipient);
            }
        }
        for (Connection recipient : queued) {
            recipient.outbound.flush();
        }
        return queued.size();
    }

    /**
     * Frames sent from now on wait, in order, until {@link #startWriting}: for a new connection
     * whose welcome must not reach the client before the connection is reachable and in the rooms
     * the welcome lists.
     */
    public void holdWriting() {
        outbound.hold();
    }

    /** Sends {@code welcome}, then what waited since {@link #holdWriting}, then everything as it comes. */
    public void startWriting(String welcome) {
        outbound.release(welcome);
    }

    /** Queues a ping behind the frames already waiting, so the socket keeps one writer. */
    public void ping() {
        send(OutboundQueue.PING);
    }

    /** Characters queued for this client or sent but not yet confirmed read. */
    public int backlogChars() {
        return outbound.backlogChars();
    }

    /** Counts a client frame against the rate limit and as a sign of life. */
    public RateLimiter.Verdict frameReceived() {
        long now = System.nanoTime();
        lastFrameNanos = now;
        return rateLimiter.acquire(now);
    }

    /** A pong came back; {@code mark} is the data of the ping it answers, when it was one of ours. */
    public void pongReceived(OptionalLong mark) {
        lastPongNanos = System.nanoTime();
        mark.ifPresent(outbound::confirmRead);
    }

    public long nanosSinceLastFrame(long nowNanos) {
        return nowNanos - lastFrameNanos;
    }

    public long nanosSinceLastPong(long nowNanos) {
        return nowNanos - lastPongNanos;
    }

    /** The live set of room names this connection is in, kept by the registry. */
    public Set<String> rooms() {
        return rooms;
    }

    public List<String> sortedRooms() {
        return rooms.stream().sorted().toList();
    }

    public boolean isClosed() {
        return closed.get();
    }

    /** Marks the connection closed; true for the one caller that closed it. */
    public boolean markClosed() {
        return closed.compareAndSet(false, true);
    }

    /**
     * Sends the frames already queued, then closes the socket; frames sent from now on are
     * dropped. A client that does not read may keep its close waiting: {@link #closeTransport}
     * ends it at once.
     */
    public void closeAfterFlush(CloseCode code, String reason) {
        outbound.closeAfterPending(code, reason);
    }

    /** Closes the socket; frames still queued are dropped. */
    public void closeTransport(CloseCode code, String reason) {
        transport.close(code, reason);
    }

    @Override
    public String toString() {
        return clientId + " (" + identity.user() + ")";
    }
}
