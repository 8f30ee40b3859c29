package org.relaychat.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.relaychat.config.DefaultLimits;
import org.relaychat.config.Limits;
import org.relaychat.history.InMemoryMessageHistory;
import org.relaychat.connection.CloseCode;
import org.relaychat.connection.Connection;
import org.relaychat.connection.RecordingTransport;
import org.relaychat.protocol.ClientFrameDecoder;
import org.relaychat.registry.ChatRegistry;
import org.relaychat.security.Identity;
import org.relaychat.security.ProfileClaims;
import org.relaychat.security.RoomAccess;

/** Who gets in, and into which rooms: identities from tokens, private rooms, per-address limits, expiry. */
class ChatServiceSecurityTest {

    private ChatRegistry registry;
    private ClientFrameDecoder decoder;
    private ChatService cut;

    @BeforeEach
    void createService() {
        start(DefaultLimits.limits(), Optional.of("general"), Set.of("board"));
    }

    private void start(Limits limits, Optional<String> defaultRoom, Set<String> privateRooms) {
        registry = new ChatRegistry();
        decoder = new ClientFrameDecoder(limits);
        cut = StandaloneChat.service(registry, new InMemoryMessageHistory(), limits, defaultRoom, 0,
                new RoomAccess(privateRooms));
    }

    // --- identities ------------------------------------------------------------------------

    @Test
    void aVerifiedIdentityNamesTheUserAndTheRequestedNameIsIgnored() {
        RecordingTransport transport = new RecordingTransport();
        Connection connection = cut.connect(transport, Optional.of("someone-else"),
                Optional.of(token("ana", null)), Optional.of("10.0.0.1")).orElseThrow();

        JsonObject welcome = transport.unread().get(0);
        assertEquals("ana", welcome.getString("user"));
        assertEquals("ana", connection.user());
        assertEquals(Optional.of("10.0.0.1"), connection.address());
    }

    @Test
    void anUnusableRequestedNameDoesNotMatterWhenTheIdentityIsVerified() {
        RecordingTransport transport = new RecordingTransport();

        assertTrue(cut.connect(transport, Optional.of("bad\u0000name"), Optional.of(token("ana", null)),
                Optional.empty()).isPresent());
        assertEquals(List.of(), transport.closes());
    }

    @Test
    void theServersOwnNamesAreRefusedToAnonymousClients() {
        for (String name : List.of("Relay", "server", "SYSTEM", "Admin")) {
            RecordingTransport transport = new RecordingTransport();

            assertTrue(cut.connect(transport, Optional.of(name), Optional.empty(), Optional.empty()).isEmpty(), name);
            assertEquals("bad_field", transport.unread().get(0).getString("code"), name);
            assertEquals(List.of(CloseCode.POLICY_VIOLATION), transport.closes(), name);
        }
    }

    @Test
    void emojiNamesAreWelcomeAndInvisibleOnesAreNot() {
        RecordingTransport welcomed = new RecordingTransport();
        RecordingTransport refused = new RecordingTransport();

        assertEquals("👩\u200d💻", cut.connect(welcomed, Optional.of("👩\u200d💻"), Optional.empty(), Optional.empty())
                .orElseThrow().user());
        assertTrue(cut.connect(refused, Optional.of("\u200b"), Optional.empty(), Optional.empty()).isEmpty());
        assertEquals("bad_field", refused.unread().get(0).getString("code"));
    }

    // --- private rooms ---------------------------------------------------------------------

    @Test
    void joiningAPrivateRoomWithoutBeingAllowedIsForbiddenAndNobodyIsTold() {
        Client ana = connect("ana", token("ana", Set.of("general", "board")));
        Client bob = connect("bob", null);
        join(ana, "board");
        drainAll(ana, bob);

        bob.send("event", "join_room", "room", "board", "ref", "j1");

        JsonObject error = only(bob, "error");
        assertEquals("forbidden", error.getString("code"));
        assertEquals("j1", error.getString("ref"));
        ana.assertNothing();
        assertEquals(List.of("general"), bob.connection.sortedRooms());
        assertEquals(1, registry.room("board").orElseThrow().size());
    }

