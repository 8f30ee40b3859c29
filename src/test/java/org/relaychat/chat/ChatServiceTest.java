package org.relaychat.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Collectors;
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
import org.relaychat.connection.Transport;
import org.relaychat.protocol.ClientFrameDecoder;
import org.relaychat.protocol.ErrorCode;
import org.relaychat.protocol.InvalidFrame;
import org.relaychat.profiles.InMemoryProfileStore;
import org.relaychat.registry.ChatRegistry;
import org.relaychat.security.RoomAccess;

class ChatServiceTest {

    private static final String TIMESTAMP = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z";

    private ChatRegistry registry;
    private ClientFrameDecoder decoder;
    private InMemoryMessageHistory history;
    private ChatService cut;

    @BeforeEach
    void createService() {
        start(DefaultLimits.limits(), Optional.of("general"));
    }

    private void start(Limits limits, Optional<String> defaultRoom) {
        registry = new ChatRegistry();
        decoder = new ClientFrameDecoder(limits);
        history = new InMemoryMessageHistory();
        cut = StandaloneChat.service(registry, history, limits, defaultRoom, 0);
    }

    // --- connecting ------------------------------------------------------------------------

    @Test
    void welcomeComesFirstAndListsTheDefaultRoom() {
        Client ana = connect("ana");

        JsonObject welcome = ana.only("welcome");
        assertEquals("ana", welcome.getString("user"));
        assertEquals(ana.clientId(), welcome.getString("client_id"));
        assertFalse(welcome.getString("message").isEmpty());
        assertEquals(List.of("general"), strings(welcome, "rooms"));
        assertTrue(welcome.getString("timestamp").matches(TIMESTAMP));
        assertEquals(List.of("general"), ana.connection.sortedRooms());
    }

    @Test
    void welcomeTellsTheLimitsAsConfigured() {
        start(DefaultLimits.limits("chat.max-message-chars", "500", "chat.room.max-name-length", "20"),
                Optional.of("general"));

        JsonObject limits = connect("ana").only("welcome").getJsonObject("limits");

        assertEquals(500, limits.getInt("max_message_chars"));
        assertEquals(20, limits.getInt("max_room_name_length"));
        assertEquals(DefaultLimits.limits().maxFrameBytes(), limits.getInt("max_frame_bytes"));
        assertEquals(0, limits.getInt("max_file_bytes"), "a chat built without files takes none");
    }

    @Test
    void newcomerGetsNoUserJoinedOfItsOwnButOthersDo() {
        Client ana = connect("ana");
        ana.drain();

        Client bob = connect("bob");

        assertEquals(List.of("welcome"), bob.eventNames());
        JsonObject joined = ana.only("user_joined");
        assertEquals(bob.clientId(), joined.getString("client_id"));
        assertEquals("bob", joined.getString("user"));
        assertEquals("general", joined.getString("room"));
        assertTrue(joined.getString("timestamp").matches(TIMESTAMP));
    }

    @Test
    void whatOthersSendTheMomentTheWelcomeArrivesReachesTheNewcomer() {
        Client ana = connect("ana");
        ana.drain();
        // Ana acts as soon as Bob holds his welcome, as a client reacting to Bob's arrival would.
        RecordingTransport bobs = new RecordingTransport() {
            @Override
            public void sendText(String text, Consumer<Throwable> done) {
                super.sendText(text, done);
                if (texts().size() == 1) {
                    ana.send("event", "broadcast", "message", "hello everyone");
                    ana.send("event", "room_message", "room", "general", "message", "hello room");
                }
            }
        };

        cut.connect(bobs, Optional.of("bob")).orElseThrow();

        assertEquals(List.of("welcome", "broadcast", "room_message"),
                bobs.events().stream().map(event -> event.getString("event")).toList());
    }

    @Test
    void withoutADefaultRoomTheWelcomeListsNoRoomsAndNobodyIsTold() {
        start(DefaultLimits.limits(), Optional.empty());
        Client ana = connect("ana");
        ana.drain();

        Client bob = connect("bob");

        assertEquals(List.of(), strings(bob.only("welcome"), "rooms"));
        ana.assertNothing();
        assertTrue(registry.rooms().isEmpty());
    }

    @Test
    void connectionWithoutANameGetsAGuestName() {
        RecordingTransport transport = new RecordingTransport();
        Connection connection = cut.connect(transport, Optional.empty()).orElseThrow();

        String user = new Client(connection, transport).only("welcome").getString("user");
        assertTrue(user.startsWith("guest-"), user);
        assertEquals(user, connection.user());
        assertTrue(ClientFrameDecoder.isUserName(user));
    }

