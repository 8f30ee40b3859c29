package org.relaychat.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The test scenarios of the reference server, against the built WAR on Payara Micro. */
class ScenariosIT extends DeployedServerTest {

    private static final String TIMESTAMP = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z";

    @Test
    void basicConnectionIsWelcomedWithAClientId() throws Exception {
        try (ChatClient ana = ChatClient.connect(endpoint(), "ana"); ChatClient guest = ChatClient.connect(endpoint(), null)) {
            JsonObject welcome = ana.welcome();
            assertFalse(welcome.getString("client_id").isEmpty());
            assertNotEquals(welcome.getString("client_id"), guest.clientId());
            assertEquals("ana", welcome.getString("user"));
            assertTrue(guest.welcome().getString("user").startsWith("guest-"));
            assertEquals(List.of("general"), welcome.getJsonArray("rooms").getValuesAs(JsonString::getString));
            assertFalse(welcome.getString("message").isEmpty());
            assertTrue(welcome.getString("timestamp").matches(TIMESTAMP), welcome.getString("timestamp"));
        }
    }

    @Test
    void simpleMessageIsEchoed() throws Exception {
        try (ChatClient ana = ChatClient.connect(endpoint(), "ana")) {
            ana.send("message", "message", "hello ☕ مرحبا", "ref", "r1");
            JsonObject echo = ana.await("echo");
            assertEquals("hello ☕ مرحبا", echo.getString("original_message"));
            assertEquals("r1", echo.getString("ref"));
            assertTrue(echo.getString("timestamp").matches(TIMESTAMP));
        }
    }

    @Test
    void broadcastReachesEveryOtherClientButNotTheSender() throws Exception {
        try (ChatClient ana = ChatClient.connect(endpoint(), "ana");
                ChatClient ben = ChatClient.connect(endpoint(), "ben");
                ChatClient cy = ChatClient.connect(endpoint(), "cy")) {
            ana.send("broadcast", "message", "hi all", "ref", "b1");

            for (ChatClient other : List.of(ben, cy)) {
                JsonObject broadcast = other.await("broadcast");
                assertEquals("hi all", broadcast.getString("message"));
                assertEquals(ana.clientId(), broadcast.getString("from"));
                assertEquals("ana", broadcast.getString("user"));
            }
            List<JsonObject> toSender = ana.until("ack");
            assertEquals("b1", toSender.get(toSender.size() - 1).getString("ref"));
            assertTrue(toSender.stream().noneMatch(e -> e.getString("event").equals("broadcast")
                    && e.getString("from").equals(ana.clientId())), "the sender got its own broadcast");
        }
    }

    @Test
    void roomMessagesReachOnlyTheOtherMembersOfThatRoom() throws Exception {
        try (ChatClient one = ChatClient.connect(endpoint(), "one");
                ChatClient two = ChatClient.connect(endpoint(), "two");
                ChatClient three = ChatClient.connect(endpoint(), "three")) {
            one.send("join_room", "room", "test-room");
            // Not just any user_joined: the others' arrivals in the default room come to it too.
            one.await(e -> e.getString("event").equals("user_joined") && e.getString("room").equals("test-room"),
                    "own join");
            two.send("join_room", "room", "test-room");
            one.await(e -> e.getString("event").equals("user_joined") && e.getString("user").equals("two")
                    && e.getString("room").equals("test-room"), "two joins");
            two.await(e -> e.getString("event").equals("user_joined") && e.getString("room").equals("test-room"), "join");
            three.send("join_room", "room", "other-room");
            three.await(e -> e.getString("event").equals("user_joined") && e.getString("room").equals("other-room"),
                    "own join");

            one.send("room_message", "room", "test-room", "message", "only for test-room", "ref", "m1");
            JsonObject ack = one.await("ack");
            JsonObject received = two.await("room_message");
            assertEquals("only for test-room", received.getString("message"));
            assertEquals("test-room", received.getString("room"));
            assertEquals(one.clientId(), received.getString("from"));
            assertEquals("one", received.getString("user"));
            assertEquals(ack.getJsonNumber("id").longValue(), received.getJsonNumber("id").longValue());
            assertEquals(ack.getString("timestamp"), received.getString("timestamp"));

            three.send("rooms", "ref", "after");
            assertTrue(three.until("rooms").stream().noneMatch(e -> e.getString("event").equals("room_message")),
                    "a client of another room got the message");
            one.send("rooms", "ref", "after");
            assertTrue(one.until("rooms").stream().noneMatch(e -> e.getString("event").equals("room_message")),
                    "the sender got its own room message");
        }
    }

    @Test
    void multipleRoomsAreJoinedAndLeftWithTheRoomListFollowing() throws Exception {
        try (ChatClient ana = ChatClient.connect(endpoint(), "ana")) {
            for (String room : List.of("support", "sales")) {
                ana.send("join_room", "room", room);
                assertEquals(room, ana.await("user_joined").getString("room"));
            }
            ana.send("rooms", "ref", "list1");
            assertEquals(List.of("general", "sales", "support"), roomNames(ana.await("rooms")));

            ana.send("leave_room", "room", "support", "ref", "leave");
            JsonObject left = ana.await("user_left");
            assertEquals("support", left.getString("room"));
            assertEquals(ana.clientId(), left.getString("client_id"));
            assertEquals("leave", ana.await("ack").getString("ref"));
            ana.send("rooms", "ref", "list2");
            assertEquals(List.of("general", "sales"), roomNames(ana.await("rooms")));
        }
    }

    private static List<String> roomNames(JsonObject rooms) {
        return rooms.getJsonArray("rooms").getValuesAs(JsonString::getString);
    }
}
