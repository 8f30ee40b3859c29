package org.relaychat.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import jakarta.json.JsonObject;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.CloseReason;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.Session;
import java.io.IOException;
import jakarta.json.JsonValue;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.glassfish.tyrus.client.ClientManager;
import org.glassfish.tyrus.client.auth.AuthenticationException;
import org.glassfish.tyrus.core.HandshakeException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The server in token mode (qualifier {@code payara-micro-token} in {@code arquillian.xml}): default
 * rate limits, at most 8 connections per address, private room {@code board}, a 1 s heartbeat, no
 * clock skew. Runs in its own failsafe execution.
 */
@Tag("token-mode")
class TokenModeIT extends DeployedServerTest {

    private static final int PER_ADDRESS = 8;
    private static final int BURST = 50;

    // --- the handshake ---------------------------------------------------------------------

    @Test
    void aHandshakeWithoutATokenIsRefusedWith401() throws Exception {
        assertEquals(401, refusedStatus(endpoint(), plain()));
        assertEquals(401, refusedStatus(URI.create(endpoint() + "?name=ana"), plain()));
    }

    @Test
    void garbageIsRefusedWith401() throws Exception {
        assertEquals(401, refusedStatus(withToken("garbage"), plain()));
        assertEquals(401, refusedStatus(endpoint(), protocols("relay", "bearer.not.a.jwt")));
    }

    @Test
    void aTokenWithAWrongSignatureIsRefusedWith401() throws Exception {
        String forged = TestTokens.hs256(TestTokens.claims("ana"), "not-the-server-secret-but-long-enough-0123");

        assertEquals(401, refusedStatus(withToken(forged), plain()));
    }

    @Test
    void anExpiredTokenIsRefusedWith401() throws Exception {
        String expired = TestTokens.hs256(TestTokens.claims("ana").expirationTime(Date.from(Instant.now().minusSeconds(60))));

        assertEquals(401, refusedStatus(withToken(expired), plain()));
    }

    @Test
    void aTokenForAnotherAudienceIsRefusedWith401() throws Exception {
        String elsewhere = TestTokens.hs256(TestTokens.claims("ana").audience("another-service"));

        assertEquals(401, refusedStatus(withToken(elsewhere), plain()));
    }

    @Test
    void aValidTokenInTheQueryIsWelcomedAsItsSubjectWhateverNameIsAsked() throws Exception {
        String token = TestTokens.hs256(TestTokens.claims("ana"));

        try (ChatClient ana = ChatClient.connectTo(URI.create(withToken(token) + "&name=mallory"), plain())) {
            assertEquals("ana", ana.welcome().getString("user"));
            ana.send("message", "message", "hello", "ref", "e");
            assertEquals("hello", ana.await("echo").getString("original_message"));
        }
    }

    @Test
    void theTokensNameAndPictureFillInTheProfileWhereTheUserSetNothing() throws Exception {
        String picture = "https://login.relay.test/pictures/olga.png";
        String token = TestTokens.hs256(TestTokens.claims("olga").claim("name", "Olga Tokarczuk")
                .claim("picture", picture));
        String script = TestTokens.hs256(TestTokens.claims("olga").claim("name", "Olga")
                .claim("picture", "javascript:alert(1)"));

        try (ChatClient olga = ChatClient.connectTo(withToken(token), plain())) {
            JsonObject profile = olga.welcome().getJsonObject("profile");
            assertEquals("Olga Tokarczuk", profile.getString("display_name"));
            assertEquals(picture, profile.getString("avatar"));
            olga.send("set_profile", "display_name", "O. T.", "ref", "p");
            JsonObject changed = olga.await(e -> "p".equals(e.getString("ref", null)), "reply");
            assertEquals("O. T.", changed.getString("display_name"));
            assertEquals(picture, changed.getString("avatar"));
        }
        // What the user set stays; a picture that is no https address is left out.
        try (ChatClient olga = ChatClient.connectTo(withToken(script), plain())) {
            JsonObject profile = olga.welcome().getJsonObject("profile");
            assertEquals("O. T.", profile.getString("display_name"));
            assertEquals(JsonValue.NULL, profile.get("avatar"));
        }
    }

