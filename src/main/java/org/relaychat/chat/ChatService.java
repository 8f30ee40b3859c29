package org.relaychat.chat;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.relaychat.cluster.Envelope;
import org.relaychat.cluster.FanOut;
import org.relaychat.cluster.LocalFanOut;
import org.relaychat.config.ChatConfig;
import org.relaychat.config.Limits;
import org.relaychat.history.Conversation;
import org.relaychat.history.Draft;
import org.relaychat.history.MessageHistory;
import org.relaychat.connection.CloseCode;
import org.relaychat.connection.Connection;
import org.relaychat.connection.RateLimiter;
import org.relaychat.connection.Transport;
import org.relaychat.metrics.ChatCounters;
import org.relaychat.protocol.ClientCommand;
import org.relaychat.protocol.ClientCommand.JoinRoom;
import org.relaychat.protocol.ClientCommand.LeaveRoom;
import org.relaychat.protocol.ClientCommand.ListRooms;
import org.relaychat.protocol.ClientCommand.MarkRead;
import org.relaychat.protocol.ClientCommand.RequestHistory;
import org.relaychat.protocol.ClientCommand.RequestPresence;
import org.relaychat.protocol.ClientCommand.SendBroadcast;
import org.relaychat.protocol.ClientCommand.SendDirectMessage;
import org.relaychat.protocol.ClientCommand.SendEcho;
import org.relaychat.protocol.ClientCommand.SendRoomMessage;
import org.relaychat.protocol.ClientCommand.SetTyping;
import org.relaychat.protocol.ClientFrame;
import org.relaychat.protocol.ClientFrameDecoder;
import org.relaychat.protocol.ErrorCode;
import org.relaychat.protocol.InvalidFrame;
import org.relaychat.protocol.ServerEvent;
import org.relaychat.protocol.ServerEventEncoder;
import org.relaychat.protocol.UserNames;
import org.relaychat.registry.ChatRegistry;
import org.relaychat.registry.Room;
import org.relaychat.security.Identity;
import org.relaychat.security.RoomAccess;

/**
 * What the server does for each connection and each client frame. Every frame is answered
 * according to the protocol; every fan-out encodes its event once.
 */
@ApplicationScoped
public class ChatService implements ClientCommand.Handler<Connection> {

    private static final Logger LOG = Logger.getLogger(ChatService.class.getName());
    private static final String WELCOME = "Welcome to Relay";

    private ChatRegistry registry;
    private MessageHistory history;
    private Limits limits;
    private Optional<String> defaultRoom;
    private int historyOnJoin;
    private RoomAccess access;
    private ChatCounters counters = new ChatCounters();
    private FanOut fanOut = new LocalFanOut();
    private DirectMessageQuota directMessageQuota;

    protected ChatService() {
        // for the CDI proxy
    }

    @Inject
    public ChatService(ChatRegistry registry, MessageHistory history, ChatConfig config, RoomAccess access) {
        this(registry, history, config.limits(), config.defaultRoom(), config.historyOnJoin(), access);
    }

    /** A service whose rooms are all public. */
    public ChatService(ChatRegistry registry, MessageHistory history, Limits limits, Optional<String> defaultRoom,
            int historyOnJoin) {
        this(registry, history, limits, defaultRoom, historyOnJoin, new RoomAccess());
    }

    public ChatService(ChatRegistry registry, MessageHistory history, Limits limits, Optional<String> defaultRoom,
            int historyOnJoin, RoomAccess access) {
        this.registry = registry;
        this.history = history;
        this.limits = limits;
        this.defaultRoom = defaultRoom;
        this.historyOnJoin = historyOnJoin;
        this.access = access;
        this.directMessageQuota = new DirectMessageQuota(limits.directMessagesPerHour(), Clock.systemUTC());
    }

    /** Counts into the node's counters; an instance built by hand counts into its own. */
    @Inject
    public void countInto(ChatCounters counters) {
        this.counters = counters;
    }

