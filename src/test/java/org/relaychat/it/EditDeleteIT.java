package org.relaychat.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Authors editing and deleting their messages, through the protocol against the deployed WAR: the
 * others are told, history shows the change, and every refusal is an error event. Runs on the
 * bundled database and again with the default datasource on PostgreSQL.
 */
class EditDeleteIT extends DeployedServerTest {

    private static final String TIMESTAMP = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z";

    @Test
    void anEditAndADeletionOfARoomMessageReachTheMembersAndHistory() throws Exception {
        String room = "edits-" + System.nanoTime();
        try (ChatClient ana = joined("ed-ana", room); ChatClient ben = joined("ed-ben", room)) {
            long kept = post(ana, room, "stays as it was");
            long id = post(ana, room, "helo");
            assertEquals("helo", ben.await(e -> isAbout(e, "room_message", id), "the message").getString("message"));

            ana.send("edit_message", "id", id, "message", "hello", "ref", "e1");
            assertAcked(ana, "e1");
            JsonObject edited = ben.await("message_edited");
            assertEquals(id, edited.getJsonNumber("id").longValueExact());
            assertEquals("ed-ana", edited.getString("user"));
            assertEquals(room, edited.getString("room"));
            assertEquals("hello", edited.getString("message"));
            assertTrue(edited.getString("edited_at").matches(TIMESTAMP));

            JsonObject afterEdit = message(history(ben, room), id);
            assertEquals("hello", afterEdit.getString("message"));
            assertEquals(edited.getString("edited_at"), afterEdit.getString("edited_at"));

            ana.send("delete_message", "id", id, "ref", "x1");
            assertAcked(ana, "x1");
            JsonObject deleted = ben.await("message_deleted");
            assertEquals(id, deleted.getJsonNumber("id").longValueExact());
            assertEquals(room, deleted.getString("room"));
            assertTrue(deleted.getString("deleted_at").matches(TIMESTAMP));
            assertFalse(deleted.containsKey("message"));

            JsonObject page = history(ben, room);
            JsonObject tombstone = message(page, id);
            assertEquals("", tombstone.getString("message"));
            assertEquals(JsonValue.TRUE, tombstone.get("deleted"));
            assertEquals(deleted.getString("deleted_at"), tombstone.getString("deleted_at"));
            assertEquals("ed-ana", tombstone.getString("user"));
            assertTrue(tombstone.getString("timestamp").matches(TIMESTAMP));
            JsonObject untouched = message(page, kept);
            assertEquals("stays as it was", untouched.getString("message"));
            assertFalse(untouched.containsKey("edited_at"));
            assertFalse(untouched.containsKey("deleted"));

            assertRefused(ana, "already_deleted", "edit_message", "id", id, "message", "undo");
            assertRefused(ana, "already_deleted", "delete_message", "id", id);
            ben.send("rooms", "ref", "sync");
            assertEquals(List.of(), others(ben.until("rooms")), "ben was told of refused changes");
        }
    }

    @Test
    void refusalsAreErrorEventsAndChangeNothing() throws Exception {
        String room = "refusals-" + System.nanoTime();
        try (ChatClient ana = joined("ed-cleo", room); ChatClient ben = joined("ed-dan", room)) {
            long id = post(ana, room, "mine");

            assertRefused(ben, "not_author", "edit_message", "id", id, "message", "yours");
            assertRefused(ben, "not_author", "delete_message", "id", id);
            assertRefused(ana, "not_found", "edit_message", "id", 9_007_199_254_740_991L, "message", "x");
            assertRefused(ana, "not_found", "delete_message", "id", 9_007_199_254_740_991L);
            assertRefused(ana, "too_large", "edit_message", "id", id, "message", "a".repeat(4_001));
            assertRefused(ana, "bad_field", "edit_message", "id", id, "message", "");
            assertRefused(ana, "missing_field", "edit_message", "id", id);
            assertRefused(ana, "bad_field", "delete_message", "id", "one");

            assertEquals("mine", message(history(ben, room), id).getString("message"));
            assertTrue(ana.isOpen());
            assertTrue(ben.isOpen());
        }
    }

