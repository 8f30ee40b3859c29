package org.relaychat.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.relaychat.config.DefaultLimits;
import org.relaychat.config.Limits;

/** The rows of the protocol's tables that the scenarios do not cover, on the built WAR. */
class ProtocolIT extends DeployedServerTest {

    @Test
    void joiningTwiceConfirmsAgainWithoutTellingOthers() throws Exception {
        try (ChatClient ana = ChatClient.connect(endpoint(), "ana"); ChatClient ben = ChatClient.connect(endpoint(), "ben")) {
            join(ana, "twice");
            join(ben, "twice");
            ana.await(e -> e.getString("event").equals("user_joined") && e.getString("user").equals("ben")
                    && e.getString("room").equals("twice"), "ben joins");

            ben.send("join_room", "room", "twice", "ref", "again");
            List<JsonObject> toBen = ben.until("ack");
            assertTrue(toBen.stream().anyMatch(e -> e.getString("event").equals("user_joined")
                    && e.getString("client_id").equals(ben.clientId())), "no confirmation of the second join");
            ana.send("presence", "room", "twice", "ref", "p");
            assertTrue(ana.until("presence").stream().noneMatch(e -> e.getString("event").equals("user_joined")),
                    "others were told of a join that changed nothing");
        }
    }

    @Test
    void welcomeTellsTheLimitsAClientMustKeepTo() throws Exception {
        try (ChatClient ana = ChatClient.connect(endpoint(), "ana")) {
            JsonObject limits = ana.welcome().getJsonObject("limits");
            Limits defaults = DefaultLimits.limits();
            assertEquals(defaults.maxMessageChars(), limits.getInt("max_message_chars"));
            assertEquals(defaults.maxRoomNameLength(), limits.getInt("max_room_name_length"));
            assertEquals(DefaultLimits.files().maxBytes(), limits.getJsonNumber("max_file_bytes").longValue());
        }
    }

    @Test
    void namesInAnyScriptArriveAsTyped() throws Exception {
        for (String name : List.of("Zoë", "José", "Зоя", "张伟", "👩‍💻 Hélène")) {
            try (ChatClient them = ChatClient.connect(endpoint(), name); ChatClient other = ChatClient.connect(endpoint(), "witness")) {
                assertEquals(name, them.welcome().getString("user"));
                them.send("broadcast", "message", "hello");
                assertEquals(name, other.await("broadcast").getString("user"));
            }
        }
    }

    @Test
    void presenceListsTheMembersOfARoom() throws Exception {
        try (ChatClient ana = ChatClient.connect(endpoint(), "ana"); ChatClient ben = ChatClient.connect(endpoint(), "ben")) {
            join(ana, "presence-room");
            join(ben, "presence-room");
            ana.send("presence", "room", "presence-room", "ref", "who");
            JsonObject presence = ana.await("presence");
            assertEquals("who", presence.getString("ref"));
            assertEquals("presence-room", presence.getString("room"));
            Set<String> members = presence.getJsonArray("members").getValuesAs(JsonObject.class).stream()
                    .map(m -> m.getString("client_id") + "/" + m.getString("user")).collect(Collectors.toSet());
            assertEquals(Set.of(ana.clientId() + "/ana", ben.clientId() + "/ben"), members);
        }
    }

    @Test
    void typingAndReadReachTheOtherMembers() throws Exception {
        try (ChatClient ana = ChatClient.connect(endpoint(), "ana"); ChatClient ben = ChatClient.connect(endpoint(), "ben")) {
            join(ana, "typing-room");
            join(ben, "typing-room");
            ana.send("typing", "room", "typing-room", "typing", true);
            JsonObject typing = ben.await("typing");
            assertEquals("typing-room", typing.getString("room"));
            assertEquals(ana.clientId(), typing.getString("from"));
            assertEquals("ana", typing.getString("user"));
            assertTrue(typing.getBoolean("typing"));

            ana.send("read", "room", "typing-room", "id", 42, "ref", "r");
            assertEquals("r", ana.await("ack").getString("ref"));
            JsonObject read = ben.await("read");
            assertEquals("ana", read.getString("user"));
            assertEquals(42, read.getJsonNumber("id").longValue());
        }
    }

    @Test
    void directMessagesReachEveryConnectionOfBothPartiesAndNobodyElse() throws Exception {
        try (ChatClient ana = ChatClient.connect(endpoint(), "dm-ana");
                ChatClient anaPhone = ChatClient.connect(endpoint(), "dm-ana");
                ChatClient ben = ChatClient.connect(endpoint(), "dm-ben");
                ChatClient benPhone = ChatClient.connect(endpoint(), "dm-ben");
                ChatClient eve = ChatClient.connect(endpoint(), "dm-eve")) {
            ana.send("direct_message", "to", "dm-ben", "message", "psst", "ref", "d1");
            JsonObject ack = ana.await("ack");
            for (ChatClient receiver : List.of(ben, benPhone, anaPhone)) {
                JsonObject dm = receiver.await("direct_message");
                assertEquals("psst", dm.getString("message"));
                assertEquals("dm-ana", dm.getString("user"));
                assertEquals("dm-ben", dm.getString("to"));
                assertEquals(ack.getJsonNumber("id").longValue(), dm.getJsonNumber("id").longValue());
            }
            eve.send("rooms", "ref", "x");
            assertTrue(eve.until("rooms").stream().noneMatch(e -> e.getString("event").equals("direct_message")));

            eve.send("history", "with", "dm-ana", "ref", "h");
            assertTrue(eve.await("history").getJsonArray("messages").isEmpty(), "a third user read a DM");
            ben.send("history", "with", "dm-ana", "ref", "h");
            assertEquals("psst", ben.await("history").getJsonArray("messages").getJsonObject(0).getString("message"));
        }
    }