    @Test
    void aValidEs256TokenInTheProtocolHeaderIsWelcomedAndAnsweredWithRelay() throws Exception {
        String token = TestTokens.es256(TestTokens.claims("bea"));

        try (ChatClient bea = ChatClient.connectTo(endpoint(), protocols("relay", "bearer." + token))) {
            assertEquals("bea", bea.welcome().getString("user"));
            assertEquals("relay", bea.session().getNegotiatedSubprotocol());
        }
    }

    @Test
    void aConnectionWhoseTokenExpiresIsClosedWithPolicyViolation() throws Exception {
        String shortLived = TestTokens.hs256(TestTokens.claims("brief").expirationTime(
                Date.from(Instant.now().plusSeconds(5))));

        try (ChatClient brief = ChatClient.connectTo(withToken(shortLived), plain())) {
            CloseReason closed = brief.awaitClose(Duration.ofSeconds(20));
            assertEquals(1008, closed.getCloseCode().getCode());
            assertEquals("token expired", closed.getReasonPhrase());
        }
    }

    @Test
    void aHandshakeOverThePerAddressLimitIsRefusedWith429() throws Exception {
        URI uri = withToken(TestTokens.hs256(TestTokens.claims("many")));
        List<ChatClient> open = new ArrayList<>();
        try {
            // Connections of earlier tests may still be on their way out: keep trying until all places are ours.
            long deadline = System.nanoTime() + ChatClient.TIMEOUT.toNanos();
            while (open.size() < PER_ADDRESS) {
                try {
                    open.add(ChatClient.connectTo(uri, plain()));
                } catch (DeploymentException full) {
                    assertTrue(System.nanoTime() < deadline, "could not open " + PER_ADDRESS + " connections");
                }
            }

            assertEquals(429, refusedStatus(uri, plain()));

            open.remove(0).close();
            ChatClient again = null;
            while (again == null) {
                try {
                    again = ChatClient.connectTo(uri, plain());
                } catch (DeploymentException notYetFreed) {
                    assertTrue(System.nanoTime() < deadline + ChatClient.TIMEOUT.toNanos(), "the place was not freed");
                }
            }
            open.add(again);
            assertTrue(open.stream().allMatch(ChatClient::isOpen));
        } finally {
            for (ChatClient client : open) {
                client.close();
            }
        }
    }

    // --- private rooms ---------------------------------------------------------------------

    @Test
    void aNonMemberOfAPrivateRoomIsForbiddenAndSeesNothingOfIt() throws Exception {
        try (ChatClient ana = tokenClient("ana", List.of("general", "board"));
                ChatClient eve = tokenClient("eve", null)) {
            join(ana, "board");
            eve.send("join_room", "room", "board", "ref", "sneak");
            JsonObject refused = eve.await("error");
            assertEquals("forbidden", refused.getString("code"));
            assertEquals("sneak", refused.getString("ref"));

            try (ChatClient bob = tokenClient("bob", List.of("board"))) {
                join(bob, "board");
                ana.await(e -> e.getString("event").equals("user_joined") && e.getString("user").equals("bob")
                        && e.getString("room").equals("board"), "bob joins");
                ana.send("room_message", "room", "board", "message", "quarterly numbers", "ref", "m");
                ana.send("typing", "room", "board", "typing", true, "ref", "t");
                ana.until("ack");
                ana.until("ack");
                assertEquals("quarterly numbers", bob.await("room_message").getString("message"));
            }

            eve.send("presence", "room", "board", "ref", "p");
            eve.send("history", "room", "board", "ref", "h");
            eve.send("rooms", "ref", "r");
            List<JsonObject> seen = eve.until("rooms");
            List<JsonObject> answers = seen.stream().filter(e -> e.containsKey("ref")).toList();
            assertEquals(List.of("error", "error", "rooms"), answers.stream().map(e -> e.getString("event")).toList());
            assertEquals("not_member", answers.get(0).getString("code"));
            assertEquals("not_member", answers.get(1).getString("code"));
            assertTrue(seen.stream().noneMatch(e -> "board".equals(e.getString("room", null)) && !e.containsKey("ref")),
                    "eve heard of the private room: " + seen);
            assertTrue(seen.stream().noneMatch(e -> e.toString().contains("quarterly")), seen.toString());
        }
    }

