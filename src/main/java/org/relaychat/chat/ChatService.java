package org.relaychat.chat;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.logging.Logger;
import org.relaychat.config.ChatConfig;
import org.relaychat.config.Limits;
import org.relaychat.connection.CloseCode;
import org.relaychat.connection.Connection;
import org.relaychat.connection.RateLimiter;
import org.relaychat.connection.Transport;
import org.relaychat.files.FileCatalog;
import org.relaychat.delivery.Dispatcher;
import org.relaychat.history.DatabaseReads;
import org.relaychat.history.MessageHistory;
import org.relaychat.metrics.ChatCounters;
import org.relaychat.profiles.Profile;
import org.relaychat.profiles.ProfileStore;
import org.relaychat.protocol.ClientCommand;
import org.relaychat.protocol.ClientCommand.DeleteMessage;
import org.relaychat.protocol.ClientCommand.EditMessage;
import org.relaychat.protocol.ClientCommand.JoinRoom;
import org.relaychat.protocol.ClientCommand.LeaveRoom;
import org.relaychat.protocol.ClientCommand.ListRooms;
import org.relaychat.protocol.ClientCommand.MarkRead;
import org.relaychat.protocol.ClientCommand.RequestDownload;
import org.relaychat.protocol.ClientCommand.RequestHistory;
import org.relaychat.protocol.ClientCommand.RequestPresence;
import org.relaychat.protocol.ClientCommand.RequestUpload;
import org.relaychat.protocol.ClientCommand.SendBroadcast;
import org.relaychat.protocol.ClientCommand.SendDirectMessage;
import org.relaychat.protocol.ClientCommand.SendEcho;
import org.relaychat.protocol.ClientCommand.SendRoomMessage;
import org.relaychat.protocol.ClientCommand.SetProfile;
import org.relaychat.protocol.ClientCommand.SetTyping;
import org.relaychat.protocol.ClientFrame;
import org.relaychat.protocol.ClientFrameDecoder;
import org.relaychat.protocol.ClientLimits;
import org.relaychat.protocol.ErrorCode;
import org.relaychat.protocol.InvalidFrame;
import org.relaychat.protocol.ServerEvent;
import org.relaychat.protocol.ServerEventEncoder;
import org.relaychat.protocol.UserNames;
import org.relaychat.registry.ChatRegistry;
import org.relaychat.security.Identity;
import org.relaychat.security.NameKeys;
import org.relaychat.security.RoomAccess;

/**
 * What the server does for each connection and each client frame: admits and closes connections,
 * and hands each command to the part that carries it out (membership, messaging, history). Every
 * frame is answered according to the protocol; every event to several connections goes out
 * through the {@link Dispatcher}.
 */
@ApplicationScoped
public class ChatService implements ClientCommand.Handler<Connection> {

    private static final Logger LOG = Logger.getLogger(ChatService.class.getName());
    private static final String WELCOME = "Welcome to Relay";

    private ChatRegistry registry;
    private Limits limits;
    private ClientLimits clientLimits;
    private Optional<String> defaultRoom;
    private RoomAccess access;
    private Dispatcher dispatcher;
    private Replies replies;
    private Membership membership;
    private Messaging messaging;
    private HistoryQueries historyQueries;
    private FileCommands fileCommands;
    private ProfileCommands profileCommands;
    private ProfileLoader profileLoader;

    protected ChatService() {
        // for the CDI proxy
    }

    @Inject
    public ChatService(ChatRegistry registry, MessageHistory history, ChatConfig config, RoomAccess access,
            Dispatcher dispatcher, DatabaseReads reads, ChatCounters counters, FileCatalog files,
            ProfileStore profiles) {
        this(registry, history, config.limits(), config.defaultRoom(), config.historyOnJoin(), access, dispatcher,
                reads, new FileAccess(files, config.fileLimits()), profiles);
        countInto(counters);
    }

