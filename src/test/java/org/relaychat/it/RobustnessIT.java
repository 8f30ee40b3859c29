package org.relaychat.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.CloseReason;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.Session;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.glassfish.tyrus.client.ClientManager;
import org.junit.jupiter.api.Test;

/** Bad input, slow and dead clients, and closes: none of them may touch anyone else. */
class RobustnessIT extends DeployedServerTest {

    private static final int BATCH = 25;

    @Test
    void aBadFrameLeavesItsSenderConnectedAndOthersUntouched() throws Exception {
        try (ChatClient bad = ChatClient.connect(endpoint(), "bad"); ChatClient good = ChatClient.connect(endpoint(), "good")) {
            join(bad, "mixed");
            join(good, "mixed");
            bad.sendRaw("{\"event\":\"room_message\",\"room\":\"mixed\",\"message\":{\"deep\":" + "[".repeat(500)
                    + "]".repeat(500) + "}}");
            assertEquals("bad_field", bad.await("error").getString("code"));
            bad.sendRaw("{\"event\":\"room_message\",\"room\":\"mixed\",\"message\":" + "[".repeat(20_000)
                    + "]".repeat(20_000) + "}");
            assertEquals("bad_json", bad.await("error").getString("code"));
            bad.sendRaw("{\"event\": \"room_message\", \"room\": \"mixed\", \"message\": \"\\ud800 broken");
            assertEquals("bad_json", bad.await("error").getString("code"));

            bad.send("room_message", "room", "mixed", "message", "fine again");
            assertEquals("fine again", good.await("room_message").getString("message"));
            good.send("rooms", "ref", "r");
            assertTrue(good.until("rooms").stream().noneMatch(e -> e.getString("event").equals("error")));
            assertTrue(bad.isOpen() && good.isOpen());
        }
    }

    @Test
    void aFrameOverTheMaximumSizeClosesOnlyItsSender() throws Exception {
        try (ChatClient big = ChatClient.connect(endpoint(), "big"); ChatClient other = ChatClient.connect(endpoint(), "other")) {
            big.sendRaw("{\"event\":\"message\",\"message\":\"" + "x".repeat(70_000) + "\"}");
            // RFC 6455 allows closing on a frame over the limit (1009); answering too_large is also in the protocol.
            JsonObject answer = null;
            CloseReason closed = null;
            try {
                closed = big.awaitClose(ChatClient.TIMEOUT);
            } catch (java.util.concurrent.TimeoutException stillOpen) {
                answer = big.await("error");
            }
            if (closed != null) {
                assertEquals(1009, closed.getCloseCode().getCode());
            } else {
                assertEquals("too_large", answer.getString("code"));
            }
            other.send("message", "message", "unaffected");
            assertEquals("unaffected", other.await("echo").getString("original_message"));
        }
    }

    @Test
    void aClientThatStopsReadingIsClosedWhileItsRoomGetsEveryMessage() throws Exception {
        String room = "slow-room";
        // 8 MB: more than the stalled client's TCP buffers and its 1 MiB backlog bound together.
        int messages = 2_000;
        String text = "y".repeat(4_000);
        try (ChatClient reader = ChatClient.connect(endpoint(), "reader");
                ChatClient sender = ChatClient.connect(endpoint(), "sender");
                RawWebSocket stalled = new RawWebSocket(URI.create(endpoint() + "?name=stalled"), 4096)) {
            join(reader, room);
            join(sender, room);
            stalled.read(); // welcome
            stalled.sendText("{\"event\":\"join_room\",\"room\":\"" + room + "\"}");
            String stalledId = reader.await(e -> e.getString("event").equals("user_joined")
                    && e.getString("user").equals("stalled"), "stalled joins").getString("client_id");
            // From here on the stalled client reads nothing: its TCP window fills, then its backlog.
            // The sender goes in batches that the reader takes in full, so only the stalled client lags.
            int received = 0;
            boolean stalledLeft = false;
            while (received < messages) {
                for (int n = 0; n < BATCH; n++) {
                    sender.send("room_message", "room", room, "message", text);
                }
                for (int batchEnd = received + BATCH; received < batchEnd; ) {
                    JsonObject event = reader.next();
                    switch (event.getString("event")) {
                        case "room_message" -> received++;
                        case "user_left" -> stalledLeft |= event.getString("client_id").equals(stalledId);
                        default -> { }
                    }
                }
            }
            if (!stalledLeft) {
                reader.await(e -> e.getString("event").equals("user_left")
                        && e.getString("client_id").equals(stalledId), "user_left of the stalled client");
            }
            assertEquals(messages, received);
            assertEquals(1008, stalled.awaitClose());
        }
    }

    @Test
    void aPeerThatNeverAnswersPingsIsClosedWithGoingAway() throws Exception {
        try (ChatClient watcher = ChatClient.connect(endpoint(), "watcher");
                RawWebSocket silent = new RawWebSocket(URI.create(endpoint() + "?name=silent"), 65536)) {
            String silentId = jakarta.json.Json.createReader(new java.io.StringReader(silent.read().text()))
                    .readObject().getString("client_id");
            assertEquals(1001, silent.awaitClose());
            watcher.await(e -> e.getString("event").equals("user_left") && e.getString("client_id").equals(silentId),
                    "user_left of the silent peer");
        }
    }

    @Test
    void closingASessionTakesItOutOfEveryRoom() throws Exception {
        try (ChatClient stays = ChatClient.connect(endpoint(), "stays")) {
            ChatClient goes = ChatClient.connect(endpoint(), "goes");
            for (String room : List.of("r1", "r2", "r3")) {
                join(stays, room);
                join(goes, room);
            }
            goes.close();
            List<String> leftRooms = new ArrayList<>();
            while (leftRooms.size() < 4) {
                JsonObject left = stays.await(e -> e.getString("event").equals("user_left")
                        && e.getString("client_id").equals(goes.clientId()), "user_left");
                leftRooms.add(left.getString("room"));
            }
            assertEquals(List.of("general", "r1", "r2", "r3"), leftRooms.stream().sorted().toList());
            for (String room : List.of("r1", "r2", "r3")) {
                stays.send("presence", "room", room);
                assertEquals(List.of("stays"), stays.await("presence").getJsonArray("members")
                        .getValuesAs(JsonObject.class).stream().map(m -> m.getString("user")).toList());
            }
        }
    }

    @Test
    void theHandshakeRefusesForeignOriginsAndAllowsConfiguredOnes() throws Exception {
        URI own = URI.create(base.toString());
        String ownOrigin = own.getScheme() + "://" + own.getHost() + ":" + own.getPort();
        assertTrue(connectsWithOrigin(ownOrigin));
        assertTrue(connectsWithOrigin("http://allowed.example"));
        assertThrows(DeploymentException.class, () -> connectsWithOrigin("http://evil.example"));
        IOException refused = assertThrows(IOException.class,
                () -> new RawWebSocket(endpoint(), 65536, "http://evil.example").close());
        assertTrue(refused.getMessage().contains(" 403 "), refused.getMessage());
    }

    private boolean connectsWithOrigin(String origin) throws Exception {
        ClientEndpointConfig config = ClientEndpointConfig.Builder.create()
                .configurator(new ClientEndpointConfig.Configurator() {
                    @Override
                    public void beforeRequest(Map<String, List<String>> headers) {
                        headers.put("Origin", List.of(origin));
                    }
                }).build();
        Session session = ClientManager.createClient().connectToServer(new Endpoint() {
            @Override
            public void onOpen(Session session, EndpointConfig config) {
            }
        }, config, endpoint());
        boolean open = session.isOpen();
        session.close();
        return open;
    }

}
