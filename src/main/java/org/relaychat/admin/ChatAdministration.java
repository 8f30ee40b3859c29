package org.relaychat.admin;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.logging.Logger;
import org.relaychat.admin.AdminViews.ClientList;
import org.relaychat.admin.AdminViews.ClientView;
import org.relaychat.admin.AdminViews.Member;
import org.relaychat.admin.AdminViews.RoomList;
import org.relaychat.admin.AdminViews.RoomMembers;
import org.relaychat.admin.AdminViews.RoomView;
import org.relaychat.admin.AdminViews.ServerStats;
import org.relaychat.chat.ChatService;
import org.relaychat.config.ChatConfig;
import org.relaychat.config.Limits;
import org.relaychat.connection.CloseCode;
import org.relaychat.connection.Connection;
import org.relaychat.metrics.ChatCounters;
import org.relaychat.protocol.ServerEvent;
import org.relaychat.protocol.ServerEventEncoder;
import org.relaychat.registry.ChatRegistry;
import org.relaychat.registry.Room;

/**
 * What an operator can see and do on this node: the admin API's work, apart from HTTP. Every
 * action writes one audit line: who, from where, what, and what came of it.
 */
@ApplicationScoped
public class ChatAdministration {

    private static final Logger AUDIT = Logger.getLogger(ChatAdministration.class.getName());

    private static final Comparator<Room> LARGEST_FIRST =
            Comparator.comparingInt(Room::size).reversed().thenComparing(Room::name);

    private ChatRegistry registry;
    private ChatService chat;
    private ChatCounters counters;
    private Limits limits;

    protected ChatAdministration() {
        // for the CDI proxy
    }

    @Inject
    public ChatAdministration(ChatRegistry registry, ChatService chat, ChatCounters counters, ChatConfig config) {
        this(registry, chat, counters, config.limits());
    }

    public ChatAdministration(ChatRegistry registry, ChatService chat, ChatCounters counters, Limits limits) {
        this.registry = registry;
        this.chat = chat;
        this.counters = counters;
        this.limits = limits;
    }

    public ServerStats stats() {
        return new ServerStats(registry.connectionCount(), limits.maxClients(), registry.rooms().size(),
                counters.messagesReceived(), counters.messagesSent(), counters.slowConsumerCloses(),
                registry.isAccepting());
    }

    /** A page of the clients, by user. */
    public ClientList clients(PageRequest page) {
        List<ClientView> all = registry.connections().stream()
                .map(c -> new ClientView(c.clientId(), c.user(), c.sortedRooms(), c.backlogChars()))
                .sorted(Comparator.comparing(ClientView::user).thenComparing(ClientView::clientId))
                .toList();
        return new ClientList(all.size(), page.offset(), page.of(all));
    }

    /** A page of the rooms with their member counts, largest first. */
    public RoomList rooms(PageRequest page) {
        List<RoomView> all = registry.rooms().stream().sorted(LARGEST_FIRST)
                .map(r -> new RoomView(r.name(), r.size())).toList();
        return new RoomList(all.size(), page.offset(), page.of(all));
    }

    /** A page of a room's members, by user. */
    public Optional<RoomMembers> room(String name, PageRequest page) {
        return registry.room(name).map(room -> {
            List<Member> all = room.members().stream()
                    .map(m -> new Member(m.clientId(), m.user()))
                    .sorted(Comparator.comparing(Member::user).thenComparing(Member::clientId))
                    .toList();
            return new RoomMembers(name, all.size(), page.offset(), page.of(all));
        });
    }

    /** Closes a client's connection with 1008 and the reason; false when no such client is connected. */
    public boolean kick(Operator operator, String clientId, String reason) {
        Optional<Connection> connection = registry.connection(clientId);
        connection.ifPresent(c -> chat.disconnect(c, CloseCode.POLICY_VIOLATION, reason));
        audit(operator, "kick client " + clientId + " (" + reason + ")",
                connection.map(c -> "closed " + c.user()).orElse("no such client"));
        return connection.isPresent();
    }

    /**
     * Takes every member out of a room, each told by its own {@code user_left}; the room goes with
     * its last member. Returns how many left, or empty when there is no such room.
     */
    public OptionalInt closeRoom(Operator operator, String name) {
        Optional<Room> room = registry.room(name);
        if (room.isEmpty()) {
            audit(operator, "close room " + name, "no such room");
            return OptionalInt.empty();
        }
        int left = chat.emptyRoom(name);
        audit(operator, "close room " + name, left + " left");
        return OptionalInt.of(left);
    }

    /** Sends a system message to every connected client; returns how many there were. */
    public int broadcast(Operator operator, String message) {
        int recipients = registry.sendToAll(
                ServerEventEncoder.toJson(new ServerEvent.SystemBroadcast(message, Instant.now())), null);
        audit(operator, "broadcast of " + message.codePointCount(0, message.length()) + " characters",
                recipients + " recipients");
        return recipients;
    }

    /** One line per action; what the operator typed is kept to one line, whatever it holds. */
    private static void audit(Operator operator, String action, String outcome) {
        AUDIT.info(() -> ("Admin " + operator + ": " + action + ": " + outcome).replaceAll("\\p{Cntrl}", "?"));
    }
}