    /**
     * @param reads where database reads wait; it throws RejectedExecutionException when busy
     * @param files the file store, or {@link FileAccess#NONE}
     */
    public ChatService(ChatRegistry registry, MessageHistory history, Limits limits, Optional<String> defaultRoom,
            int historyOnJoin, RoomAccess access, Dispatcher dispatcher, Executor reads, FileAccess files,
            ProfileStore profiles) {
        this.registry = registry;
        this.limits = limits;
        this.clientLimits = ClientLimits.of(limits, files.limits());
        this.defaultRoom = defaultRoom;
        this.access = access;
        this.dispatcher = dispatcher;
        this.replies = new Replies(registry);
        this.historyQueries = new HistoryQueries(history, reads, dispatcher, replies, limits, historyOnJoin);
        this.profileCommands = new ProfileCommands(profiles, reads, registry, dispatcher, replies,
                limits.membershipEventsMaxMembers());
        this.profileLoader = new ProfileLoader(profiles, reads);
        this.membership = new Membership(registry, limits, access, dispatcher, replies, historyQueries,
                profileCommands);
        this.fileCommands = new FileCommands(files, reads, replies);
        this.messaging = new Messaging(history, dispatcher, replies, limits, fileCommands);
    }

    /** Counts into the node's counters; an instance built by hand counts into its own. */
    public void countInto(ChatCounters counters) {
        replies.countInto(counters);
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
        Connection connection = new Connection(UUID.randomUUID().toString(), identity, address, transport, limits,
                this::closeSlowConsumer);
        ChatCounters counters = replies.counters();
        Optional<String> firstRoom = defaultRoom.filter(room -> access.mayJoin(identity, room));
        // The welcome promises that the client is reachable and in the rooms it lists, and it
        // carries the user's profile: whatever is sent to the client waits until all three are
        // true, then follows the welcome.
        connection.holdWriting();
        switch (registry.admit(connection, limits.maxClients(), limits.maxConnectionsPerAddress())) {
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
        firstRoom.ifPresent(room -> membership.enterOnConnect(connection, room));
        profileLoader.load(identity, profile -> welcome(connection, firstRoom, profile));
        return Optional.of(connection);
    }

    /**
     * The profile of a new connection is known: the default room hears of the arrival, and the
     * welcome goes out, the first of the client's frames. The welcome lists the default room, so
     * its subject gets no user_joined of its own. In a cluster it also waits until what other
     * nodes send to the user and the room reaches this node, so that a client that has its welcome
     * misses nothing sent after it.
     */
    private void welcome(Connection connection, Optional<String> firstRoom, Profile profile) {
        if (connection.isClosed()) {
            return;
        }
        connection.showAs(profile);
        firstRoom.ifPresent(room -> membership.announceArrival(connection, room));
        String welcome = ServerEventEncoder.toJson(new ServerEvent.Welcome(connection.clientId(), connection.user(),
                WELCOME, firstRoom.map(List::of).orElse(List.of()), clientLimits, profile, Instant.now()));
        dispatcher.whenReachable(connection.user(), firstRoom, "client:" + connection.clientId(),
                () -> connection.startWriting(welcome));
    }

    /**
     * Refuses a socket whose name the handshake found kept for another browser key, or could not
     * check: tells it why, then closes it.
     */
    public void refuseName(Transport transport, NameKeys.Verdict verdict) {
        switch (verdict) {
            case KEPT_FOR_ANOTHER -> refuse(transport, ErrorCode.FORBIDDEN,
                    "this name is kept for the browser that uses it; choose another", CloseCode.POLICY_VIOLATION);
            case BAD_KEY -> refuse(transport, ErrorCode.BAD_FIELD,
                    "'key' must be 22 to 128 letters, digits, '-' or '_'", CloseCode.POLICY_VIOLATION);
            case UNAVAILABLE -> refuse(transport, ErrorCode.UNAVAILABLE,
                    "names cannot be checked right now, try again later", CloseCode.TRY_AGAIN_LATER);
            case FREE -> throw new IllegalArgumentException("a free name is not refused");
        }
    }

    private void refuse(Transport transport, ErrorCode code, String message, CloseCode closeCode) {
        ChatCounters counters = replies.counters();
        counters.errorSent(code);
        counters.serverClosed(closeCode);
        String frame = ServerEventEncoder.toJson(new ServerEvent.Error(code, message, null));
        transport.sendText(frame, sent -> transport.close(closeCode, message));
    }

    private static String guestName() {
        return "guest-" + UUID.randomUUID().toString().substring(0, 6);
    }

    /** Carries out one decoded frame, after the rate limit. */
    public void handle(Connection sender, ClientFrame frame) {
        replies.counters().messageReceived();
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
            replies.reject(sender, ErrorCode.RATE_LIMITED, "too many frames, slow down", frame.ref());
            if (verdict == RateLimiter.Verdict.ABUSIVE) {
                disconnect(sender, CloseCode.POLICY_VIOLATION, "rate limit exceeded");
            }
            return;
        }
        if (frame instanceof InvalidFrame invalid) {
            LOG.fine(() -> "Refused frame from " + sender + ": " + invalid.code().wireName());
            replies.reject(sender, invalid.code(), invalid.message(), invalid.ref());
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
            membership.leftOnClose(connection, rooms);
        });
    }

    /** Closes a connection from the server side, after taking it out of every room. */
    public void disconnect(Connection connection, CloseCode code, String reason) {
        replies.counters().serverClosed(code);
        closed(connection, reason + " (" + code.code() + ")");
        connection.closeTransport(code, reason);
    }

    /**
     * Called from whichever delivery overflowed the client's queue: the close, and the user_left
     * it sends, wait until that delivery is done, so that no delivery ever runs inside another.
     */
    private void closeSlowConsumer(Connection slow) {
        replies.counters().slowConsumerClosed();
        dispatcher.later("client:" + slow.clientId(),
                () -> disconnect(slow, CloseCode.POLICY_VIOLATION, "slow consumer: outbound queue full"));
    }

    @Override
    public void echo(Connection sender, SendEcho command) {
        replies.send(sender, new ServerEvent.Echo(command.ref(), command.message(), Instant.now()));
    }

    @Override
    public void broadcast(Connection sender, SendBroadcast command) {
        messaging.broadcast(sender, command);
    }

    @Override
    public void joinRoom(Connection sender, JoinRoom command) {
        membership.join(sender, command);
    }

    @Override
    public void leaveRoom(Connection sender, LeaveRoom command) {
        membership.leave(sender, command);
    }

    /**
     * Takes every member out of a room, each told by its own {@code user_left}; the room goes with
     * its last member. Returns how many left.
     */
    public int emptyRoom(String roomName) {
        return membership.empty(roomName);
    }

    @Override
    public void roomMessage(Connection sender, SendRoomMessage command) {
        messaging.roomMessage(sender, command);
    }

    @Override
    public void directMessage(Connection sender, SendDirectMessage command) {
        messaging.directMessage(sender, command);
    }

    @Override
    public void typing(Connection sender, SetTyping command) {
        messaging.typing(sender, command);
    }

    @Override
    public void read(Connection sender, MarkRead command) {
        if (replies.memberRoom(sender, command.room(), command.ref()).isPresent()) {
            historyQueries.markRead(sender, command);
        }
    }

    @Override
    public void history(Connection sender, RequestHistory command) {
        if (command.room() == null || replies.memberRoom(sender, command.room(), command.ref()).isPresent()) {
            historyQueries.history(sender, command);
        }
    }

    @Override
    public void editMessage(Connection sender, EditMessage command) {
        historyQueries.edit(sender, command);
    }

    @Override
    public void deleteMessage(Connection sender, DeleteMessage command) {
        historyQueries.delete(sender, command);
    }

    @Override
    public void presence(Connection sender, RequestPresence command) {
        membership.presence(sender, command);
    }

    @Override
    public void rooms(Connection sender, ListRooms command) {
        replies.send(sender, new ServerEvent.RoomList(command.ref(), sender.sortedRooms()));
    }

    @Override
    public void upload(Connection sender, RequestUpload command) {
        fileCommands.upload(sender, command);
    }

    @Override
    public void download(Connection sender, RequestDownload command) {
        fileCommands.download(sender, command);
    }

    @Override
    public void setProfile(Connection sender, SetProfile command) {
        profileCommands.set(sender, command);
    }
}