    /** Carries events to the other nodes too; an instance built by hand serves its own members only. */
    @Inject
    public void fanOutThrough(FanOut fanOut) {
        this.fanOut = fanOut;
    }

    /** Admits an anonymous socket whose address is unknown; see the full form. */
    public Optional<Connection> connect(Transport transport, Optional<String> requestedName) {
        return connect(transport, requestedName, Optional.empty(), Optional.empty());
    }

    /**
     * Admits a new socket: welcomes it and joins the default room (when it may), or, when the name
     * is unusable or the server or the client's address is full, tells it why and closes it. A
     * verified identity (token mode) names the user, and {@code requestedName} is then ignored.
     * Returns the connection when admitted.
     */
    public Optional<Connection> connect(Transport transport, Optional<String> requestedName,
            Optional<Identity> verified, Optional<String> address) {
        if (verified.isEmpty() && requestedName.isPresent() && !ClientFrameDecoder.isUserName(requestedName.get())) {
            refuse(transport, ErrorCode.BAD_FIELD, "'name' must be 1 to " + Limits.MAX_USER_NAME_LENGTH
                    + " characters without control, direction or invisible characters", CloseCode.POLICY_VIOLATION);
            return Optional.empty();
        }
        if (verified.isEmpty() && requestedName.filter(UserNames::isReserved).isPresent()) {
            refuse(transport, ErrorCode.BAD_FIELD, "'name' is reserved for the server", CloseCode.POLICY_VIOLATION);
            return Optional.empty();
        }
        Identity identity = verified
                .orElseGet(() -> Identity.anonymous(requestedName.orElseGet(ChatService::guestName)));
        String user = identity.user();
        Connection connection = new Connection(UUID.randomUUID().toString(), identity, address, transport, limits,
                this::closeSlowConsumer);
        Optional<String> firstRoom = defaultRoom.filter(room -> access.mayJoin(identity, room));
        List<String> joined = firstRoom.map(List::of).orElse(List.of());
        String welcome = encode(new ServerEvent.Welcome(connection.clientId(), user, WELCOME, joined, Instant.now()));
        // The welcome promises that the client is reachable and in the rooms it lists: it waits,
        // first in the queue, until both are true, and whatever is sent to the client meanwhile
        // follows it.
        connection.holdWriting();
        switch (registry.admit(connection, limits.maxClients(), limits.maxConnectionsPerAddress(),
                admitted -> admitted.send(welcome))) {
            case SHUTTING_DOWN -> {
                counters.serverClosed(CloseCode.GOING_AWAY);
                transport.close(CloseCode.GOING_AWAY, GracefulShutdown.REASON);
                return Optional.empty();
            }
            case SERVER_FULL -> {
                LOG.info(() -> "Refused connection: " + limits.maxClients() + " clients connected");
                refuse(transport, ErrorCode.SERVER_FULL, "the server is full, try again later",
                        CloseCode.TRY_AGAIN_LATER);
                return Optional.empty();
            }
            case ADDRESS_FULL -> {
                LOG.info(() -> "Refused connection from " + address.orElse("") + ": "
                        + limits.maxConnectionsPerAddress() + " connections from that address");
                refuse(transport, ErrorCode.RATE_LIMITED, "too many connections from your address",
                        CloseCode.POLICY_VIOLATION);
                return Optional.empty();
            }
            case ADMITTED -> {
                // welcome queued; now reachable
            }
        }
        LOG.info(() -> "Connected " + connection);
        // The welcome lists the default room, so its subject gets no user_joined of its own.
        firstRoom.ifPresent(room -> announce(registry.join(connection, room).room(),
                encode(new ServerEvent.UserJoined(connection.clientId(), user, room, Instant.now())), connection));
        connection.startWriting();
        return Optional.of(connection);
    }

