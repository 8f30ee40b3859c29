package org.relaychat.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.relaychat.config.DefaultLimits;
import org.relaychat.admin.AdminViews.Member;
import org.relaychat.admin.AdminViews.RoomView;
import org.relaychat.chat.ChatService;
import org.relaychat.chat.StandaloneChat;
import org.relaychat.connection.Connection;
import org.relaychat.connection.RecordingTransport;
import org.relaychat.history.InMemoryMessageHistory;
import org.relaychat.metrics.ChatCounters;
import org.relaychat.protocol.ClientFrameDecoder;
import org.relaychat.registry.ChatRegistry;

class ChatAdministrationTest {

    private static final ClientFrameDecoder DECODER = new ClientFrameDecoder(DefaultLimits.limits());
    private static final PageRequest FIRST_PAGE = PageRequest.parse(null, null).orElseThrow();
    private static final Operator OPERATOR = new Operator("operator", "192.0.2.7");

    private ChatRegistry registry;
    private ChatService chat;
    private ChatCounters counters;
    private ChatAdministration cut;

    @BeforeEach
    void wire() {
        registry = new ChatRegistry();
        counters = new ChatCounters();
        chat = StandaloneChat.service(registry, new InMemoryMessageHistory(), DefaultLimits.limits(), Optional.of("general"), 0);
        chat.countInto(counters);
        cut = new ChatAdministration(registry, chat, counters, DefaultLimits.limits());
    }

    @Test
    void statsCountClientsRoomsAndMessages() {
        Client ana = connect("ana");
        connect("ben");
        join(ana, "extra");
        send(ana, "{\"event\":\"message\",\"message\":\"hi\"}");

        AdminViews.ServerStats stats = cut.stats();

        assertEquals(2, stats.clients());
        assertEquals(10_000, stats.maxClients());
        assertEquals(2, stats.rooms());
        assertEquals(2, stats.messagesReceived());
        assertTrue(stats.accepting());
    }

    @Test
    void clientsAreListedWithTheirRooms() {
        Client ben = connect("ben");
        Client ana = connect("ana");
        join(ana, "extra");

        List<AdminViews.ClientView> clients = cut.clients(FIRST_PAGE).clients();

        assertEquals(List.of(ana.connection.clientId() + " ana [extra, general]", ben.connection.clientId() + " ben [general]"),
                clients.stream().map(c -> c.clientId() + " " + c.user() + " " + c.rooms()).toList());
        // Nothing was confirmed read by a pong: all the client was sent is still its backlog.
        assertEquals(ana.transport.texts().stream().mapToInt(String::length).sum(), clients.get(0).backlogChars());
    }

    @Test
    void roomsAreListedLargestFirstWithTheirMembers() {
        Client ana = connect("ana");
        Client ben = connect("ben");
        join(ana, "small");

        assertEquals(List.of(new RoomView("general", 2), new RoomView("small", 1)), cut.rooms(FIRST_PAGE).rooms());
        assertEquals(List.of(new Member(ana.connection.clientId(), "ana"), new Member(ben.connection.clientId(), "ben")),
                cut.room("general", FIRST_PAGE).orElseThrow().members());
        assertTrue(cut.room("nowhere", FIRST_PAGE).isEmpty());
    }

    @Test
    void aKickedClientIsClosedWithPolicyViolationAndItsRoomsAreTold() {
        Client ana = connect("ana");
        Client spammer = connect("spammer");

        assertTrue(cut.kick(OPERATOR, spammer.connection.clientId(), "spamming"));

        assertEquals(List.of("1008 spamming"), spammer.transport.closesWithReasons());
        List<JsonObject> told = ana.transport.unread();
        JsonObject left = told.get(told.size() - 2);
        assertEquals("user_left", left.getString("event"));
        assertEquals(spammer.connection.clientId(), left.getString("client_id"));
        assertEquals("offline", ana.last().getString("state"));
        assertEquals(1, registry.connectionCount());
        assertFalse(cut.kick(OPERATOR, spammer.connection.clientId(), "again"));
    }

