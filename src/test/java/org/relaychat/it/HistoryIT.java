package org.relaychat.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The message store through the protocol. Runs on the bundled database and again with the
 * default datasource on PostgreSQL.
 */
class HistoryIT extends DeployedServerTest {

    @Test
    void pagingBackwardsAndForwardsReturnsEveryMessageExactlyOnce() throws Exception {
        try (ChatClient ana = ChatClient.connect(endpoint(), "pager")) {
            join(ana, "paging");
            List<Long> sent = new ArrayList<>();
            for (int i = 0; i < 120; i++) {
                ana.send("room_message", "room", "paging", "message", "m" + i, "ref", "m" + i);
                sent.add(ana.await("ack").getJsonNumber("id").longValue());
            }
            assertEquals(sent, sent.stream().sorted().distinct().toList(), "ids increase within a room");

            List<Long> backwards = new ArrayList<>();
            JsonObject page = history(ana, "paging", "\"limit\":50");
            while (true) {
                List<Long> ids = ids(page);
                backwards.addAll(0, ids);
                if (!page.getBoolean("has_more")) {
                    break;
                }
                page = history(ana, "paging", "\"limit\":50,\"before\":" + ids.get(0));
            }
            assertEquals(sent, backwards);

            List<Long> forwards = new ArrayList<>();
            long after = 0;
            do {
                page = history(ana, "paging", "\"limit\":50,\"after\":" + after);
                forwards.addAll(ids(page));
                after = forwards.get(forwards.size() - 1);
            } while (page.getBoolean("has_more"));
            assertEquals(sent, forwards);
        }
    }

    @Test
    void aClientThatDropsMidStreamResumesWithEverythingItMissed() throws Exception {
        int total = 300;
        try (ChatClient sender = ChatClient.connect(endpoint(), "talker")) {
            join(sender, "resume");
            ChatClient listener = ChatClient.connect(endpoint(), "listener");
            join(listener, "resume");
            List<Long> seen = new ArrayList<>();
            List<Long> sent = new ArrayList<>();
            for (int i = 0; i < total; i++) {
                sender.send("room_message", "room", "resume", "message", "m" + i, "ref", "r" + i);
                if (i == total / 3) {
                    // The listener drops here while the sender goes on.
                    while (seen.size() < total / 4) {
                        seen.add(listener.await("room_message").getJsonNumber("id").longValue());
                    }
                    listener.close();
                }
            }
            for (int i = 0; i < total; i++) {
                sent.add(sender.await("ack").getJsonNumber("id").longValue());
            }

            try (ChatClient back = ChatClient.connect(endpoint(), "listener")) {
                join(back, "resume");
                List<Long> missed = new ArrayList<>();
                long after = seen.get(seen.size() - 1);
                JsonObject page;
                do {
                    page = history(back, "resume", "\"limit\":100,\"after\":" + after);
                    missed.addAll(ids(page));
                    after = missed.isEmpty() ? after : missed.get(missed.size() - 1);
                } while (page.getBoolean("has_more"));

                List<Long> all = new ArrayList<>(seen);
                all.addAll(missed);
                assertEquals(sent, all, "every message once, in order");
            }
        }
    }

    @Test
    void badHistoryArgumentsAreRefused() throws Exception {
        try (ChatClient ana = ChatClient.connect(endpoint(), "asker")) {
            for (String fields : List.of("\"room\":\"general\",\"limit\":0", "\"room\":\"general\",\"with\":\"ben\"",
                    "\"room\":\"general\",\"before\":\"10\"", "\"room\":\"general\",\"after\":1.5",
                    "\"room\":\"general\",\"before\":1,\"after\":2")) {
                ana.sendRaw("{\"event\":\"history\"," + fields + ",\"ref\":\"h\"}");
                JsonObject error = ana.await("error");
                assertEquals("bad_field", error.getString("code"), fields);
                assertEquals("h", error.getString("ref"));
            }
            ana.sendRaw("{\"event\":\"history\",\"room\":\"general\",\"limit\":100000}");
            JsonObject clamped = ana.await("history");
            assertTrue(clamped.getJsonArray("messages").size() <= 200);
        }
    }

    @Test
    void directMessagesAreReadBackByBothPartiesOnly() throws Exception {
        try (ChatClient ana = ChatClient.connect(endpoint(), "h-ana"); ChatClient eve = ChatClient.connect(endpoint(), "h-eve")) {
            ana.send("direct_message", "to", "h-ben", "message", "for ben, offline", "ref", "d");
            long id = ana.await("ack").getJsonNumber("id").longValue();

            try (ChatClient ben = ChatClient.connect(endpoint(), "h-ben")) {
                ben.send("history", "with", "h-ana", "ref", "h");
                JsonObject page = ben.await("history");
                assertEquals("h-ana", page.getString("with"));
                JsonObject dm = page.getJsonArray("messages").getJsonObject(0);
                assertEquals("direct_message", dm.getString("event"));
                assertEquals(id, dm.getJsonNumber("id").longValue());
                assertEquals("for ben, offline", dm.getString("message"));
            }
            eve.send("history", "with", "h-ana", "ref", "h");
            assertTrue(eve.await("history").getJsonArray("messages").isEmpty());
            eve.send("history", "with", "h-ben", "ref", "h");
            assertTrue(eve.await("history").getJsonArray("messages").isEmpty());
        }
    }

    private static JsonObject history(ChatClient client, String room, String fields) throws Exception {
        client.sendRaw("{\"event\":\"history\",\"room\":\"" + room + "\"," + fields + ",\"ref\":\"page\"}");
        JsonObject page = client.await("history");
        assertFalse(page.containsKey("with"));
        return page;
    }

    private static List<Long> ids(JsonObject page) {
        List<JsonObject> messages = page.getJsonArray("messages").getValuesAs(JsonObject.class);
        List<Long> ids = messages.stream().map(m -> m.getJsonNumber("id").longValue()).toList();
        assertEquals(ids.stream().sorted().toList(), ids, "oldest first");
        return ids;
    }
}