    private void refuse(Transport transport, ErrorCode code, String message, CloseCode closeCode) {
        counters.errorSent(code);
        counters.serverClosed(closeCode);
        String frame = encode(new ServerEvent.Error(code, message, null));
        transport.sendText(frame, sent -> transport.close(closeCode, message));
    }

    private static String guestName() {
        return "guest-" + UUID.randomUUID().toString().substring(0, 6);
    }

    /** Carries out one decoded frame, after the rate limit. */
    public void handle(Connection sender, ClientFrame frame) {
        counters.messageReceived();
        if (sender.isClosed()) {
            // Frames still arriving after the server cut the connection off are not carried out.
            return;
        }
        if (sender.identity().hasExpired(Instant.now())) {
            disconnect(sender, CloseCode.POLICY_VIOLATION, "token expired");
            return;
        }
        RateLimiter.Verdict verdict = sender.frameReceived();
        if (verdict != RateLimiter.Verdict.ALLOWED) {
            reject(sender, ErrorCode.RATE_LIMITED, "too many frames, slow down", frame.ref());
            if (verdict == RateLimiter.Verdict.ABUSIVE) {
                disconnect(sender, CloseCode.POLICY_VIOLATION, "rate limit exceeded");
            }
            return;
        }
        if (frame instanceof InvalidFrame invalid) {
            LOG.fine(() -> "Refused frame from " + sender + ": " + invalid.code().wireName());
            reject(sender, invalid.code(), invalid.message(), invalid.ref());
        } else {
            ((ClientCommand) frame).dispatchTo(this, sender);
        }
    }

    public void rejectBinaryFrame(Connection sender) {
        handle(sender, new InvalidFrame(ErrorCode.UNSUPPORTED_FRAME, "binary frames are not supported", null));
    }

    /** The socket closed, from either side. */
    public void closed(Connection connection, String why) {
        registry.remove(connection).ifPresent(rooms -> {
            LOG.info(() -> "Disconnected " + connection + ": " + why);
            Instant now = Instant.now();
            for (Room room : rooms) {
                announce(room, encode(new ServerEvent.UserLeft(connection.clientId(), connection.user(), room.name(),
                        now)), null);
            }
        });
    }

    /** Closes a connection from the server side, after taking it out of every room. */
    public void disconnect(Connection connection, CloseCode code, String reason) {
        counters.serverClosed(code);
        closed(connection, reason + " (" + code.code() + ")");
        connection.closeTransport(code, reason);
    }

    private void closeSlowConsumer(Connection slow) {
        counters.slowConsumerClosed();
        disconnect(slow, CloseCode.POLICY_VIOLATION, "slow consumer: outbound queue full");
    }

    @Override
    public void echo(Connection sender, SendEcho command) {
        send(sender, new ServerEvent.Echo(command.ref(), command.message(), Instant.now()));
    }

    @Override
    public void broadcast(Connection sender, SendBroadcast command) {
        String frame = encode(
                new ServerEvent.BroadcastPosted(command.message(), sender.clientId(), sender.user(), Instant.now()));
        registry.sendToAll(frame, sender);
        fanOut.publish(Envelope.toEveryone(frame));
        acknowledge(sender, command.ref());
    }

    @Override
    public void joinRoom(Connection sender, JoinRoom command) {
        if (!access.mayJoin(sender.identity(), command.room())) {
            reject(sender, ErrorCode.FORBIDDEN, "not allowed into room '" + command.room() + "'", command.ref());
            return;
        }
        Optional<String> overLimit = new JoinQuota(registry, limits).refusal(sender, command.room());
        if (overLimit.isPresent()) {
            reject(sender, ErrorCode.LIMIT_EXCEEDED, overLimit.get(), command.ref());
            return;
        }
        ChatRegistry.Joined joined = registry.join(sender, command.room());
        String frame = encode(new ServerEvent.UserJoined(sender.clientId(), sender.user(), command.room(),
                Instant.now()));
        sender.send(frame);
        if (joined.newMember()) {
            announce(joined.room(), frame, sender);
        }
        if (historyOnJoin > 0) {
            MessageHistory.Page recent = history.page(Conversation.room(command.room()), null, null, historyOnJoin);
            send(sender, new ServerEvent.HistoryPage(null, command.room(), null, recent.messages(), recent.hasMore()));
        }
        acknowledge(sender, command.ref());
    }

