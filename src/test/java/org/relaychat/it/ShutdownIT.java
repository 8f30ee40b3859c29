package org.relaychat.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.websocket.CloseReason;
import java.io.StringReader;
import java.net.URI;
import java.time.Duration;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.IntStream;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Stopping the application: every client gets what was queued for it, then close 1001 with a
 * reason. The test deploys and undeploys the built WAR itself (on Payara Micro, undeploying stops
 * the server). It runs after every other class of its run, so that the server they share is
 * started once before it.
 */
@Order(Integer.MAX_VALUE)
@ExtendWith(ArquillianExtension.class)
class ShutdownIT {

    /** A context root of its own: on Payara Micro, undeploying it stops the server (see SharedPayaraMicro). */
    private static final String RELAY = "shutdown";
    private static final Duration SHUTDOWN = Duration.ofSeconds(60);
    private static final int QUEUED = 100;

    @Deployment(name = RELAY, managed = false, testable = false)
    static WebArchive war() {
        return Deployments.builtWar(RELAY);
    }

    @ArquillianResource
    Deployer deployer;

    @Test
    void onShutdownClientsGetTheirQueuedFramesThenGoingAway() throws Exception {
        deployer.deploy(RELAY);
        URI endpoint = Deployments.endpoint(Deployments.deployedUrl(RELAY));
        try (RawWebSocket reader = new RawWebSocket(URI.create(endpoint + "?name=reader"), 4096);
                ChatClient sender = ChatClient.connect(endpoint, "sender")) {
            RawWebSocket.Frame first;
            while ((first = reader.read()).opcode() == RawWebSocket.PING) {
                reader.pong(first);
            }
            assertEquals("welcome", event(first).getString("event"));
            // The reader does not read for now: what the sender broadcasts waits in its queue.
            String text = "z".repeat(3_900);
            for (int i = 0; i < QUEUED; i++) {
                sender.send("broadcast", "message", i + " " + text, "ref", "b" + i);
            }
            sender.await(e -> e.getString("event").equals("ack") && e.getString("ref").equals("b" + (QUEUED - 1)),
                    "ack of the last broadcast");

            // The sender reads all the time, so its close comes first: then the shutdown has begun and the
            // reader starts to read what waits for it. The undeploy returns once every client is closed.
            CompletableFuture<CloseReason> senderClosed = CompletableFuture.supplyAsync(() -> awaitClose(sender));
            CompletableFuture<List<RawWebSocket.Frame>> readerFrames = senderClosed.thenApplyAsync(closed -> readAll(reader));
            deployer.undeploy(RELAY);

            CloseReason closed = senderClosed.get(SHUTDOWN.toSeconds(), TimeUnit.SECONDS);
            assertEquals(1001, closed.getCloseCode().getCode());
            assertEquals("server shutting down", closed.getReasonPhrase());
            List<RawWebSocket.Frame> frames = readerFrames.get(SHUTDOWN.toSeconds(), TimeUnit.SECONDS);
            RawWebSocket.Frame close = frames.get(frames.size() - 1);
            assertEquals(RawWebSocket.CLOSE, close.opcode());
            assertEquals(1001, close.closeCode());
            assertEquals("server shutting down", close.closeReason());
            List<String> broadcasts = frames.stream().filter(f -> f.opcode() == RawWebSocket.TEXT).map(ShutdownIT::event)
                    .filter(e -> e.getString("event").equals("broadcast")).map(e -> e.getString("message")).toList();
            assertEquals(IntStream.range(0, QUEUED).mapToObj(i -> i + " " + text).toList(), broadcasts);
        }
    }

    private static CloseReason awaitClose(ChatClient client) {
        try {
            return client.awaitClose(SHUTDOWN);
        } catch (Exception e) {
            throw new CompletionException(e);
        }
    }

    /**
     * Every frame up to and including the close frame. Pings go unanswered: a pong that reaches the
     * server after it has closed the socket makes its TCP stack answer with a reset, and a reset
     * throws away whatever the reader had not read yet, the close frame included.
     */
    private static List<RawWebSocket.Frame> readAll(RawWebSocket socket) {
        List<RawWebSocket.Frame> frames = new ArrayList<>();
        try {
            RawWebSocket.Frame frame;
            do {
                frame = socket.read();
                frames.add(frame);
            } while (frame.opcode() != RawWebSocket.CLOSE);
            return frames;
        } catch (IOException e) {
            throw new CompletionException(e);
        }
    }

    private static JsonObject event(RawWebSocket.Frame frame) {
        return Json.createReader(new StringReader(frame.text())).readObject();
    }
}
