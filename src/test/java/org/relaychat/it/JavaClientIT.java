package org.relaychat.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.relaychat.client.RelayClient;
import org.relaychat.client.RelayEvent;

/** The Java client library against the built WAR: commands and their futures, events, and a resume after a drop. */
class JavaClientIT extends DeployedServerTest {

    private static final long TIMEOUT = ChatClient.TIMEOUT.toSeconds();

    @Test
    void theLibraryTalksToTheServerAndResumesAfterADropWithoutLosingAMessage() throws Exception {
        try (RelayClient ana = RelayClient.builder(endpoint()).name("ana-java").build();
             RelayClient ben = RelayClient.builder(endpoint()).name("ben-java").build()) {
            assertEquals("ana-java", ana.connect().get(TIMEOUT, TimeUnit.SECONDS).user());
            ben.connect().get(TIMEOUT, TimeUnit.SECONDS);
            assertEquals(RelayEvent.BATCH_PROTOCOL, ana.protocol());
            ana.joinRoom("java-lib").get(TIMEOUT, TimeUnit.SECONDS);
            ben.joinRoom("java-lib").get(TIMEOUT, TimeUnit.SECONDS);

            BlockingQueue<RelayEvent> toAna = new LinkedBlockingQueue<>();
            ana.on("room_message", event -> {
                if ("java-lib".equals(event.room())) {
                    toAna.add(event);
                }
            });
            long firstId = ben.sendRoomMessage("java-lib", "before the drop").get(TIMEOUT, TimeUnit.SECONDS).id().orElseThrow();
            assertEquals(firstId, toAna.poll(TIMEOUT, TimeUnit.SECONDS).id().orElseThrow());

            // A frame over chat.max-frame-bytes makes the server close with 1009, after which the client retries.
            var closed = ana.once("close");
            var resumed = ana.once("resumed");
            ana.send(Json.createObjectBuilder().add("event", "message").add("message", "x".repeat(200_000)).build());
            assertTrue(closed.get(TIMEOUT, TimeUnit.SECONDS).json().getBoolean("willRetry"));
            long missedId = ben.sendRoomMessage("java-lib", "while ana was away").get(TIMEOUT, TimeUnit.SECONDS)
                    .id().orElseThrow();

            assertTrue(resumed.get(TIMEOUT, TimeUnit.SECONDS).json().getBoolean("complete"));
            RelayEvent missed = toAna.poll(TIMEOUT, TimeUnit.SECONDS);
            while (missed != null && missed.id().orElseThrow() != missedId) {
                missed = toAna.poll(TIMEOUT, TimeUnit.SECONDS);
            }
            assertEquals("while ana was away", missed == null ? null : missed.message());
            assertTrue(ana.rooms().contains("java-lib"), "not back in the room");
        }
    }

    @Test
    void aProfileSetThroughTheLibraryReachesAnotherClient() throws Exception {
        try (RelayClient cy = RelayClient.builder(endpoint()).name("cy-java").build();
             RelayClient di = RelayClient.builder(endpoint()).name("di-java").build()) {
            cy.connect().get(TIMEOUT, TimeUnit.SECONDS);
            di.connect().get(TIMEOUT, TimeUnit.SECONDS);
            cy.joinRoom("java-profiles").get(TIMEOUT, TimeUnit.SECONDS);
            di.joinRoom("java-profiles").get(TIMEOUT, TimeUnit.SECONDS);
            var seen = di.once("profile");

            RelayEvent reply = cy.setProfile(Json.createObjectBuilder().add("display_name", "Cy").add("state", "away")
                    .build()).get(TIMEOUT, TimeUnit.SECONDS);

            assertEquals("Cy", reply.json().getString("display_name"));
            assertEquals("away", seen.get(TIMEOUT, TimeUnit.SECONDS).json().getString("state"));
        }
    }
}