    @Test
    void changesToADirectMessageReachEveryConnectionOfBothSidesButTheOneThatMadeThem() throws Exception {
        try (ChatClient ana = ChatClient.connect(endpoint(), "ed-eva");
                ChatClient anaPhone = ChatClient.connect(endpoint(), "ed-eva");
                ChatClient ben = ChatClient.connect(endpoint(), "ed-finn");
                ChatClient benPhone = ChatClient.connect(endpoint(), "ed-finn")) {
            ana.send("direct_message", "to", "ed-finn", "message", "psst", "ref", "d1");
            long id = ana.await("ack").getJsonNumber("id").longValueExact();

            ana.send("edit_message", "id", id, "message", "psst!", "ref", "e1");
            assertAcked(ana, "e1");
            for (ChatClient other : List.of(anaPhone, ben, benPhone)) {
                JsonObject edited = other.await("message_edited");
                assertEquals(id, edited.getJsonNumber("id").longValueExact());
                assertEquals("ed-eva", edited.getString("user"));
                assertEquals("ed-finn", edited.getString("to"));
                assertFalse(edited.containsKey("room"));
                assertEquals("psst!", edited.getString("message"));
            }

            // The author's other connection is the author too.
            anaPhone.send("delete_message", "id", id, "ref", "x1");
            assertAcked(anaPhone, "x1");
            for (ChatClient other : List.of(ana, ben, benPhone)) {
                JsonObject deleted = other.await("message_deleted");
                assertEquals(id, deleted.getJsonNumber("id").longValueExact());
                assertEquals("ed-finn", deleted.getString("to"));
            }

            ben.send("history", "with", "ed-eva", "ref", "h");
            JsonObject tombstone = message(ben.await("history"), id);
            assertEquals("direct_message", tombstone.getString("event"));
            assertEquals(JsonValue.TRUE, tombstone.get("deleted"));
            assertEquals("", tombstone.getString("message"));
            assertTrue(tombstone.getString("edited_at").matches(TIMESTAMP));
        }
    }

    private ChatClient joined(String user, String room) throws Exception {
        ChatClient client = ChatClient.connect(endpoint(), user);
        join(client, room);
        return client;
    }

    private static long post(ChatClient author, String room, String text) throws Exception {
        author.send("room_message", "room", room, "message", text, "ref", "post");
        return author.await(e -> isAbout(e, "ack", "post"), "the post's ack").getJsonNumber("id").longValueExact();
    }

    private static boolean isAbout(JsonObject event, String name, long id) {
        return name.equals(event.getString("event")) && event.getJsonNumber("id").longValueExact() == id;
    }

    private static boolean isAbout(JsonObject event, String name, String ref) {
        return name.equals(event.getString("event")) && ref.equals(event.getString("ref", null));
    }

    private static void assertAcked(ChatClient client, String ref) throws Exception {
        JsonObject reply = client.await(e -> ref.equals(e.getString("ref", null)), "the reply to " + ref);
        assertEquals("ack", reply.getString("event"), reply.toString());
    }

    /** Sends the frame with a ref; the one reply must be that error, and the connection stays. */
    private static void assertRefused(ChatClient client, String code, String event, Object... fields) throws Exception {
        Object[] frame = Arrays.copyOf(fields, fields.length + 2);
        frame[fields.length] = "ref";
        frame[fields.length + 1] = "refused";
        client.send(event, frame);
        JsonObject reply = client.await(e -> "refused".equals(e.getString("ref", null)), "the reply to " + event);
        assertEquals("error", reply.getString("event"), reply.toString());
        assertEquals(code, reply.getString("code"), reply.toString());
        assertFalse(reply.getString("message").isEmpty());
    }

    private static JsonObject history(ChatClient client, String room) throws Exception {
        client.send("history", "room", room, "ref", "page");
        return client.await(e -> isAbout(e, "history", "page"), "the history page");
    }

    private static JsonObject message(JsonObject page, long id) {
        return page.getJsonArray("messages").getValuesAs(JsonObject.class).stream()
                .filter(message -> message.getJsonNumber("id").longValueExact() == id).findFirst()
                .orElseThrow(() -> new AssertionError("no message " + id + " in " + page));
    }

    /** The events about messages in what a client received, leaving out replies. */
    private static List<JsonObject> others(List<JsonObject> events) {
        return events.stream().filter(e -> e.getString("event").startsWith("message_")).toList();
    }
}
