package org.relaychat.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import java.io.StringReader;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.glassfish.tyrus.client.ClientManager;
import org.junit.jupiter.api.Test;

/**
 * The subprotocol {@code relay.batch} end to end: negotiated at the handshake, events joined by
 * {@code \n} for the client that offered it, one event per frame for the one that did not.
 */
class BatchedFramesIT extends DeployedServerTest {

    private static final int BURST = 1_000;
    private static final ClientManager CONTAINER = ClientManager.createClient();

    @Test
    void aBatchingClientGetsABurstExactlyOnceInOrderWhileAPlainClientGetsOneEventPerFrame() throws Exception {
        String room = "batched-burst";
        try (ChatClient publisher = ChatClient.connect(endpoint(), "publisher");
                FrameClient batching = new FrameClient(endpoint(), List.of("relay.batch"));
                FrameClient plain = new FrameClient(endpoint(), List.of())) {
            assertEquals("relay.batch", batching.session.getNegotiatedSubprotocol());
            assertEquals("", plain.session.getNegotiatedSubprotocol());
            join(publisher, room);
            batching.join(room);
            plain.join(room);

            // In bursts of a hundred, each waiting for the server to store the last one: behind a
            // thousand frames at once, the publisher's pongs could come later than the heartbeat allows.
            for (int i = 0; i < BURST; i++) {
                if (i % 100 == 99) {
                    publisher.send("room_message", "room", room, "message", "m-" + i, "ref", "r" + i);
                    String ref = "r" + i;
                    publisher.await(e -> ref.equals(e.getString("ref", null)), "ack of " + ref);
                } else {
                    publisher.send("room_message", "room", room, "message", "m-" + i);
                }
            }
            // Sent after the burst: whatever of the burst arrives after it would be a duplicate or out of order.
            publisher.send("room_message", "room", room, "message", "done");

            List<String> expected = IntStream.range(0, BURST).mapToObj(i -> "m-" + i).toList();
            assertEquals(expected, batching.roomMessagesUntil("done"));
            assertEquals(expected, plain.roomMessagesUntil("done"));
            for (String frame : plain.frames) {
                assertFalse(frame.contains("\n"), "a frame to a client without relay.batch held several events");
            }
            assertTrue(batching.frames.size() <= batching.events.size(), "no frame splits an event");
        }
    }

    @Test
    void aClientOfferingRelayBatchBesideAnotherSubprotocolGetsRelayBatchWhenOfferedFirst() throws Exception {
        try (FrameClient first = new FrameClient(endpoint(), List.of("relay.batch", "relay"));
                FrameClient second = new FrameClient(endpoint(), List.of("relay", "relay.batch"))) {
            assertEquals("relay.batch", first.session.getNegotiatedSubprotocol());
            assertEquals("relay", second.session.getNegotiatedSubprotocol());
        }
    }

    /** A client that keeps every frame as it came and the events in them, in order. */
    private static final class FrameClient implements AutoCloseable {
        final List<String> frames = new ArrayList<>();
        final List<JsonObject> events = new ArrayList<>();
        private final BlockingQueue<JsonObject> unread = new LinkedBlockingQueue<>();
        final Session session;

        FrameClient(URI endpoint, List<String> subprotocols) throws Exception {
            session = CONTAINER.connectToServer(new Endpoint() {
                @Override
                public void onOpen(Session session, EndpointConfig config) {
                    session.addMessageHandler(String.class, (MessageHandler.Whole<String>) this::frame);
                }

                private void frame(String text) {
                    synchronized (frames) {
                        frames.add(text);
                        for (String line : text.split("\n", -1)) {
                            JsonObject event = Json.createReader(new StringReader(line)).readObject();
                            events.add(event);
                            unread.add(event);
                        }
                    }
                }
            }, ClientEndpointConfig.Builder.create().preferredSubprotocols(subprotocols).build(), endpoint);
            next("welcome");
        }

        void join(String room) throws Exception {
            session.getBasicRemote().sendText(Json.createObjectBuilder().add("event", "join_room").add("room", room)
                    .add("ref", "join").build().toString());
            next("ack");
        }

        /** The texts of the room messages received until the one whose text is {@code last}. */
        List<String> roomMessagesUntil(String last) throws InterruptedException {
            List<String> texts = new ArrayList<>();
            while (true) {
                JsonObject event = next("room_message");
                String text = event.getString("message");
                if (text.equals(last)) {
                    return texts;
                }
                texts.add(text);
            }
        }

        private JsonObject next(String name) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (true) {
                JsonObject event = unread.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                assertNotNull(event, "no " + name + " within 30 s");
                if (name.equals(event.getString("event"))) {
                    return event;
                }
            }
        }

        @Override
        public void close() throws Exception {
            if (session.isOpen()) {
                session.close();
            }
        }
    }
}
