package org.relaychat.it;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import java.io.StringReader;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.glassfish.tyrus.client.ClientManager;

/**
 * A protocol probe for tests: sends JSON frames, malformed ones included, and waits on the events
 * it receives, with timeouts. It stays this raw on purpose: the tests hold the server to the wire
 * protocol (refused handshakes, bad frames, close codes, what arrives and in which order), which
 * the client library (org.relaychat.client, tested by JavaClientIT) exists to hide behind acks,
 * reconnects and resumes.
 */
public final class ChatClient implements AutoCloseable {

    static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final ClientManager CONTAINER = ClientManager.createClient();

    private final BlockingQueue<JsonObject> events = new LinkedBlockingQueue<>();
    private final CompletableFuture<CloseReason> closed = new CompletableFuture<>();
    private final Session session;
    private JsonObject welcome;

    private ChatClient(URI uri, ClientEndpointConfig config) throws Exception {
        session = CONTAINER.connectToServer(new Endpoint() {
            @Override
            public void onOpen(Session session, EndpointConfig config) {
                session.addMessageHandler(String.class, (MessageHandler.Whole<String>) text ->
                        events.add(Json.createReader(new StringReader(text)).readObject()));
            }

            @Override
            public void onClose(Session session, CloseReason reason) {
                closed.complete(reason);
            }
        }, config, uri);
    }

    /** Connects as {@code name} (percent-encoded as UTF-8, as browsers do) and waits for {@code welcome}. */
    public static ChatClient connect(URI endpoint, String name) throws Exception {
        return connectTo(name == null ? endpoint
                : URI.create(endpoint + "?name=" + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20")),
                ClientEndpointConfig.Builder.create().build());
    }

    /** Opens a socket as {@code name} without waiting for anything, for a connection the server may refuse. */
    public static ChatClient open(URI endpoint, String name) throws Exception {
        return new ChatClient(URI.create(endpoint + "?name=" + URLEncoder.encode(name, StandardCharsets.UTF_8)
                .replace("+", "%20")), ClientEndpointConfig.Builder.create().build());
    }

    /** Opens a socket to {@code uri} as it is without waiting for anything, for a connection the server may refuse. */
    public static ChatClient openTo(URI uri, ClientEndpointConfig config) throws Exception {
        return new ChatClient(uri, config);
    }

    /** Connects to {@code uri} as it is, with {@code config} (subprotocols, headers), and waits for {@code welcome}. */
    public static ChatClient connectTo(URI uri, ClientEndpointConfig config) throws Exception {
        ChatClient client = new ChatClient(uri, config);
        client.welcome = client.await("welcome");
        return client;
    }

    public JsonObject welcome() {
        return welcome;
    }

    public String clientId() {
        return welcome.getString("client_id");
    }

    public Session session() {
        return session;
    }

    public void sendRaw(String text) throws Exception {
        session.getBasicRemote().sendText(text);
    }

    /** Sends {@code {"event": event, ...fields}} built from name/value pairs. */
    public void send(String event, Object... fields) throws Exception {
        var builder = Json.createObjectBuilder().add("event", event);
        for (int i = 0; i < fields.length; i += 2) {
            String name = (String) fields[i];
            Object value = fields[i + 1];
            if (value instanceof Boolean flag) {
                builder.add(name, flag);
            } else if (value instanceof Number number) {
                builder.add(name, number.longValue());
            } else {
                builder.add(name, value.toString());
            }
        }
        sendRaw(builder.build().toString());
    }

    /** The next event, whatever it is. */
    public JsonObject next() throws InterruptedException {
        JsonObject event = events.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        assertNotNull(event, "no event within " + TIMEOUT);
        return event;
    }

    /** Skips events until one named {@code event} arrives. */
    public JsonObject await(String event) throws InterruptedException {
        return await(e -> event.equals(e.getString("event", null)), "event " + event);
    }

    public JsonObject await(Predicate<JsonObject> wanted, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            JsonObject event = events.poll(Math.max(0, left), TimeUnit.NANOSECONDS);
            assertNotNull(event, "no " + what + " within " + TIMEOUT);
            if (wanted.test(event)) {
                return event;
            }
        }
    }

    /**
     * Every event up to and including the first one named {@code event}: the server answers a
     * client's frames in order, so what did not arrive before the reply to a later frame never will.
     */
    public List<JsonObject> until(String event) throws InterruptedException {
        List<JsonObject> seen = new ArrayList<>();
        await(e -> seen.add(e) && event.equals(e.getString("event", null)), "event " + event);
        return seen;
    }

    /** Every event received and not taken yet, without waiting for more. */
    public List<JsonObject> takeReceived() {
        List<JsonObject> taken = new ArrayList<>();
        events.drainTo(taken);
        return taken;
    }

    public CloseReason awaitClose(Duration timeout) throws Exception {
        return closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public boolean isOpen() {
        return session.isOpen();
    }

    @Override
    public void close() throws Exception {
        if (session.isOpen()) {
            session.close();
        }
    }
}