    @Test
    void aUserWhoseTokenListsAPrivateRoomMayJoinItAndOthersStayOut() {
        Client carol = connect("carol", token("carol", Set.of("general", "board")));
        Client dave = connect("dave", token("dave", Set.of("general")));
        drainAll(carol, dave);

        carol.send("event", "join_room", "room", "board");
        dave.send("event", "join_room", "room", "board");

        assertEquals("board", only(carol, "user_joined").getString("room"));
        assertEquals("forbidden", only(dave, "error").getString("code"));
    }

    @Test
    void aTokenThatListsRoomsKeepsItsUserOutOfEveryOtherRoom() {
        Client ana = connect("ana", token("ana", Set.of("sales")));

        assertEquals(List.of(), strings(ana.transport.unread().get(0), "rooms"), "general is not listed");
        ana.send("event", "join_room", "room", "general");
        assertEquals("forbidden", only(ana, "error").getString("code"));
        ana.send("event", "join_room", "room", "sales");
        assertEquals("sales", only(ana, "user_joined").getString("room"));
    }

    @Test
    void aPrivateDefaultRoomIsJoinedOnConnectOnlyByThoseAllowed() {
        start(DefaultLimits.limits(), Optional.of("staff"), Set.of("staff"));

        Client ana = connect("ana", token("ana", Set.of("staff")));
        Client bob = connect("bob", null);

        assertEquals(List.of("staff"), strings(ana.transport.unread().get(0), "rooms"));
        assertEquals(List.of(), strings(bob.transport.unread().get(0), "rooms"));
        ana.assertNothing();
    }

    @Test
    void anOutsiderOfAPrivateRoomSeesNothingOfItAndCannotAskAboutIt() {
        Client ana = connect("ana", token("ana", Set.of("general", "board")));
        Client outsider = connect("eve", null);
        outsider.unread();

        join(ana, "board");
        Client bob = connect("bob", token("bob", Set.of("board")));
        join(bob, "board");
        ana.send("event", "room_message", "room", "board", "message", "the numbers");
        ana.send("event", "typing", "room", "board", "typing", true);
        bob.send("event", "read", "room", "board", "id", 1);
        bob.send("event", "leave_room", "room", "board");
        assertTrue(ana.transport.unreadNames().containsAll(List.of("user_joined", "read", "user_left")));

        outsider.assertNothing();
        for (String frame : List.of(
                "{'event':'presence','room':'board','ref':'x'}",
                "{'event':'history','room':'board','ref':'x'}",
                "{'event':'room_message','room':'board','message':'let me in','ref':'x'}",
                "{'event':'typing','room':'board','typing':true,'ref':'x'}",
                "{'event':'read','room':'board','id':1,'ref':'x'}")) {
            outsider.sendRaw(frame.replace('\'', '"'));
            assertEquals("not_member", only(outsider, "error").getString("code"), frame);
        }
        ana.assertNothing();
    }

    // --- per-address limit -----------------------------------------------------------------

    @Test
    void aConnectionOverThePerAddressLimitGetsRateLimitedAndCloseWhileOtherAddressesGetIn() {
        start(DefaultLimits.limits("chat.max-connections-per-address", "2"), Optional.of("general"), Set.of());
        Client first = connectFrom("10.0.0.1");
        connectFrom("10.0.0.1");
        first.unread();
        RecordingTransport third = new RecordingTransport();

        Optional<Connection> refused = cut.connect(third, Optional.of("third"), Optional.empty(),
                Optional.of("10.0.0.1"));

        assertTrue(refused.isEmpty());
        List<JsonObject> events = third.unread();
        assertEquals(1, events.size());
        assertEquals("rate_limited", events.get(0).getString("code"));
        assertEquals(List.of(CloseCode.POLICY_VIOLATION), third.closes());
        first.assertNothing();
        assertEquals(2, registry.connectionsFrom("10.0.0.1"));
        assertTrue(cut.connect(new RecordingTransport(), Optional.of("other"), Optional.empty(), Optional.of("10.0.0.2"))
                .isPresent());

        cut.closed(first.connection, "closed 1000");
        assertEquals(1, registry.connectionsFrom("10.0.0.1"));
        assertTrue(cut.connect(new RecordingTransport(), Optional.of("again"), Optional.empty(), Optional.of("10.0.0.1"))
                .isPresent());
    }