    @Test
    void closingARoomTellsEachMemberItLeftAndRemovesTheRoom() {
        Client ana = connect("ana");
        Client ben = connect("ben");
        Client outsider = connect("outsider");
        join(ana, "doomed");
        join(ben, "doomed");
        int outsiderSaw = outsider.transport.texts().size();

        assertEquals(OptionalInt.of(2), cut.closeRoom(OPERATOR, "doomed"));

        for (Client member : List.of(ana, ben)) {
            JsonObject left = member.last();
            assertEquals("user_left", left.getString("event"));
            assertEquals("doomed", left.getString("room"));
            assertEquals(member.connection.clientId(), left.getString("client_id"));
            assertEquals(List.of("general"), member.connection.sortedRooms());
        }
        assertTrue(registry.room("doomed").isEmpty());
        assertEquals(outsiderSaw, outsider.transport.texts().size());
        assertEquals(OptionalInt.empty(), cut.closeRoom(OPERATOR, "doomed"));
    }

    @Test
    void aSystemBroadcastReachesEveryClient() {
        Client ana = connect("ana");
        Client ben = connect("ben");

        assertEquals(2, cut.broadcast(OPERATOR, "maintenance at ten"));

        for (Client client : List.of(ana, ben)) {
            JsonObject broadcast = client.last();
            assertEquals("broadcast", broadcast.getString("event"));
            assertEquals("maintenance at ten", broadcast.getString("message"));
            assertEquals("server", broadcast.getString("from"));
            assertTrue(broadcast.getBoolean("system"));
        }
    }

    @Test
    void listsComeInPagesThatSayHowManyThereAreInAll() {
        for (int i = 0; i < 5; i++) {
            join(connect("user" + i), "room" + i);
        }

        AdminViews.RoomList second = cut.rooms(PageRequest.parse("2", "2").orElseThrow());
        AdminViews.ClientList last = cut.clients(PageRequest.parse("4", "2").orElseThrow());

        assertEquals(6, second.count());
        assertEquals(List.of("room1", "room2"), second.rooms().stream().map(RoomView::room).toList());
        assertEquals(5, last.count());
        assertEquals(List.of("user4"), last.clients().stream().map(AdminViews.ClientView::user).toList());
        assertEquals(List.of(), cut.rooms(PageRequest.parse("99", null).orElseThrow()).rooms());
        assertEquals(2, cut.room("general", PageRequest.parse("3", "10").orElseThrow()).orElseThrow().members().size());
    }

    @Test
    void everyActionWritesOneAuditLineWithTheOperatorAndTheAddress() {
        Client spammer = connect("spammer");
        List<String> lines = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                lines.add(record.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger audit = Logger.getLogger(ChatAdministration.class.getName());
        audit.addHandler(capture);
        try {
            cut.kick(OPERATOR, spammer.connection.clientId(), "spam\nAdmin root from 10.0.0.1: forged");
            cut.kick(OPERATOR, "gone", "again");
            cut.closeRoom(OPERATOR, "general");
            cut.closeRoom(OPERATOR, "nowhere");
            cut.broadcast(OPERATOR, "maintenance");
        } finally {
            audit.removeHandler(capture);
        }

        assertEquals(5, lines.size(), lines.toString());
        assertTrue(lines.stream().allMatch(line -> line.startsWith("Admin operator from 192.0.2.7: ")), lines.toString());
        assertTrue(lines.stream().noneMatch(line -> line.contains("\n")), lines.toString());
        assertTrue(lines.get(0).contains("kick client " + spammer.connection.clientId()), lines.get(0));
        assertTrue(lines.get(1).endsWith("no such client"), lines.get(1));
        assertTrue(lines.get(3).endsWith("no such room"), lines.get(3));
        assertTrue(lines.get(4).startsWith("Admin operator from 192.0.2.7: broadcast"), lines.get(4));
    }

    @Test
    void aPageOutOfRangeIsNoPage() {
        assertTrue(PageRequest.parse("-1", null).isEmpty());
        assertTrue(PageRequest.parse(null, "0").isEmpty());
        assertTrue(PageRequest.parse(null, "1001").isEmpty());
        assertTrue(PageRequest.parse("x", null).isEmpty());
        assertEquals(Optional.of(new PageRequest(0, 100)), PageRequest.parse(" ", ""));
    }

    private Client connect(String name) {
        RecordingTransport transport = new RecordingTransport();
        return new Client(chat.connect(transport, Optional.of(name)).orElseThrow(), transport);
    }

    private void join(Client client, String room) {
        send(client, "{\"event\":\"join_room\",\"room\":\"" + room + "\"}");
    }

    private void send(Client client, String frame) {
        chat.handle(client.connection, DECODER.decode(frame));
    }

    private record Client(Connection connection, RecordingTransport transport) {
        JsonObject last() {
            List<JsonObject> events = transport.events();
            return events.get(events.size() - 1);
        }
    }
}