    @Test
    void historyPagesARoomAndResumesAfterAnId() throws Exception {
        // A room of its own per run: the same server may already hold this test's messages from
        // the plain-socket run of it.
        String room = "history-" + UUID.randomUUID();
        try (ChatClient ana = ChatClient.connect(endpoint(), "ana")) {
            join(ana, room);
            for (int i = 1; i <= 5; i++) {
                ana.send("room_message", "room", room, "message", "m" + i, "ref", "m" + i);
                ana.await("ack");
            }
            ana.send("history", "room", room, "limit", 2);
            JsonObject newest = ana.await("history");
            assertEquals(List.of("m4", "m5"), texts(newest));
            assertTrue(newest.getBoolean("has_more"));
            assertEquals("room_message", newest.getJsonArray("messages").getJsonObject(0).getString("event"));

            long m4 = newest.getJsonArray("messages").getJsonObject(0).getJsonNumber("id").longValue();
            ana.send("history", "room", room, "before", m4, "limit", 10);
            JsonObject older = ana.await("history");
            assertEquals(List.of("m1", "m2", "m3"), texts(older));
            assertFalse(older.getBoolean("has_more"));

            long m2 = older.getJsonArray("messages").getJsonObject(1).getJsonNumber("id").longValue();
            ana.send("history", "room", room, "after", m2, "limit", 2);
            JsonObject missed = ana.await("history");
            assertEquals(List.of("m3", "m4"), texts(missed));
            assertTrue(missed.getBoolean("has_more"));

            ana.sendRaw("{\"event\":\"history\",\"room\":\"" + room + "\",\"before\":1,\"after\":2,\"ref\":\"bad\"}");
            JsonObject error = ana.await("error");
            assertEquals("bad_field", error.getString("code"));
            assertEquals("bad", error.getString("ref"));
        }
    }

    private static List<String> texts(JsonObject history) {
        return history.getJsonArray("messages").getValuesAs(JsonObject.class).stream()
                .map(m -> m.getString("message")).toList();
    }

    @Test
    void eachErrorCodeIsAnsweredAndTheConnectionStays() throws Exception {
        try (ChatClient ana = ChatClient.connect(endpoint(), "ana")) {
            assertError(ana, "not json", "bad_json", null);
            assertError(ana, "[1,2]", "bad_json", null);
            assertError(ana, "{\"message\":\"no event\",\"ref\":\"e1\"}", "unknown_event", "e1");
            assertError(ana, "{\"event\":\"dance\",\"ref\":\"e2\"}", "unknown_event", "e2");
            assertError(ana, "{\"event\":\"room_message\",\"room\":\"general\",\"ref\":\"e3\"}", "missing_field", "e3");
            assertError(ana, "{\"event\":\"join_room\",\"room\":\"no spaces\",\"ref\":\"e4\"}", "bad_field", "e4");
            assertError(ana, "{\"event\":\"typing\",\"room\":\"general\",\"typing\":\"yes\",\"ref\":\"e5\"}", "bad_field", "e5");
            assertError(ana, "{\"event\":\"message\",\"message\":\"x\",\"ref\":42}", "bad_field", null);
            assertError(ana, "{\"event\":\"room_message\",\"room\":\"elsewhere\",\"message\":\"x\",\"ref\":\"e6\"}",
                    "not_member", "e6");
            assertError(ana, "{\"event\":\"leave_room\",\"room\":\"elsewhere\",\"ref\":\"e7\"}", "not_member", "e7");
            assertError(ana, "{\"event\":\"message\",\"message\":\"" + "x".repeat(4001) + "\",\"ref\":\"e8\"}",
                    "too_large", "e8");

            ana.session().getBasicRemote().sendBinary(ByteBuffer.wrap(new byte[] {1, 2, 3}));
            assertEquals("unsupported_frame", ana.await("error").getString("code"));

            ana.send("message", "message", "still here", "ref", "alive");
            assertEquals("still here", ana.await("echo").getString("original_message"));
            assertTrue(ana.isOpen());
        }
    }

    private static void assertError(ChatClient client, String frame, String code, String ref) throws Exception {
        client.sendRaw(frame);
        JsonObject error = client.await("error");
        assertEquals(code, error.getString("code"), () -> "for " + frame.substring(0, Math.min(80, frame.length())));
        assertFalse(error.getString("message").isEmpty());
        assertEquals(ref, error.getString("ref", null));
    }
}