    /**
     * Takes out of a room every member who may no longer join it, as if each had left: for use
     * after {@link RoomAccess} changed. Returns how many were taken out.
     */
    public int enforceRoomAccess(String roomName) {
        int removed = 0;
        for (Connection member : registry.room(roomName).map(room -> List.copyOf(room.members())).orElse(List.of())) {
            if (!access.mayJoin(member.identity(), roomName)) {
                Optional<Room> left = registry.leave(member, roomName);
                if (left.isPresent()) {
                    String frame = encode(new ServerEvent.UserLeft(member.clientId(), member.user(), roomName,
                            Instant.now()));
                    member.send(frame);
                    announce(left.get(), frame, null);
                    removed++;
                }
            }
        }
        return removed;
    }

    @Override
    public void leaveRoom(Connection sender, LeaveRoom command) {
        Optional<Room> left = registry.leave(sender, command.room());
        if (left.isEmpty()) {
            notMember(sender, command.room(), command.ref());
            return;
        }
        String frame = encode(new ServerEvent.UserLeft(sender.clientId(), sender.user(), command.room(),
                Instant.now()));
        sender.send(frame);
        announce(left.get(), frame, null);
        acknowledge(sender, command.ref());
    }

    @Override
    public void roomMessage(Connection sender, SendRoomMessage command) {
        if (memberRoom(sender, command.room(), command.ref()).isEmpty()) {
            return;
        }
        history.store(Draft.toRoom(command.room(), sender.clientId(), sender.user(), command.message()))
                .whenComplete((stored, failure) -> {
                    if (failure != null) {
                        storeFailed(sender, command.ref());
                        return;
                    }
                    // The members when the message is committed are the ones who get it.
                    String frame = encode(stored);
                    registry.room(command.room()).ifPresent(room -> room.send(frame, sender));
                    fanOut.publish(Envelope.roomMessage((ServerEvent.RoomMessagePosted) stored, frame));
                    acknowledge(sender, command.ref(), stored);
                });
    }

    @Override
    public void directMessage(Connection sender, SendDirectMessage command) {
        if (!directMessageQuota.tryTake(sender.user())) {
            reject(sender, ErrorCode.RATE_LIMITED, "at most " + limits.directMessagesPerHour()
                    + " direct messages an hour; try again later", command.ref());
            return;
        }
        history.store(Draft.toUser(command.to(), sender.clientId(), sender.user(), command.message()))
                .whenComplete((stored, failure) -> {
                    if (failure != null) {
                        storeFailed(sender, command.ref());
                        return;
                    }
                    String frame = encode(stored);
                    for (Connection recipient : registry.connectionsOf(command.to())) {
                        if (recipient != sender) {
                            recipient.send(frame);
                        }
                    }
                    if (!command.to().equals(sender.user())) {
                        for (Connection own : registry.connectionsOf(sender.user())) {
                            if (own != sender) {
                                own.send(frame);
                            }
                        }
                    }
                    fanOut.publish(Envelope.directMessage((ServerEvent.DirectMessageSent) stored, frame));
                    acknowledge(sender, command.ref(), stored);
                });
    }

    private void storeFailed(Connection sender, String ref) {
        reject(sender, ErrorCode.UNAVAILABLE, "the message could not be stored and was not delivered; retry", ref);
    }

