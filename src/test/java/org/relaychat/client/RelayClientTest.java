package org.relaychat.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.relaychat.client.FakeTransport.FakeConnection;

/** The client against a fake server: correlation of replies, events, and the resume after a drop. */
class RelayClientTest {

    private static final int TIMEOUT = FakeTransport.TIMEOUT_SECONDS;

    private final FakeTransport server = new FakeTransport();
    private final RelayClient cut = RelayClient.builder(URI.create("ws://relay.test/ws")).name("Zoë ana")
            .backoff(new Backoff(Duration.ZERO, Duration.ZERO, 0)).build(server);

    @AfterEach
    void close() {
        cut.close();
    }

    private FakeConnection connected() throws Exception {
        CompletableFuture<RelayEvent> welcome = cut.connect();
        FakeConnection connection = server.nextConnection();
        connection.welcome("ana", "general");
        assertEquals("ana", welcome.get(TIMEOUT, TimeUnit.SECONDS).user());
        return connection;
    }

    @Test
    void connectsWithTheNameInTheQueryAndOffersBatching() throws Exception {
        FakeConnection connection = connected();
        assertEquals("ws://relay.test/ws?name=Zo%C3%AB%20ana", connection.uri.toString());
        assertEquals(List.of("relay.batch", "relay"), connection.subprotocols);
        assertEquals(RelayClient.State.ONLINE, cut.state());
    }

    @Test
    void aTokenTravelsAsASubprotocol() throws Exception {
        RelayClient withToken = RelayClient.builder(URI.create("ws://relay.test/ws")).token("abc.def").batch(false)
                .build(server);
        withToken.connect();
        assertEquals(List.of("relay", "bearer.abc.def"), server.nextConnection().subprotocols);
        withToken.close();
    }

    @Test
    void eachReplySettlesTheCommandWithItsRefWhateverTheOrder() throws Exception {
        FakeConnection connection = connected();
        CompletableFuture<RelayEvent> first = cut.sendRoomMessage("general", "one");
        CompletableFuture<RelayEvent> second = cut.presence("general");
        String firstRef = connection.sent().getString("ref");
        String secondRef = connection.sent().getString("ref");

        connection.receive("{\"event\":\"presence\",\"room\":\"general\",\"members\":[],\"ref\":\"" + secondRef + "\"}\n"
                + "{\"event\":\"ack\",\"id\":12,\"ref\":\"" + firstRef + "\"}");

        assertEquals(12, first.get(TIMEOUT, TimeUnit.SECONDS).id().getAsLong());
        assertEquals("presence", second.get(TIMEOUT, TimeUnit.SECONDS).type());
        assertEquals(12, cut.lastIdOf("general").getAsLong());
    }

    @Test
    void anErrorWithTheRefFailsTheCommandWithItsCode() throws Exception {
        FakeConnection connection = connected();
        CompletableFuture<RelayEvent> send = cut.sendRoomMessage("elsewhere", "hi");
        String ref = connection.sent().getString("ref");
        connection.receive("{\"event\":\"error\",\"code\":\"not_member\",\"message\":\"join first\",\"ref\":\"" + ref + "\"}");

        ExecutionException failure = assertThrows(ExecutionException.class, () -> send.get(TIMEOUT, TimeUnit.SECONDS));
        assertEquals("not_member", assertInstanceOf(RelayException.class, failure.getCause()).code());
    }

    @Test
    void aCommandWithoutAReplyTimesOut() throws Exception {
        RelayClient impatient = RelayClient.builder(URI.create("ws://relay.test/ws")).requestTimeout(Duration.ofMillis(1))
                .build(server);
        impatient.connect();
        server.nextConnection().welcome("ana", "general");
        CompletableFuture<RelayEvent> echo = impatient.echo("anyone?");
        ExecutionException failure = assertThrows(ExecutionException.class, () -> echo.get(TIMEOUT, TimeUnit.SECONDS));
        assertEquals("timeout", ((RelayException) failure.getCause()).code());
        impatient.close();
    }

    @Test
    void eventsWithoutAWaitingRefGoToTheListenersOfTheirName() throws Exception {
        FakeConnection connection = connected();
        BlockingQueue<RelayEvent> typing = new LinkedBlockingQueue<>();
        cut.on("typing", typing::add);
        CompletableFuture<RelayEvent> lateAck = cut.once("ack");

        connection.receive("{\"event\":\"typing\",\"room\":\"general\",\"user\":\"ben\",\"typing\":true}\n"
                + "{\"event\":\"ack\",\"ref\":\"not-ours\"}");

        assertEquals("ben", typing.poll(TIMEOUT, TimeUnit.SECONDS).user());
        assertEquals("not-ours", lateAck.get(TIMEOUT, TimeUnit.SECONDS).ref());
    }