    // --- expiry ----------------------------------------------------------------------------

    @Test
    void aFrameAfterTheTokenExpiredClosesTheConnectionWithPolicyViolation() {
        Client ana = connect("ana", new Identity("ana", Optional.empty(), Optional.of(Instant.now().minusSeconds(1)),
                ProfileClaims.NONE));
        Client bob = connect("bob", null);
        drainAll(ana, bob);

        ana.send("event", "broadcast", "message", "one more");

        assertEquals(List.of(CloseCode.POLICY_VIOLATION), ana.transport.closes());
        assertEquals(List.of("user_left", "profile"), bob.transport.unreadNames());
        ana.assertNothing();
    }

    @Test
    void aTokenStillValidLetsFramesThrough() {
        Client ana = connect("ana", new Identity("ana", Optional.empty(), Optional.of(Instant.now().plusSeconds(60)),
                ProfileClaims.NONE));
        ana.unread();

        ana.send("event", "message", "message", "hi");

        assertEquals("hi", only(ana, "echo").getString("original_message"));
        assertEquals(List.of(), ana.transport.closes());
    }

    @ParameterizedTest
    @ValueSource(strings = {"board", "general"})
    void anonymousUsersMayJoinPublicRoomsOnly(String room) {
        Client ana = connect("ana", null);
        ana.unread();

        ana.send("event", "join_room", "room", room);

        assertEquals(room.equals("board") ? "error" : "user_joined", ana.transport.unreadNames().get(0));
    }

    // --- helpers ---------------------------------------------------------------------------

    private static Identity token(String user, Set<String> rooms) {
        return new Identity(user, Optional.ofNullable(rooms), Optional.of(Instant.now().plusSeconds(3_600)),
                ProfileClaims.NONE);
    }

    private Client connect(String name, Identity identity) {
        RecordingTransport transport = new RecordingTransport();
        Connection connection = cut.connect(transport, Optional.of(name), Optional.ofNullable(identity),
                Optional.empty()).orElseThrow();
        transport.answerPingsOf(connection);
        return new Client(connection, transport);
    }

    private Client connectFrom(String address) {
        RecordingTransport transport = new RecordingTransport();
        Connection connection = cut.connect(transport, Optional.empty(), Optional.empty(), Optional.of(address))
                .orElseThrow();
        return new Client(connection, transport);
    }

    private static void join(Client client, String room) {
        client.send("event", "join_room", "room", room);
    }

    private static void drainAll(Client... clients) {
        for (Client client : clients) {
            client.unread();
        }
    }

    private static JsonObject only(Client client, String event) {
        List<JsonObject> unread = client.unread();
        assertEquals(List.of(event), unread.stream().map(e -> e.getString("event")).toList(), unread.toString());
        return unread.get(0);
    }

    private static List<String> strings(JsonObject event, String name) {
        return event.getJsonArray(name).getValuesAs(JsonString::getString);
    }

    private final class Client {
        final Connection connection;
        final RecordingTransport transport;

        Client(Connection connection, RecordingTransport transport) {
            this.connection = connection;
            this.transport = transport;
        }

        String clientId() {
            return connection.clientId();
        }

        void send(Object... fields) {
            JsonObjectBuilder frame = Json.createObjectBuilder();
            for (int i = 0; i < fields.length; i += 2) {
                Object value = fields[i + 1];
                if (value instanceof Boolean flag) {
                    frame.add((String) fields[i], flag);
                } else if (value instanceof Integer number) {
                    frame.add((String) fields[i], number);
                } else {
                    frame.add((String) fields[i], (String) value);
                }
            }
            sendRaw(frame.build().toString());
        }

        void sendRaw(String text) {
            cut.handle(connection, decoder.decode(text));
        }

        List<JsonObject> unread() {
            return transport.unread();
        }

        void assertNothing() {
            assertEquals(List.of(), transport.unread());
        }
    }
}