    @Override
    public void typing(Connection sender, SetTyping command) {
        memberRoom(sender, command.room(), command.ref()).ifPresent(room -> {
            String frame = encode(new ServerEvent.TypingChanged(command.room(), sender.clientId(),
                    sender.user(), command.typing()));
            room.send(frame, sender);
            fanOut.publish(Envelope.toRoom(command.room(), frame));
            acknowledge(sender, command.ref());
        });
    }

    @Override
    public void read(Connection sender, MarkRead command) {
        memberRoom(sender, command.room(), command.ref()).ifPresent(room -> {
            history.markRead(command.room(), sender.user(), command.id());
            String frame = encode(new ServerEvent.ReadMarked(command.room(), sender.user(), command.id()));
            room.send(frame, sender);
            fanOut.publish(Envelope.toRoom(command.room(), frame));
            acknowledge(sender, command.ref());
        });
    }

    @Override
    public void history(Connection sender, RequestHistory command) {
        String key;
        if (command.room() != null) {
            if (memberRoom(sender, command.room(), command.ref()).isEmpty()) {
                return;
            }
            key = Conversation.room(command.room());
        } else {
            key = Conversation.direct(sender.user(), command.with());
        }
        int limit = Math.min(command.limit() == null ? Limits.DEFAULT_HISTORY_LIMIT : command.limit(),
                limits.historyMaxLimit());
        MessageHistory.Page page = history.page(key, command.before(), command.after(), limit);
        send(sender, new ServerEvent.HistoryPage(command.ref(), command.room(), command.with(), page.messages(),
                page.hasMore()));
    }

    /** This node's members first, then those of the other nodes (asked without blocking). */
    @Override
    public void presence(Connection sender, RequestPresence command) {
        memberRoom(sender, command.room(), command.ref()).ifPresent(room -> {
            List<ServerEvent.Member> here = room.members().stream()
                    .map(member -> new ServerEvent.Member(member.clientId(), member.user())).toList();
            fanOut.membersElsewhere(command.room()).thenAccept(elsewhere -> send(sender,
                    new ServerEvent.Presence(command.ref(), command.room(),
                            Stream.concat(here.stream(), elsewhere.stream()).toList())));
        });
    }

    @Override
    public void rooms(Connection sender, ListRooms command) {
        send(sender, new ServerEvent.RoomList(command.ref(), sender.sortedRooms()));
    }

    /** The room when the sender is a member of it; otherwise answers {@code not_member}. */
    private Optional<Room> memberRoom(Connection sender, String name, String ref) {
        Optional<Room> room = registry.room(name).filter(candidate -> candidate.contains(sender));
        if (room.isEmpty()) {
            notMember(sender, name, ref);
        }
        return room;
    }

    private void notMember(Connection sender, String room, String ref) {
        reject(sender, ErrorCode.NOT_MEMBER, "not a member of room '" + room + "'", ref);
    }

    /**
     * Tells the other members of a room of a join or leave while the room is small enough for that
     * to be useful; in larger rooms a join storm would drown the messages, and members learn who
     * is there through {@code presence}.
     */
    private void announce(Room room, String frame, Connection subject) {
        if (room.size() <= limits.membershipEventsMaxMembers()) {
            room.send(frame, subject);
            fanOut.publish(Envelope.toRoom(room.name(), frame));
        }
    }

    private void acknowledge(Connection sender, String ref) {
        if (ref != null) {
            send(sender, ServerEvent.Ack.of(ref));
        }
    }

    private void acknowledge(Connection sender, String ref, ServerEvent.ChatMessage stored) {
        if (ref != null) {
            send(sender, new ServerEvent.Ack(ref, stored.id(), stored.timestamp()));
        }
    }

    private void reject(Connection sender, ErrorCode code, String message, String ref) {
        counters.errorSent(code);
        send(sender, new ServerEvent.Error(code, message, ref));
    }

    private static void send(Connection connection, ServerEvent event) {
        connection.send(encode(event));
    }

    private static String encode(ServerEvent event) {
        return ServerEventEncoder.toJson(event);
    }
}