    // --- flooding --------------------------------------------------------------------------

    @Test
    void aFloodingClientIsLimitedThenClosedWhileItsRoomKeepsItsLatency() throws Exception {
        String room = "flood";
        int before = 10;
        int samples = 50;
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        ScheduledExecutorService pace = Executors.newSingleThreadScheduledExecutor();
        ExecutorService flood = Executors.newFixedThreadPool(2);
        // The flooder is a bare socket of its own, so that its writes share nothing with the other clients here.
        try (ChatClient victim = tokenClient("victim", null);
                ChatClient sender = tokenClient("sender", null);
                RawWebSocket flooder = new RawWebSocket(withToken(TestTokens.hs256(TestTokens.claims("flooder"))), 65536)) {
            join(victim, room);
            join(sender, room);
            flooder.sendText("{\"event\":\"join_room\",\"room\":\"" + room + "\"}");
            victim.await(e -> e.getString("event").equals("user_joined") && e.getString("user").equals("flooder")
                    && e.getString("room").equals(room), "the flooder joins");
            // The sender posts 10 messages a second, well within its limit, before, during and after the flood.
            AtomicInteger next = new AtomicInteger();
            pace.scheduleAtFixedRate(() -> {
                int n = next.getAndIncrement();
                if (n < samples) {
                    sentAt.put("m" + n, System.nanoTime());
                    try {
                        sender.send("room_message", "room", room, "message", "m" + n);
                    } catch (Exception failed) {
                        sentAt.remove("m" + n);
                    }
                }
            }, 0, 100, TimeUnit.MILLISECONDS);
            List<Long> baseline = latencies(victim, sentAt, 0, before, new AtomicInteger(), new AtomicBoolean());

            // What the flooder is told, read as it comes: once the server closes, a reset may drop what is unread.
            Future<List<String>> told = flood.submit(() -> {
                List<String> frames = new ArrayList<>();
                try {
                    for (RawWebSocket.Frame frame = flooder.read(); ; frame = flooder.read()) {
                        if (frame.opcode() == RawWebSocket.CLOSE) {
                            frames.add("close " + frame.closeCode());
                            return frames;
                        }
                        frames.add(frame.text());
                    }
                } catch (IOException reset) {
                    return frames;
                }
            });
            Future<Integer> flooded = flood.submit(() -> {
                String frame = "{\"event\":\"room_message\",\"room\":\"" + room + "\",\"message\":\"flood\"}";
                int n = 0;
                try {
                    for (; n < 10_000; n++) {
                        flooder.sendText(frame);
                    }
                } catch (IOException closed) {
                    // the server closed the flooder
                }
                return n;
            });

            AtomicInteger floodHeard = new AtomicInteger();
            AtomicBoolean flooderLeft = new AtomicBoolean();
            List<Long> during = latencies(victim, sentAt, before, samples, floodHeard, flooderLeft);

            // The server cut the flooder off: the room saw it leave, and the flooder was told why.
            if (!flooderLeft.get()) {
                victim.await(TokenModeIT::isFlooderLeaving, "user_left of the flooder");
            }
            assertTrue(flooded.get(ChatClient.TIMEOUT.toSeconds(), TimeUnit.SECONDS) > BURST);
            List<String> frames = told.get(ChatClient.TIMEOUT.toSeconds() * 2, TimeUnit.SECONDS);
            assertTrue(frames.stream().anyMatch(frame -> frame.contains("\"rate_limited\"")), frames.toString());
            // A close frame that arrives says 1008; a flooder still writing may lose it to a TCP reset instead.
            assertTrue(frames.stream().filter(frame -> frame.startsWith("close ")).allMatch("close 1008"::equals),
                    frames.toString());
            // The burst, and what the bucket earns while the run of refusals lasts (more on a busy machine,
            // where the server's own pauses count as the flooder's): nowhere near the 10,000 sent.
            assertTrue(floodHeard.get() >= BURST && floodHeard.get() < 500, "the room heard " + floodHeard + " flood messages");
            assertTrue(victim.isOpen() && sender.isOpen());
            // Normal latency: as before the flood, within what a busy test machine adds by itself.
            assertTrue(median(during) <= 3 * median(baseline) + 100 && max(during) <= 3 * max(baseline) + 1_000,
                    "latencies in ms before the flood " + baseline + ", during and after it " + during);
        } finally {
            pace.shutdownNow();
            flood.shutdownNow();
        }
    }