    @Test
    void everyConnectionGetsItsOwnClientId() {
        Client ana1 = connect("ana");
        Client ana2 = connect("ana");

        assertNotEquals(ana1.clientId(), ana2.clientId());
        assertEquals(ana1.clientId(), ana1.all().get(0).getString("client_id"));
        assertEquals(ana2.clientId(), ana2.only("welcome").getString("client_id"));
        assertEquals(ana2.clientId(), ana1.all().get(1).getString("client_id"), "ana's first connection sees the second join");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "a\u0000b", "new\nline", "uuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuu"})
    void unusableNameIsRefusedWithBadFieldThenClosedWithPolicyViolation(String name) {
        RecordingTransport transport = new RecordingTransport();

        Optional<Connection> connection = cut.connect(transport, Optional.of(name));

        assertTrue(connection.isEmpty());
        List<JsonObject> events = transport.events();
        assertEquals(1, events.size());
        assertError(events.get(0), ErrorCode.BAD_FIELD, null);
        assertEquals(List.of(CloseCode.POLICY_VIOLATION), transport.closes());
        assertEquals(1, transport.framesAtClose(), "the error goes out before the close");
        assertEquals(0, registry.connectionCount());
    }

    @Test
    void connectionOverMaxClientsGetsServerFullThenCloseTryAgainLater() {
        start(DefaultLimits.limits("chat.max-clients", "2"), Optional.of("general"));
        Client ana = connect("ana");
        Client bob = connect("bob");
        ana.drain();
        bob.drain();
        RecordingTransport transport = new RecordingTransport();

        Optional<Connection> refused = cut.connect(transport, Optional.of("carol"));

        assertTrue(refused.isEmpty());
        List<JsonObject> events = transport.events();
        assertEquals(1, events.size());
        assertError(events.get(0), ErrorCode.SERVER_FULL, null);
        assertEquals(List.of(CloseCode.TRY_AGAIN_LATER), transport.closes());
        assertEquals(1, transport.framesAtClose());
        ana.assertNothing();
        bob.assertNothing();
        assertEquals(2, registry.connectionCount());
    }

    @Test
    void placeFreedByAClosedConnectionCanBeTaken() {
        start(DefaultLimits.limits("chat.max-clients", "1"), Optional.of("general"));
        Client ana = connect("ana");
        cut.closed(ana.connection, "gone");

        assertTrue(cut.connect(new RecordingTransport(), Optional.of("bob")).isPresent());
    }

    // --- rooms -----------------------------------------------------------------------------

    @Test
    void joinConfirmsToTheSubjectAndTellsTheMembers() {
        Client ana = connect("ana");
        Client bob = connect("bob");
        Client carol = connect("carol");
        ana.send("event", "join_room", "room", "dev");
        drainAll(ana, bob, carol);

        bob.send("event", "join_room", "room", "dev");

        JsonObject own = bob.only("user_joined");
        assertEquals("dev", own.getString("room"));
        assertEquals(bob.clientId(), own.getString("client_id"));
        assertEquals(own, ana.only("user_joined"));
        carol.assertNothing();
    }

    @Test
    void joiningARoomAlreadyJoinedConfirmsAgainToTheSubjectOnly() {
        Client ana = connect("ana");
        Client bob = connect("bob");
        drainAll(ana, bob);

        bob.send("event", "join_room", "room", "general");

        assertEquals("general", bob.only("user_joined").getString("room"));
        ana.assertNothing();
        assertEquals(2, registry.room("general").orElseThrow().size());
    }

    @Test
    void joinWithRefIsConfirmedByUserJoinedWithoutRefAndOneAck() {
        Client ana = connect("ana");
        ana.drain();

        ana.send("event", "join_room", "room", "dev", "ref", "j1");

        List<JsonObject> events = ana.drain();
        assertEquals(List.of("user_joined", "ack"), names(events));
        assertFalse(events.get(0).containsKey("ref"));
        assertEquals(Set.of("event", "ref"), events.get(1).keySet());
        assertEquals("j1", events.get(1).getString("ref"));
    }

    @Test
    void leaveConfirmsToTheSubjectAndTellsTheRemainingMembers() {
        Client ana = connect("ana");
        Client bob = connect("bob");
        drainAll(ana, bob);

        bob.send("event", "leave_room", "room", "general", "ref", "l1");

        List<JsonObject> own = bob.drain();
        assertEquals(List.of("user_left", "ack"), names(own));
        assertEquals("general", own.get(0).getString("room"));
        assertEquals("l1", own.get(1).getString("ref"));
        JsonObject told = ana.only("user_left");
        assertEquals(bob.clientId(), told.getString("client_id"));
        assertEquals("bob", told.getString("user"));
        assertEquals(List.of(), bob.connection.sortedRooms());
    }

    @Test
    void leavingARoomNotJoinedIsNotMember() {
        Client ana = connect("ana");
        Client bob = connect("bob");
        bob.send("event", "join_room", "room", "dev");
        drainAll(ana, bob);

        ana.send("event", "leave_room", "room", "dev", "ref", "l1");

        assertError(ana.only("error"), ErrorCode.NOT_MEMBER, "l1");
        bob.assertNothing();
    }

    @Test
    void lastMemberLeavingDeletesTheRoom() {
        Client ana = connect("ana");
        ana.send("event", "join_room", "room", "dev");

        ana.send("event", "leave_room", "room", "dev");

        assertEquals(Optional.empty(), registry.room("dev"));
    }

    @Test
    void roomsListsTheRoomsJoinedInOrder() {
        Client ana = connect("ana");
        ana.send("event", "join_room", "room", "zeta");
        ana.send("event", "join_room", "room", "alpha");
        ana.drain();

        ana.send("event", "rooms", "ref", "r1");

        JsonObject rooms = ana.only("rooms");
        assertEquals(List.of("alpha", "general", "zeta"), strings(rooms, "rooms"));
        assertEquals("r1", rooms.getString("ref"));
    }

    @Test
    void presenceListsTheMembersOfARoom() {
        Client ana = connect("ana");
        Client bob = connect("bob");
        Client carol = connect("carol");
        carol.send("event", "leave_room", "room", "general");
        drainAll(ana, bob, carol);

        ana.send("event", "presence", "room", "general", "ref", "p1");

        JsonObject presence = ana.only("presence");
        assertEquals("general", presence.getString("room"));
        assertEquals("p1", presence.getString("ref"));
        Set<String> members = presence.getJsonArray("members").getValuesAs(JsonObject.class).stream()
                .map(member -> member.getString("client_id") + "/" + member.getString("user")).collect(Collectors.toSet());
        assertEquals(Set.of(ana.clientId() + "/ana", bob.clientId() + "/bob"), members);
        bob.assertNothing();
    }

    // --- profiles --------------------------------------------------------------------------

    @Test
    void aProfileChangeIsTheSendersReplyAndReachesItsRoomsAndOtherConnections() {
        Client ana = connect("ana");
        Client anaOnPhone = connect("ana");
        Client bob = connect("bob");
        Client carol = connect("carol");
        carol.send("event", "leave_room", "room", "general");
        drainAll(ana, anaOnPhone, bob, carol);

        ana.send("event", "set_profile", "display_name", "Ana Lima", "status", "in Lisbon", "ref", "p1");

        JsonObject reply = ana.only("profile");
        assertEquals("p1", reply.getString("ref"));
        assertEquals("ana", reply.getString("user"));
        assertEquals("Ana Lima", reply.getString("display_name"));
        assertEquals("in Lisbon", reply.getString("status"));
        assertEquals(JsonValue.NULL, reply.get("avatar"));
        assertEquals("online", reply.getString("state"));
        JsonObject seen = bob.only("profile");
        assertEquals("Ana Lima", seen.getString("display_name"));
        assertFalse(seen.containsKey("ref"));
        // In the room and one of the user's connections: told once.
        assertEquals(List.of("profile"), anaOnPhone.eventNames());
        carol.assertNothing();
    }

    @Test
    void theProfileShowsInWelcomeJoinsAndPresence() {
        Client ana = connect("ana");
        ana.send("event", "set_profile", "display_name", "Ana Lima", "state", "away");
        Client bob = connect("bob");
        drainAll(bob);

        ana.send("event", "join_room", "room", "dev");
        bob.send("event", "join_room", "room", "dev");
        bob.send("event", "presence", "room", "dev", "ref", "p");
        Client again = connect("ana");

        JsonObject welcome = again.all().get(0);
        assertEquals("Ana Lima", welcome.getJsonObject("profile").getString("display_name"));
        assertEquals("away", welcome.getJsonObject("profile").getString("state"), "away until a client says online");
        List<JsonObject> toBob = bob.drain();
        JsonObject presence = toBob.stream().filter(event -> event.getString("event").equals("presence"))
                .findFirst().orElseThrow();
        JsonObject anaInDev = presence.getJsonArray("members").getValuesAs(JsonObject.class).stream()
                .filter(member -> member.getString("user").equals("ana")).findFirst().orElseThrow();
        assertEquals("Ana Lima", anaInDev.getJsonObject("profile").getString("display_name"));
        assertEquals("away", anaInDev.getJsonObject("profile").getString("state"));
        JsonObject joined = toBob.stream().filter(event -> event.getString("event").equals("user_joined")
                && event.getString("client_id").equals(again.clientId())).findFirst().orElseThrow();
        assertEquals("Ana Lima", joined.getJsonObject("profile").getString("display_name"));
    }

    @Test
    void settingADisplayNameBackToNullShowsTheUserAgain() {
        Client ana = connect("ana");
        ana.send("event", "set_profile", "display_name", "Ana Lima");
        ana.drain();

        ana.sendRaw("{\"event\":\"set_profile\",\"display_name\":null,\"ref\":\"r\"}");

        assertEquals("ana", ana.only("profile").getString("display_name"));
    }

    @Test
    void whatReachesANewConnectionBeforeItsProfileIsReadFollowsItsWelcome() {
        Queue<Runnable> reads = new ArrayDeque<>();
        registry = new ChatRegistry();
        cut = new ChatService(registry, history, DefaultLimits.limits(), Optional.of("general"), 0, new RoomAccess(),
                StandaloneChat.dispatcher(registry), reads::add, FileAccess.NONE, new InMemoryProfileStore());
        Client ana = connect("ana");
        reads.poll().run();
        ana.drain();

        Client bob = connect("bob");
        ana.send("event", "room_message", "room", "general", "message", "already here?", "ref", "m");
        assertEquals(List.of(), bob.eventNames(), "nothing before the welcome");
        reads.poll().run();

        assertEquals(List.of("welcome", "room_message"), bob.eventNames());
        assertEquals(List.of("ack", "user_joined"), ana.eventNames(), "the arrival is told once the profile is known");
    }

    @Test
    void aUsersLastConnectionClosingTellsItsRoomsItIsOffline() {
        Client ana = connect("ana");
        Client anaOnPhone = connect("ana");
        Client bob = connect("bob");
        drainAll(ana, anaOnPhone, bob);

        cut.closed(anaOnPhone.connection, "closed");
        assertEquals(List.of("user_left"), bob.eventNames(), "ana is still there");
        cut.closed(ana.connection, "closed");

        assertEquals(ana.clientId(), bob.departure().getString("client_id"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{'event':'room_message','room':'dev','message':'hi','ref':'x'}",
        "{'event':'typing','room':'dev','typing':true,'ref':'x'}",
        "{'event':'read','room':'dev','id':1,'ref':'x'}",
        "{'event':'presence','room':'dev','ref':'x'}",
        "{'event':'history','room':'dev','ref':'x'}",
    })
    void roomActionsNeedMembership(String frame) {
        Client ana = connect("ana");
        Client bob = connect("bob");
        bob.send("event", "join_room", "room", "dev");
        drainAll(ana, bob);

        ana.sendRaw(frame.replace('\'', '"'));

        assertError(ana.only("error"), ErrorCode.NOT_MEMBER, "x");
        bob.assertNothing();
    }

    @Test
    void roomActionsOnARoomThatDoesNotExistAreNotMember() {
        Client ana = connect("ana");
        ana.drain();

        ana.send("event", "room_message", "room", "nowhere", "message", "hi");

        assertError(ana.only("error"), ErrorCode.NOT_MEMBER, null);
        assertEquals(Optional.empty(), registry.room("nowhere"));
    }

    // --- messages --------------------------------------------------------------------------

    @Test
    void echoAnswersTheSenderOnly() {
        Client ana = connect("ana");
        Client bob = connect("bob");
        drainAll(ana, bob);

        ana.send("event", "message", "message", "hello ☕", "ref", "e1");

        JsonObject echo = ana.only("echo");
        assertEquals("hello ☕", echo.getString("original_message"));
        assertEquals("e1", echo.getString("ref"));
        assertTrue(echo.getString("timestamp").matches(TIMESTAMP));
        bob.assertNothing();
    }

    @Test
    void roomMessageReachesTheOtherMembersOnlyAndIsAcknowledgedWithItsId() {
        Client ana = connect("ana");
        Client bob = connect("bob");
        Client carol = connect("carol");
        ana.send("event", "join_room", "room", "dev");
        bob.send("event", "join_room", "room", "dev");
        drainAll(ana, bob, carol);

        ana.send("event", "room_message", "room", "dev", "message", "ship it", "ref", "m1");

        JsonObject message = bob.only("room_message");
        assertEquals("ship it", message.getString("message"));
        assertEquals(ana.clientId(), message.getString("from"));
        assertEquals("ana", message.getString("user"));
        assertEquals("dev", message.getString("room"));
        assertTrue(message.getString("timestamp").matches(TIMESTAMP));
        assertFalse(message.containsKey("ref"));
        JsonObject ack = ana.only("ack");
        assertEquals("m1", ack.getString("ref"));
        assertEquals(message.getJsonNumber("id").longValueExact(), ack.getJsonNumber("id").longValueExact());
        assertEquals(message.getString("timestamp"), ack.getString("timestamp"));
        carol.assertNothing();
    }

    @Test
    void roomMessageWithoutRefIsNotAcknowledged() {
        Client ana = connect("ana");
        Client bob = connect("bob");
        drainAll(ana, bob);

        ana.send("event", "room_message", "room", "general", "message", "hi");

        ana.assertNothing();
        bob.only("room_message");
    }

    @Test
    void roomMessageIdsIncrease() {
        Client ana = connect("ana");
        Client bob = connect("bob");
        drainAll(ana, bob);

        for (int i = 0; i < 20; i++) {
            ana.send("event", "room_message", "room", "general", "message", "m" + i);
        }

        List<Long> ids = bob.drain().stream().map(event -> event.getJsonNumber("id").longValueExact()).toList();
        assertEquals(20, ids.size());
        for (int i = 1; i < ids.size(); i++) {
            assertTrue(ids.get(i) > ids.get(i - 1));
            assertTrue(ids.get(i) < 1L << 53);
        }
    }

    @Test
    void broadcastReachesEveryoneButTheSender() {
        Client ana = connect("ana");
        Client bob = connect("bob");
        Client loner = connect("loner");
        loner.send("event", "leave_room", "room", "general");
        drainAll(ana, bob, loner);

        ana.send("event", "broadcast", "message", "hear ye", "ref", "b1");

        for (Client other : List.of(bob, loner)) {
            JsonObject broadcast = other.only("broadcast");
            assertEquals("hear ye", broadcast.getString("message"));
            assertEquals(ana.clientId(), broadcast.getString("from"));
            assertEquals("ana", broadcast.getString("user"));
            assertTrue(broadcast.getString("timestamp").matches(TIMESTAMP));
        }
        JsonObject ack = ana.only("ack");
        assertEquals(Set.of("event", "ref"), ack.keySet());
        assertEquals("b1", ack.getString("ref"));
    }

    @Test
    void directMessageReachesEveryConnectionOfTheTargetAndTheSendersOthers() {
        Client ana1 = connect("ana");
        Client ana2 = connect("ana");
        Client bob1 = connect("bob");
        Client bob2 = connect("bob");
        Client carol = connect("carol");
        drainAll(ana1, ana2, bob1, bob2, carol);

        ana1.send("event", "direct_message", "to", "bob", "message", "psst", "ref", "d1");

        JsonObject message = bob1.only("direct_message");
        assertEquals("psst", message.getString("message"));
        assertEquals(ana1.clientId(), message.getString("from"));
        assertEquals("ana", message.getString("user"));
        assertEquals("bob", message.getString("to"));
        assertTrue(message.getString("timestamp").matches(TIMESTAMP));
        assertEquals(message, bob2.only("direct_message"));
        assertEquals(message, ana2.only("direct_message"));
        JsonObject ack = ana1.only("ack");
        assertEquals("d1", ack.getString("ref"));
        assertEquals(message.getJsonNumber("id").longValueExact(), ack.getJsonNumber("id").longValueExact());
        carol.assertNothing();
    }

    @Test
    void directMessageToYourselfGoesToYourOtherConnectionsOnce() {
        Client ana1 = connect("ana");
        Client ana2 = connect("ana");
        Client ana3 = connect("ana");
        drainAll(ana1, ana2, ana3);

        ana1.send("event", "direct_message", "to", "ana", "message", "note to self");

        assertEquals("note to self", ana2.only("direct_message").getString("message"));
        assertEquals("note to self", ana3.only("direct_message").getString("message"));
        ana1.assertNothing();
    }

    @Test
    void directMessageToAnOfflineUserIsReadLaterWithHistory() {
        Client ana = connect("ana");
        ana.send("event", "direct_message", "to", "zoe", "message", "call me");
        ana.send("event", "direct_message", "to", "bob", "message", "not for zoe");

        Client zoe = connect("zoe");
        zoe.drain();
        zoe.send("event", "history", "with", "ana", "ref", "h1");

        JsonObject history = zoe.only("history");
        assertEquals("ana", history.getString("with"));
        assertFalse(history.containsKey("room"));
        assertEquals("h1", history.getString("ref"));
        List<JsonObject> messages = history.getJsonArray("messages").getValuesAs(JsonObject.class);
        assertEquals(1, messages.size());
        assertEquals("direct_message", messages.get(0).getString("event"));
        assertEquals("call me", messages.get(0).getString("message"));
        assertEquals("zoe", messages.get(0).getString("to"));
        assertEquals(JsonValue.FALSE, history.get("has_more"));
    }

    @Test
    void directConversationHistoryIsTheSameFromBothSides() {
        Client ana = connect("ana");
        Client bob = connect("bob");
        ana.send("event", "direct_message", "to", "bob", "message", "hi bob");
        bob.send("event", "direct_message", "to", "ana", "message", "hi ana");
        drainAll(ana, bob);

        ana.send("event", "history", "with", "bob");
        bob.send("event", "history", "with", "ana");

        List<String> fromAna = messageTexts(ana.only("history"));
        assertEquals(List.of("hi bob", "hi ana"), fromAna);
        assertEquals(fromAna, messageTexts(bob.only("history")));
    }

    @Test
    void typingIsRelayedToTheOtherMembers() {
        Client ana = connect("ana");
        Client bob = connect("bob");
        drainAll(ana, bob);

        ana.send("event", "typing", "room", "general", "typing", true, "ref", "t1");

        JsonObject typing = bob.only("typing");
        assertEquals("general", typing.getString("room"));
        assertEquals(ana.clientId(), typing.getString("from"));
        assertEquals("ana", typing.getString("user"));
        assertEquals(JsonValue.TRUE, typing.get("typing"));
        assertEquals("t1", ana.only("ack").getString("ref"));
    }

    @Test
    void readIsRelayedToTheOtherMembers() {
        Client ana = connect("ana");
        Client bob = connect("bob");
        drainAll(ana, bob);

        ana.send("event", "read", "room", "general", "id", 1234);

        JsonObject read = bob.only("read");
        assertEquals("general", read.getString("room"));
        assertEquals("ana", read.getString("user"));
        assertEquals(1234, read.getJsonNumber("id").longValueExact());
        ana.assertNothing();
    }

    // --- history ---------------------------------------------------------------------------

    @Test
    void aJoinOverTheRoomsPerConnectionLimitIsRefusedAndRejoiningIsNot() {
        start(DefaultLimits.limits("chat.room.max-per-connection", "2"), Optional.of("general"));
        Client ana = connect("ana");
        ana.send("event", "join_room", "room", "dev");
        ana.drain();

        ana.send("event", "join_room", "room", "ops", "ref", "j3");
        assertError(ana.only("error"), ErrorCode.LIMIT_EXCEEDED, "j3");

        ana.send("event", "join_room", "room", "dev");
        assertTrue(ana.drain().stream().noneMatch(event -> event.getString("event").equals("error")));

        ana.send("event", "leave_room", "room", "dev");
        ana.drain();
        ana.send("event", "join_room", "room", "ops");
        assertEquals(List.of("user_joined"), ana.drain().stream().map(event -> event.getString("event")).toList());
    }

    @Test
    void aJoinThatWouldOpenARoomOverTheNodeLimitIsRefusedButExistingRoomsStayOpen() {
        start(DefaultLimits.limits("chat.room.max-per-node", "2"), Optional.of("general"));
        Client ana = connect("ana");
        Client bob = connect("bob");
        ana.send("event", "join_room", "room", "dev");
        drainAll(ana, bob);

        bob.send("event", "join_room", "room", "ops", "ref", "j");
        assertError(bob.only("error"), ErrorCode.LIMIT_EXCEEDED, "j");

        bob.send("event", "join_room", "room", "dev");
        assertTrue(bob.drain().stream().anyMatch(event -> event.getString("event").equals("user_joined")));
    }

    @Test
    void directMessagesOverTheHourlyAllowanceAreRefusedAndNotStored() {
        start(DefaultLimits.limits("chat.direct.max-per-hour", "2"), Optional.of("general"));
        Client ana = connect("ana");
        Client bob = connect("bob");
        drainAll(ana, bob);

        ana.send("event", "direct_message", "to", "bob", "message", "one");
        ana.send("event", "direct_message", "to", "bob", "message", "two");
        drainAll(ana, bob);
        ana.send("event", "direct_message", "to", "ghost", "message", "three", "ref", "d3");

        assertError(ana.only("error"), ErrorCode.RATE_LIMITED, "d3");
        bob.send("event", "history", "with", "ana");
        assertEquals(List.of("one", "two"), messageTexts(bob.only("history")));
    }

    @Test
    void historyPagesBackwardsAndForwardsWithTheLimitClamped() {
        start(DefaultLimits.limits("chat.history.max-limit", "5"), Optional.of("general"));
        Client ana = connect("ana");
        Client bob = connect("bob");
        List<Long> ids = new ArrayList<>();
        for (int i = 1; i <= 12; i++) {
            ana.drain();
            ana.send("event", "room_message", "room", "general", "message", "m" + i, "ref", "r" + i);
            ids.add(ana.only("ack").getJsonNumber("id").longValueExact());
        }
        bob.drain();

        bob.send("event", "history", "room", "general", "limit", 100);
        JsonObject newest = bob.only("history");
        assertEquals(List.of("m8", "m9", "m10", "m11", "m12"), messageTexts(newest));
        assertEquals(JsonValue.TRUE, newest.get("has_more"));
        assertEquals("general", newest.getString("room"));

        bob.send("event", "history", "room", "general", "before", ids.get(7));
        JsonObject older = bob.only("history");
        assertEquals(List.of("m3", "m4", "m5", "m6", "m7"), messageTexts(older));
        assertEquals(JsonValue.TRUE, older.get("has_more"));

        bob.send("event", "history", "room", "general", "before", ids.get(2));
        JsonObject oldest = bob.only("history");
        assertEquals(List.of("m1", "m2"), messageTexts(oldest));
        assertEquals(JsonValue.FALSE, oldest.get("has_more"));

        bob.send("event", "history", "room", "general", "after", ids.get(1), "limit", 3);
        JsonObject newer = bob.only("history");
        assertEquals(List.of("m3", "m4", "m5"), messageTexts(newer));
        assertEquals(JsonValue.TRUE, newer.get("has_more"));

        bob.send("event", "history", "room", "general", "after", ids.get(9));
        JsonObject rest = bob.only("history");
        assertEquals(List.of("m11", "m12"), messageTexts(rest));
        assertEquals(JsonValue.FALSE, rest.get("has_more"));
    }

    @Test
    void historyMessagesAreShapedAsTheLiveEvent() {
        Client ana = connect("ana");
        Client bob = connect("bob");
        drainAll(ana, bob);
        ana.send("event", "room_message", "room", "general", "message", "hello");
        JsonObject live = bob.only("room_message");

        bob.send("event", "history", "room", "general");

        assertEquals(List.of(live), bob.only("history").getJsonArray("messages").getValuesAs(JsonObject.class));
    }

    @Test
    void historyReturnsTheNewestFiftyByDefault() {
        start(DefaultLimits.limits("chat.rate-limit.per-second", "0"), Optional.of("general"));
        Client ana = connect("ana");
        for (int i = 1; i <= 60; i++) {
            ana.send("event", "room_message", "room", "general", "message", "m" + i);
        }
        ana.drain();

        ana.send("event", "history", "room", "general");

        JsonObject page = ana.only("history");
        List<String> texts = messageTexts(page);
        assertEquals(50, texts.size());
        assertEquals("m11", texts.get(0));
        assertEquals("m60", texts.get(49));
        assertEquals(JsonValue.TRUE, page.get("has_more"));
    }

    @Test
    void historyOfAnEmptyRoomIsEmpty() {
        Client ana = connect("ana");
        ana.drain();

        ana.send("event", "history", "room", "general");

        JsonObject page = ana.only("history");
        assertEquals(0, page.getJsonArray("messages").size());
        assertEquals(JsonValue.FALSE, page.get("has_more"));
    }

    // --- refs and errors -------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {
        "{'event':'message','message':'hi','ref':'R'}",
        "{'event':'broadcast','message':'hi','ref':'R'}",
        "{'event':'join_room','room':'dev','ref':'R'}",
        "{'event':'join_room','room':'general','ref':'R'}",
        "{'event':'leave_room','room':'general','ref':'R'}",
        "{'event':'leave_room','room':'dev','ref':'R'}",
        "{'event':'room_message','room':'general','message':'hi','ref':'R'}",
        "{'event':'direct_message','to':'bob','message':'hi','ref':'R'}",
        "{'event':'direct_message','to':'ana','message':'hi','ref':'R'}",
        "{'event':'typing','room':'general','typing':false,'ref':'R'}",
        "{'event':'read','room':'general','id':5,'ref':'R'}",
        "{'event':'history','room':'general','ref':'R'}",
        "{'event':'history','with':'bob','ref':'R'}",
        "{'event':'presence','room':'general','ref':'R'}",
        "{'event':'rooms','ref':'R'}",
        "{'event':'nope','ref':'R'}",
        "{'event':'message','ref':'R'}",
        "{'event':'join_room','room':'a b','ref':'R'}",
        "not json",
    })
    void frameWithRefIsAnsweredExactlyOnceWithThatRef(String frame) {
        Client ana1 = connect("ana");
        Client ana2 = connect("ana");
        Client bob = connect("bob");
        drainAll(ana1, ana2, bob);

        ana1.sendRaw(frame.replace('\'', '"'));

        List<JsonObject> answered = ana1.drain().stream().filter(event -> event.containsKey("ref")).toList();
        if (frame.equals("not json")) {
            assertEquals(List.of(), answered);
            assertError(ana1.all().get(ana1.all().size() - 1), ErrorCode.BAD_JSON, null);
        } else {
            assertEquals(1, answered.size(), answered.toString());
            assertEquals("R", answered.get(0).getString("ref"));
        }
        for (Client other : List.of(ana2, bob)) {
            assertTrue(other.drain().stream().noneMatch(event -> event.containsKey("ref")));
        }
    }

    @Test
    void invalidRefIsAnsweredWithBadFieldWithoutRefAndNotCarriedOut() {
        Client ana = connect("ana");
        Client bob = connect("bob");
        drainAll(ana, bob);

        ana.sendRaw("{\"event\":\"broadcast\",\"message\":\"hi\",\"ref\":42}");

        JsonObject error = ana.only("error");
        assertError(error, ErrorCode.BAD_FIELD, null);
        assertFalse(error.containsKey("ref"));
        bob.assertNothing();
    }

    @Test
    void invalidFrameIsAnsweredWithItsErrorAndTheConnectionStays() {
        Client ana = connect("ana");
        ana.drain();

        cut.handle(ana.connection, new InvalidFrame(ErrorCode.TOO_LARGE, "frame is too large", "big"));

        assertError(ana.only("error"), ErrorCode.TOO_LARGE, "big");
        assertEquals(List.of(), ana.transport.closes());
        ana.send("event", "message", "message", "still here");
        assertEquals("still here", ana.only("echo").getString("original_message"));
    }

    @Test
    void binaryFrameIsUnsupported() {
        Client ana = connect("ana");
        ana.drain();

        cut.rejectBinaryFrame(ana.connection);

        assertError(ana.only("error"), ErrorCode.UNSUPPORTED_FRAME, null);
        assertEquals(List.of(), ana.transport.closes());
    }

    @Test
    void badFrameDoesNotReachOtherClients() {
        Client ana = connect("ana");
        Client bob = connect("bob");
        drainAll(ana, bob);

        ana.sendRaw("{\"event\":\"room_message\",\"room\":\"general\",\"message\":\"" + "x".repeat(4_001) + "\"}");

        assertError(ana.only("error"), ErrorCode.TOO_LARGE, null);
        bob.assertNothing();
    }

    // --- storage -----------------------------------------------------------------------------

    @Test
    void aMessageThatCannotBeStoredIsNeitherDeliveredNorAcknowledged() {
        Client ana = connect("ana");
        Client bob = connect("bob");
        drainAll(ana, bob);
        history.failStores();

        ana.send("event", "room_message", "room", "general", "message", "lost?", "ref", "r1");
        ana.send("event", "direct_message", "to", "bob", "message", "lost?", "ref", "r2");

        List<JsonObject> toAna = ana.drain();
        assertEquals(List.of("error", "error"), names(toAna));
        assertError(toAna.get(0), ErrorCode.UNAVAILABLE, "r1");
        assertError(toAna.get(1), ErrorCode.UNAVAILABLE, "r2");
        bob.assertNothing();
    }

    @Test
    void readPositionsAreKeptPerUser() {
        Client ana = connect("ana");
        drainAll(ana);

        ana.send("event", "read", "room", "general", "id", 7);
        ana.send("event", "read", "room", "general", "id", 5);

        assertEquals(7L, history.readPosition("general", "ana"));
    }

    @Test
    void joiningARoomSendsItsNewestMessagesWhenConfigured() {
        registry = new ChatRegistry();
        cut = StandaloneChat.service(registry, history, DefaultLimits.limits(), Optional.empty(), 2);
        Client ana = connect("ana");
        ana.send("event", "join_room", "room", "lobby");
        for (int i = 1; i <= 3; i++) {
            ana.send("event", "room_message", "room", "lobby", "message", "m" + i);
        }
        Client ben = connect("ben");
        ben.drain();

        ben.send("event", "join_room", "room", "lobby", "ref", "j");

        List<JsonObject> toBen = ben.drain();
        assertEquals(List.of("user_joined", "history", "ack"), names(toBen));
        assertEquals(List.of("m2", "m3"), messageTexts(toBen.get(1)));
        assertTrue(toBen.get(1).getBoolean("has_more"));
    }

    // --- rate limit ------------------------------------------------------------------------

    @Test
    void floodingIsRateLimitedWithTheRefThenClosedAfterTheStrikes() {
        start(DefaultLimits.limits("chat.rate-limit.per-second", "0.001", "chat.rate-limit.burst", "2",
                "chat.rate-limit.max-strikes", "3"), Optional.of("general"));
        Client ana = connect("ana");
        Client bob = connect("bob");
        drainAll(ana, bob);

        ana.send("event", "message", "message", "1");
        ana.send("event", "message", "message", "2");
        assertEquals(List.of("echo", "echo"), ana.eventNames());
        ana.drain();

        ana.send("event", "room_message", "room", "general", "message", "3", "ref", "r3");
        assertError(ana.only("error"), ErrorCode.RATE_LIMITED, "r3");
        bob.assertNothing();
        ana.send("event", "message", "message", "4");
        assertError(ana.only("error"), ErrorCode.RATE_LIMITED, null);
        assertEquals(List.of(), ana.transport.closes());

        ana.send("event", "message", "message", "5", "ref", "r5");

        assertError(ana.only("error"), ErrorCode.RATE_LIMITED, "r5");
        assertEquals(List.of(CloseCode.POLICY_VIOLATION), ana.transport.closes());
        assertEquals(ana.clientId(), bob.departure().getString("client_id"));
        assertEquals(1, registry.connectionCount());

        ana.send("event", "message", "message", "6");
        ana.assertNothing();
    }

    @Test
    void framesArrivingAfterTheServerCutAConnectionOffAreNotCarriedOut() {
        start(DefaultLimits.limits("chat.rate-limit.per-second", "0"), Optional.of("general"));
        Client ana = connect("ana");
        Client bob = connect("bob");
        drainAll(ana, bob);
        cut.disconnect(ana.connection, CloseCode.GOING_AWAY, "ping timeout");
        bob.drain();

        // The close frame is on its way, and the client keeps sending meanwhile.
        ana.send("event", "broadcast", "message", "sneaked in");

        bob.assertNothing();
    }

    @Test
    void rateLimitOfZeroAllowsAnyNumberOfFrames() {
        start(DefaultLimits.limits("chat.rate-limit.per-second", "0", "chat.rate-limit.burst", "1",
                "chat.rate-limit.max-strikes", "1"), Optional.of("general"));
        Client ana = connect("ana");
        ana.drain();

        for (int i = 0; i < 1_000; i++) {
            ana.send("event", "message", "message", "m" + i);
        }

        List<JsonObject> events = ana.drain();
        assertEquals(1_000, events.size());
        assertTrue(events.stream().allMatch(event -> event.getString("event").equals("echo")));
    }

    // --- closing ---------------------------------------------------------------------------

    @Test
    void closingSendsUserLeftToTheMembersOfEveryRoomItWasIn() {
        Client ana = connect("ana");
        Client bob = connect("bob");
        Client carol = connect("carol");
        Client dave = connect("dave");
        ana.send("event", "join_room", "room", "dev");
        carol.send("event", "join_room", "room", "dev");
        carol.send("event", "leave_room", "room", "general");
        dave.send("event", "leave_room", "room", "general");
        drainAll(ana, bob, carol, dave);

        cut.closed(ana.connection, "closed 1000");

        JsonObject inGeneral = bob.departure();
        assertEquals("general", inGeneral.getString("room"));
        assertEquals(ana.clientId(), inGeneral.getString("client_id"));
        assertEquals("ana", inGeneral.getString("user"));
        assertEquals("dev", carol.departure().getString("room"));
        dave.assertNothing();
        ana.assertNothing();
        assertEquals(3, registry.connectionCount());
    }

    @Test
    void closingTwiceTellsTheOthersOnce() {
        Client ana = connect("ana");
        Client bob = connect("bob");
        drainAll(ana, bob);

        cut.closed(ana.connection, "closed");
        cut.closed(ana.connection, "closed again");
        cut.disconnect(ana.connection, CloseCode.GOING_AWAY, "ping timeout");

        bob.departure();
    }

    @Test
    void disconnectClosesTheTransportWithTheCode() {
        Client ana = connect("ana");
        Client bob = connect("bob");
        drainAll(ana, bob);

        cut.disconnect(ana.connection, CloseCode.GOING_AWAY, "idle timeout");

        assertEquals(List.of(CloseCode.GOING_AWAY), ana.transport.closes());
        bob.departure();
        assertTrue(ana.connection.isClosed());
    }

    @Test
    void membershipEventsAreSuppressedAboveTheRoomSizeLimit() {
        start(DefaultLimits.limits("chat.room.membership-events-max-members", "2"), Optional.empty());
        Client ana = connect("ana");
        Client bob = connect("bob");
        Client carol = connect("carol");
        Client dave = connect("dave");
        ana.send("event", "join_room", "room", "big");
        bob.send("event", "join_room", "room", "big");
        drainAll(ana, bob, carol, dave);

        carol.send("event", "join_room", "room", "big");
        dave.send("event", "join_room", "room", "big", "ref", "j");

        assertEquals("big", carol.only("user_joined").getString("room"));
        assertEquals(List.of("user_joined", "ack"), dave.eventNames());
        ana.assertNothing();
        bob.assertNothing();
        dave.drain();

        carol.send("event", "leave_room", "room", "big");
        assertEquals("big", carol.only("user_left").getString("room"));
        ana.assertNothing();
        dave.assertNothing();

        cut.closed(dave.connection, "closed");
        assertEquals(dave.clientId(), ana.departure().getString("client_id"));
        assertEquals(dave.clientId(), bob.departure().getString("client_id"));
    }

    @Test
    void slowConsumerIsClosedAndTheOthersOfItsRoomGetEveryMessage() {
        start(DefaultLimits.limits("chat.rate-limit.per-second", "0", "chat.outbound.max-bytes", "4000"), Optional.of("general"));
        Client ana = connect("ana");
        Client bob = connect("bob");
        StalledTransport stalled = new StalledTransport();
        Connection slow = cut.connect(stalled, Optional.of("slow")).orElseThrow();
        drainAll(ana, bob);

        for (int i = 0; i < 200; i++) {
            ana.send("event", "room_message", "room", "general", "message", "message number " + i);
        }

        assertEquals(List.of(CloseCode.POLICY_VIOLATION), stalled.closes);
        assertTrue(slow.isClosed());
        List<JsonObject> received = bob.drain();
        List<String> texts = received.stream().filter(event -> event.getString("event").equals("room_message"))
                .map(event -> event.getString("message")).toList();
        assertEquals(200, texts.size());
        for (int i = 0; i < 200; i++) {
            assertEquals("message number " + i, texts.get(i));
        }
        assertEquals(1, received.stream().filter(event -> event.getString("event").equals("user_left")
                && event.getString("client_id").equals(slow.clientId())).count());
        assertFalse(registry.room("general").orElseThrow().contains(slow));
        assertEquals(2, registry.connectionCount());
        assertTrue(stalled.sent.get() < 200, "frames kept being written to a stalled socket");
        assertEquals(List.of(), bob.transport.closes(), "a client that reads was taken for a slow one");
        assertEquals(List.of(), ana.transport.closes());
    }

    // --- editing and deleting ----------------------------------------------------------------

    @Test
    void authorsEditOfARoomMessageReachesTheOtherMembersAndIsAcknowledged() {
        Client ana1 = connect("ana");
        Client ana2 = connect("ana");
        Client bob = connect("bob");
        Client carol = connect("carol");
        carol.send("event", "leave_room", "room", "general");
        long id = postToGeneral(ana1, "helo");
        drainAll(ana1, ana2, bob, carol);

        ana1.send("event", "edit_message", "id", id, "message", "hello", "ref", "e1");

        JsonObject edited = bob.only("message_edited");
        assertEquals(id, edited.getJsonNumber("id").longValueExact());
        assertEquals("ana", edited.getString("user"));
        assertEquals("general", edited.getString("room"));
        assertFalse(edited.containsKey("to"));
        assertEquals("hello", edited.getString("message"));
        assertTrue(edited.getString("edited_at").matches(TIMESTAMP));
        assertEquals(edited, ana2.only("message_edited"));
        JsonObject ack = ana1.only("ack");
        assertEquals("e1", ack.getString("ref"));
        carol.assertNothing();
    }

    @Test
    void authorsDeletionOfADirectMessageReachesBothSidesButTheConnectionThatMadeIt() {
        Client ana1 = connect("ana");
        Client ana2 = connect("ana");
        Client bob = connect("bob");
        Client carol = connect("carol");
        ana1.send("event", "direct_message", "to", "bob", "message", "psst", "ref", "d1");
        long id = lastAckedId(ana1);
        drainAll(ana1, ana2, bob, carol);

        ana1.send("event", "delete_message", "id", id, "ref", "x1");

        JsonObject deleted = bob.only("message_deleted");
        assertEquals(id, deleted.getJsonNumber("id").longValueExact());
        assertEquals("ana", deleted.getString("user"));
        assertEquals("bob", deleted.getString("to"));
        assertFalse(deleted.containsKey("room"));
        assertFalse(deleted.containsKey("message"));
        assertTrue(deleted.getString("deleted_at").matches(TIMESTAMP));
        assertEquals(deleted, ana2.only("message_deleted"));
        assertEquals("x1", ana1.only("ack").getString("ref"));
        carol.assertNothing();
    }

    @Test
    void onlyTheAuthorMayEditOrDeleteAMessage() {
        Client ana = connect("ana");
        Client bob = connect("bob");
        long id = postToGeneral(ana, "mine");
        drainAll(ana, bob);

        assertRefused(bob, ErrorCode.NOT_AUTHOR, "e1", "event", "edit_message", "id", id, "message", "yours now");
        assertRefused(bob, ErrorCode.NOT_AUTHOR, "x1", "event", "delete_message", "id", id);

        ana.assertNothing();
        assertEquals(List.of("mine"), messageTexts(historyOfGeneral(bob)));
    }

    @Test
    void aMessageOfTheSameUserOnAnotherConnectionIsItsOwn() {
        Client ana1 = connect("ana");
        long id = postToGeneral(ana1, "first");
        Client ana2 = connect("ana");
        drainAll(ana1, ana2);

        ana2.send("event", "edit_message", "id", id, "message", "second", "ref", "e1");

        assertEquals("e1", ana2.only("ack").getString("ref"));
        assertEquals("second", ana1.only("message_edited").getString("message"));
    }

    @Test
    void anIdNoMessageHasIsNotFound() {
        Client ana = connect("ana");
        ana.drain();

        assertRefused(ana, ErrorCode.NOT_FOUND, "e1", "event", "edit_message", "id", 999L, "message", "x");
        assertRefused(ana, ErrorCode.NOT_FOUND, "x1", "event", "delete_message", "id", 999L);
    }

    @Test
    void aDeletedMessageCannotBeEditedNorDeletedAgain() {
        Client ana = connect("ana");
        Client bob = connect("bob");
        long id = postToGeneral(ana, "oops");
        ana.send("event", "delete_message", "id", id);
        drainAll(ana, bob);

        assertRefused(ana, ErrorCode.ALREADY_DELETED, "e1", "event", "edit_message", "id", id, "message", "back");
        assertRefused(ana, ErrorCode.ALREADY_DELETED, "x1", "event", "delete_message", "id", id);

        bob.assertNothing();
        JsonObject tombstone = historyOfGeneral(bob).getJsonArray("messages").getJsonObject(0);
        assertEquals("", tombstone.getString("message"));
    }

    @Test
    void changesPastTheEditWindowAreRefusedAndThoseWithinItMade() {
        start(DefaultLimits.limits("chat.message.edit-window-seconds", "300"), Optional.of("general"));
        Client ana = connect("ana");
        Client bob = connect("bob");
        long old = postToGeneral(ana, "old");
        long recent = postToGeneral(ana, "recent");
        history.age(old, Duration.ofMinutes(6));
        history.age(recent, Duration.ofMinutes(4));
        drainAll(ana, bob);

        assertEquals("a message may only be edited within 300 seconds of sending it", assertRefused(ana,
                ErrorCode.EDIT_WINDOW_PASSED, "e1", "event", "edit_message", "id", old, "message", "new").getString("message"));
        assertEquals("a message may only be deleted within 300 seconds of sending it", assertRefused(ana,
                ErrorCode.EDIT_WINDOW_PASSED, "x1", "event", "delete_message", "id", old).getString("message"));
        bob.assertNothing();

        ana.send("event", "edit_message", "id", recent, "message", "newer", "ref", "e2");
        assertEquals("e2", ana.only("ack").getString("ref"));
        assertEquals("newer", bob.only("message_edited").getString("message"));
    }

    @Test
    void withoutAnEditWindowOldMessagesMayBeChanged() {
        Client ana = connect("ana");
        long id = postToGeneral(ana, "ancient");
        history.age(id, Duration.ofDays(400));
        ana.drain();

        ana.send("event", "edit_message", "id", id, "message", "renewed", "ref", "e1");

        assertEquals("e1", ana.only("ack").getString("ref"));
    }

    @Test
    void historyHoldsTheEditedTextAndTombstonesOfDeletedMessages() {
        Client ana = connect("ana");
        Client bob = connect("bob");
        long kept = postToGeneral(ana, "kept");
        long edited = postToGeneral(ana, "draft");
        long deleted = postToGeneral(ana, "regret");
        ana.send("event", "edit_message", "id", edited, "message", "final");
        ana.send("event", "delete_message", "id", deleted);
        drainAll(ana, bob);

        List<JsonObject> messages = historyOfGeneral(bob).getJsonArray("messages").getValuesAs(JsonObject.class);

        assertEquals(List.of(kept, edited, deleted),
                messages.stream().map(message -> message.getJsonNumber("id").longValueExact()).toList());
        assertFalse(messages.get(0).containsKey("edited_at"));
        assertFalse(messages.get(0).containsKey("deleted"));
        assertEquals("final", messages.get(1).getString("message"));
        assertTrue(messages.get(1).getString("edited_at").matches(TIMESTAMP));
        JsonObject tombstone = messages.get(2);
        assertEquals("room_message", tombstone.getString("event"));
        assertEquals("", tombstone.getString("message"));
        assertEquals(JsonValue.TRUE, tombstone.get("deleted"));
        assertTrue(tombstone.getString("deleted_at").matches(TIMESTAMP));
        assertEquals("ana", tombstone.getString("user"));
        assertTrue(tombstone.getString("timestamp").matches(TIMESTAMP));
    }

    @Test
    void editsAndDeletionsAreRateLimitedLikeEveryFrame() {
        start(DefaultLimits.limits("chat.rate-limit.per-second", "0.001", "chat.rate-limit.burst", "2"),
                Optional.of("general"));
        Client ana = connect("ana");
        Client bob = connect("bob");
        long id = postToGeneral(ana, "one");
        ana.send("event", "edit_message", "id", id, "message", "two");
        drainAll(ana, bob);

        assertRefused(ana, ErrorCode.RATE_LIMITED, "x1", "event", "delete_message", "id", id);
        bob.assertNothing();
    }

    /** Posts to {@code general} and returns the stored message's id from the ack. */
    private static long postToGeneral(Client author, String text) {
        author.send("event", "room_message", "room", "general", "message", text, "ref", "post");
        return lastAckedId(author);
    }

    /** The id in the ack the client got last, which is its latest event. */
    private static long lastAckedId(Client author) {
        List<JsonObject> events = author.all();
        return events.get(events.size() - 1).getJsonNumber("id").longValueExact();
    }

    private static JsonObject historyOfGeneral(Client reader) {
        reader.send("event", "history", "room", "general", "ref", "h");
        return reader.only("history");
    }

    // --- helpers ---------------------------------------------------------------------------

    private Client connect(String name) {
        RecordingTransport transport = new RecordingTransport();
        Connection connection = cut.connect(transport, Optional.of(name)).orElseThrow();
        return new Client(connection, transport);
    }

    private static void drainAll(Client... clients) {
        for (Client client : clients) {
            client.drain();
        }
    }

    /** Sends the frame with the ref and asserts that its one answer is that error. */
    private static JsonObject assertRefused(Client sender, ErrorCode code, String ref, Object... fields) {
        Object[] frame = Arrays.copyOf(fields, fields.length + 2);
        frame[fields.length] = "ref";
        frame[fields.length + 1] = ref;
        sender.send(frame);
        JsonObject error = sender.only("error");
        assertError(error, code, ref);
        return error;
    }

    private static void assertError(JsonObject event, ErrorCode code, String ref) {
        assertEquals("error", event.getString("event"), event.toString());
        assertEquals(code.wireName(), event.getString("code"), event.toString());
        assertFalse(event.getString("message").isEmpty());
        if (ref == null) {
            assertFalse(event.containsKey("ref"), event.toString());
        } else {
            assertEquals(ref, event.getString("ref"));
        }
    }

    private static List<String> strings(JsonObject event, String name) {
        return event.getJsonArray(name).getValuesAs(JsonString::getString);
    }

    private static List<String> messageTexts(JsonObject history) {
        return history.getJsonArray("messages").getValuesAs(JsonObject.class).stream()
                .map(message -> message.getString("message")).toList();
    }

    private static List<String> names(List<JsonObject> events) {
        return events.stream().map(event -> event.getString("event")).toList();
    }

    private static JsonObject parse(String text) {
        try (JsonReader reader = Json.createReader(new StringReader(text))) {
            return reader.readObject();
        }
    }

    /** One connected client: its connection, and the frames it was sent that the test has not yet read. */
    private final class Client {
        final Connection connection;
        final RecordingTransport transport;
        private int read;

        Client(Connection connection, RecordingTransport transport) {
            this.connection = connection;
            this.transport = transport;
            transport.answerPingsOf(connection);
        }

        String clientId() {
            return connection.clientId();
        }

        void send(Object... fields) {
            JsonObjectBuilder frame = Json.createObjectBuilder();
            for (int i = 0; i < fields.length; i += 2) {
                String name = (String) fields[i];
                Object value = fields[i + 1];
                if (value instanceof String text) {
                    frame.add(name, text);
                } else if (value instanceof Boolean flag) {
                    frame.add(name, flag);
                } else if (value instanceof Long number) {
                    frame.add(name, number);
                } else {
                    frame.add(name, (Integer) value);
                }
            }
            sendRaw(frame.build().toString());
        }

        void sendRaw(String text) {
            cut.handle(connection, decoder.decode(text));
        }

        List<JsonObject> all() {
            return transport.events();
        }

        /** The events not read yet, which are then read. */
        List<JsonObject> drain() {
            List<JsonObject> events = all();
            List<JsonObject> unread = events.subList(read, events.size());
            read = events.size();
            return unread;
        }

        List<String> eventNames() {
            return names(drain());
        }

        /** The one unread event, which must have the given name. */
        JsonObject only(String event) {
            List<JsonObject> unread = drain();
            assertEquals(List.of(event), names(unread), unread.toString());
            return unread.get(0);
        }

        void assertNothing() {
            List<JsonObject> unread = drain();
            assertEquals(List.of(), unread);
        }

        /** A user's last connection closing, as the others see it: user_left, then the user offline. */
        JsonObject departure() {
            List<JsonObject> unread = drain();
            assertEquals(List.of("user_left", "profile"), names(unread), unread.toString());
            assertEquals("offline", unread.get(1).getString("state"));
            return unread.get(0);
        }
    }

    /** A client that stopped reading: no send ever completes. */
    private static final class StalledTransport implements Transport {
        final AtomicInteger sent = new AtomicInteger();
        final List<CloseCode> closes = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void sendText(String text, Consumer<Throwable> done) {
            sent.incrementAndGet();
        }

        @Override
        public void sendPing(long mark) {
        }

        @Override
        public void close(CloseCode code, String reason) {
            closes.add(code);
        }
    }
}
