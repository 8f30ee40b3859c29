package org.relaychat.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Retention on its schedule: the PostgreSQL deployment keeps 1,000 messages per conversation, and
 * deletes pictures no profile shows any more.
 */
class RetentionPostgresIT extends DeployedServerTest {

    private static final int KEPT = 1_000;

    @Test
    void theOldestMessagesOfACrowdedRoomGoAndTheNewestStay() throws Exception {
        try (ChatClient ana = ChatClient.connect(endpoint(), "keeper")) {
            join(ana, "crowded");
            List<Long> sent = new ArrayList<>();
            for (int i = 0; i < KEPT + 100; i++) {
                ana.send("room_message", "room", "crowded", "message", "m" + i, "ref", "r" + i);
            }
            for (int i = 0; i < KEPT + 100; i++) {
                sent.add(ana.await("ack").getJsonNumber("id").longValue());
            }
            long oldestKept = sent.get(100);

            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                    .until(() -> oldestStored(ana) == oldestKept);
            ana.sendRaw("{\"event\":\"history\",\"room\":\"crowded\",\"limit\":200,\"ref\":\"newest\"}");
            List<JsonObject> newest = ana.await("history").getJsonArray("messages").getValuesAs(JsonObject.class);
            assertEquals(sent.get(sent.size() - 1), newest.get(newest.size() - 1).getJsonNumber("id").longValue());
        }
    }

    @Test
    void aReplacedPictureGoesAndTheOneShownStays() throws Exception {
        try (ChatClient ana = ChatClient.connect(endpoint(), "picture-changer")) {
            String first = setPicture(ana, "first");
            String second = setPicture(ana, "second");

            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                    .until(() -> FileTransfers.get(endpoint(), first).statusCode() == 404);
            assertEquals(200, FileTransfers.get(endpoint(), second).statusCode());
        }
    }

    /** Uploads a picture, makes it the user's, and returns its address. */
    private String setPicture(ChatClient client, String ref) throws Exception {
        String file = FileTransfers.upload(client, endpoint(), ref + ".png", FilesIT.PNG);
        client.send("set_profile", "avatar", file, "ref", ref);
        JsonObject reply = client.await(e -> ref.equals(e.getString("ref", null)), "reply to set_profile");
        assertEquals("api/avatars/" + file, reply.getString("avatar", null), reply::toString);
        return reply.getString("avatar");
    }

    /** The id of the oldest message the room still has. */
    private static long oldestStored(ChatClient client) throws Exception {
        client.sendRaw("{\"event\":\"history\",\"room\":\"crowded\",\"after\":0,\"limit\":1,\"ref\":\"oldest\"}");
        return client.await("history").getJsonArray("messages").getJsonObject(0).getJsonNumber("id").longValue();
    }
}