    // --- helpers ---------------------------------------------------------------------------

    /**
     * Waits for the sender's messages {@code from} to {@code to} (exclusive) at the victim, in order, and
     * returns how long each took; counts the flood messages and notes the flooder's leaving on the way.
     */
    private static List<Long> latencies(ChatClient victim, Map<String, Long> sentAt, int from, int to,
            AtomicInteger floodHeard, AtomicBoolean flooderLeft) throws InterruptedException {
        List<Long> latencies = new ArrayList<>();
        for (int n = from; n < to; n++) {
            String text = "m" + n;
            victim.await(e -> {
                if (e.getString("event").equals("room_message") && e.getString("user").equals("flooder")) {
                    floodHeard.incrementAndGet();
                }
                flooderLeft.compareAndSet(false, isFlooderLeaving(e));
                return e.getString("event").equals("room_message") && e.getString("message").equals(text);
            }, text);
            latencies.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sentAt.get(text)));
        }
        return latencies;
    }

    private static long median(List<Long> values) {
        return values.stream().sorted().toList().get(values.size() / 2);
    }

    private static long max(List<Long> values) {
        return values.stream().mapToLong(Long::longValue).max().orElseThrow();
    }

    private static boolean isFlooderLeaving(JsonObject event) {
        return event.getString("event").equals("user_left") && event.getString("user").equals("flooder");
    }

    private ChatClient tokenClient(String user, List<String> rooms) throws Exception {
        return ChatClient.connectTo(withToken(TestTokens.hs256(rooms == null ? TestTokens.claims(user)
                : TestTokens.claims(user, rooms))), plain());
    }

    private URI withToken(String token) {
        return URI.create(endpoint() + "?token=" + token);
    }

    private static ClientEndpointConfig plain() {
        return ClientEndpointConfig.Builder.create().build();
    }

    private static ClientEndpointConfig protocols(String... protocols) {
        return ClientEndpointConfig.Builder.create().preferredSubprotocols(List.of(protocols)).build();
    }

    /** Opens a socket that must be refused, and returns the HTTP status it was refused with. */
    private static int refusedStatus(URI uri, ClientEndpointConfig config) {
        DeploymentException refused = assertThrows(DeploymentException.class, () -> {
            Session session = ClientManager.createClient().connectToServer(new Endpoint() {
                @Override
                public void onOpen(Session session, EndpointConfig config) {
                }
            }, config, uri);
            session.close();
        });
        for (Throwable cause = refused; cause != null; cause = cause.getCause()) {
            if (cause instanceof HandshakeException handshake) {
                return handshake.getHttpStatusCode();
            }
            if (cause instanceof AuthenticationException) {
                return 401;
            }
        }
        return fail("no HTTP status in " + refused);
    }
}