    @Test
    void aCommandInFlightFailsWhenTheSocketDrops() throws Exception {
        FakeConnection connection = connected();
        CompletableFuture<RelayEvent> join = cut.joinRoom("design");
        connection.sent();
        connection.drop(1006);
        ExecutionException failure = assertThrows(ExecutionException.class, () -> join.get(TIMEOUT, TimeUnit.SECONDS));
        assertEquals("disconnected", ((RelayException) failure.getCause()).code());
    }

    @Test
    void staysOfflineAfterACloseThatRetryingCannotHelp() throws Exception {
        FakeConnection connection = connected();
        CompletableFuture<RelayEvent> closed = cut.once("close");
        connection.drop(1008);
        assertFalse(closed.get(TIMEOUT, TimeUnit.SECONDS).json().getBoolean("willRetry"));
        assertEquals(RelayClient.State.OFFLINE, cut.state());
        assertTrue(server.opened.isEmpty(), "it opened another connection");
    }

    @Test
    void resumesByRejoiningAndFetchingWhatItMissedAfterTheLastIdItSaw() throws Exception {
        FakeConnection first = connected();
        CompletableFuture<RelayEvent> join = cut.joinRoom("design");
        first.receive("{\"event\":\"ack\",\"ref\":\"" + first.sent().getString("ref") + "\"}");
        join.get(TIMEOUT, TimeUnit.SECONDS);
        // Listening before the message arrives: the client's thread hands it out as soon as it comes.
        BlockingQueue<RelayEvent> messages = new LinkedBlockingQueue<>();
        cut.on("room_message", messages::add);
        first.receive("{\"event\":\"room_message\",\"id\":40,\"room\":\"design\",\"user\":\"ben\",\"message\":\"before\"}");
        assertEquals(40, messages.poll(TIMEOUT, TimeUnit.SECONDS).id().getAsLong());
        CompletableFuture<RelayEvent> resumed = cut.once("resumed");

        first.drop(1001);
        FakeConnection second = server.nextConnection();
        second.welcome("ana", "general");

        JsonObject rejoin = second.sent();
        assertEquals("join_room", rejoin.getString("event"));
        assertEquals("design", rejoin.getString("room"));
        second.receive("{\"event\":\"ack\",\"ref\":\"" + rejoin.getString("ref") + "\"}");
        JsonObject page = answerCatchUp(second, "design", 40L,
                "[{\"event\":\"room_message\",\"id\":41,\"room\":\"design\",\"user\":\"ben\",\"message\":\"missed\"}]", true);
        answerCatchUp(second, "design", 41L,
                "[{\"event\":\"room_message\",\"id\":42,\"room\":\"design\",\"user\":\"ben\",\"message\":\"also\"}]", false);
        answerCatchUp(second, "general", null, "[]", false);

        assertEquals(41, messages.poll(TIMEOUT, TimeUnit.SECONDS).id().getAsLong());
        assertEquals(42, messages.poll(TIMEOUT, TimeUnit.SECONDS).id().getAsLong());
        JsonObject done = resumed.get(TIMEOUT, TimeUnit.SECONDS).json();
        assertEquals(2, done.getInt("missed"));
        assertTrue(done.getBoolean("complete"));
        assertEquals(50, page.getInt("limit"));
        assertEquals(java.util.Set.of("general", "design"), cut.rooms());
    }

    /** Takes the next frame, a {@code history} of {@code room} (after {@code after}), and answers it. */
    private static JsonObject answerCatchUp(FakeConnection connection, String room, Long after, String messages,
            boolean hasMore) throws InterruptedException {
        JsonObject query = connection.sent();
        assertEquals("history", query.getString("event"));
        assertEquals(room, query.getString("room"));
        assertEquals(after == null, !query.containsKey("after"));
        if (after != null) {
            assertEquals(after.longValue(), query.getJsonNumber("after").longValue());
        }
        connection.receive("{\"event\":\"history\",\"room\":\"" + room + "\",\"messages\":" + messages
                + ",\"has_more\":" + hasMore + ",\"ref\":\"" + query.getString("ref") + "\"}");
        return query;
    }
}
