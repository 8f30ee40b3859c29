package org.relaychat.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.relaychat.it.ClusterNodes.WAIT;
import static org.relaychat.it.ClusterNodes.awaitPresence;
import static org.relaychat.it.ClusterNodes.awaitReady;
import static org.relaychat.it.ClusterNodes.collectUntil;
import static org.relaychat.it.ClusterNodes.history;
import static org.relaychat.it.ClusterNodes.join;
import static org.relaychat.it.ClusterNodes.sendMessages;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.websocket.ClientEndpointConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Two nodes in cluster mode, on Payara Micro or WildFly ({@link ClusterNodes}), sharing the test
 * PostgreSQL database and the Redis that the build starts, a single server or a Redis Cluster ({@link TestRedis}): rooms, presence and
 * direct messages span them, a node receives only what its own connections need, a node that
 * crashes loses nothing its clients cannot fetch from the other, and a Redis restart delays what
 * crosses between the nodes but loses nothing stored. The last test kills node B.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final TestRedis REDIS = TestRedis.fromSystemProperties();
    /** Names of this run's own, since the database and Redis outlive a single test run. */
    private static final String RUN = UUID.randomUUID().toString().substring(0, 6);

    private static ChatNode nodeA;
    private static ChatNode nodeB;

    @BeforeAll
    static void startTwoNodes() throws Exception {
        List<ChatNode> nodes = ClusterNodes.startTwo("cluster", REDIS.uri(), RUN);
        nodeA = nodes.get(0);
        nodeB = nodes.get(1);
    }

    @AfterAll
    static void stopNodes() throws Exception {
        ClusterNodes.stop(nodeA, nodeB);
    }

    @Test
    @Order(1)
    void roomsPresenceAndDirectMessagesSpanTheNodes() throws Exception {
        String room = "both-" + RUN;
        try (ChatClient ana = ChatClient.connect(nodeA.endpoint(), "ana-" + RUN);
                ChatClient bo = ChatClient.connect(nodeB.endpoint(), "bo-" + RUN)) {
            join(room, ana, bo);
            ana.await(e -> "user_joined".equals(e.getString("event")) && room.equals(e.getString("room"))
                    && bo.clientId().equals(e.getString("client_id")), "bo's user_joined");
            awaitPresence(ana, room, Set.of(ana.clientId(), bo.clientId()));
            awaitPresence(bo, room, Set.of(ana.clientId(), bo.clientId()));

            ana.send("room_message", "room", room, "message", "from A", "ref", "m1");
            long fromA = ana.await("ack").getJsonNumber("id").longValue();
            JsonObject atB = bo.await("room_message");
            assertEquals(fromA, atB.getJsonNumber("id").longValue());
            assertEquals("from A", atB.getString("message"));

            bo.send("room_message", "room", room, "message", "from B", "ref", "m2");
            long fromB = bo.await("ack").getJsonNumber("id").longValue();
            assertTrue(fromB > fromA, "ids increase across nodes");
            assertEquals(fromB, ana.await("room_message").getJsonNumber("id").longValue());

            ana.send("direct_message", "to", "bo-" + RUN, "message", "psst", "ref", "dm");
            ana.await("ack");
            JsonObject dm = bo.await("direct_message");
            assertEquals("psst", dm.getString("message"));
            assertEquals("ana-" + RUN, dm.getString("user"));

            bo.send("typing", "room", room, "typing", true);
            assertEquals(bo.clientId(), ana.await("typing").getString("from"));
            bo.send("broadcast", "message", "hello everyone", "ref", "b");
            assertEquals("hello everyone", ana.await("broadcast").getString("message"));

            // Exactly once: the reply to a later frame comes after anything a duplicate would have.
            ana.send("rooms", "ref", "r");
            List<JsonObject> rest = ana.until("rooms");
            assertTrue(rest.stream().noneMatch(e -> "room_message".equals(e.getString("event"))), rest::toString);
            assertTrue(rest.get(rest.size() - 1).getJsonArray("rooms").getValuesAs(JsonString.class).stream()
                    .anyMatch(name -> name.getString().equals(room)));

            bo.close();
            ana.await(e -> "user_left".equals(e.getString("event")) && room.equals(e.getString("room"))
                    && bo.clientId().equals(e.getString("client_id")), "bo's user_left");
            awaitPresence(ana, room, Set.of(ana.clientId()));
        }
    }

    /** A name kept for one browser's key is kept on every node: the keeping is in the shared database. */
    @Test
    @Order(2)
    void aNameKeptForABrowserOnOneNodeIsRefusedToOthersOnTheOther() throws Exception {
        String name = "kept-" + RUN;
        String key = "cluster-" + UUID.randomUUID();
        ClientEndpointConfig plain = ClientEndpointConfig.Builder.create().build();
        try (ChatClient owner = ChatClient.connectTo(URI.create(nodeA.endpoint() + "?name=" + name + "&key=" + key),
                plain)) {
            assertEquals(name, owner.welcome().getString("user"));
        }
        try (ChatClient other = ChatClient.open(nodeB.endpoint(), name)) {
            assertEquals("forbidden", other.await("error").getString("code"));
            assertEquals(1008, other.awaitClose(ChatClient.TIMEOUT).getCloseCode().getCode());
        }
        try (ChatClient owner = ChatClient.connectTo(URI.create(nodeB.endpoint() + "?name=" + name + "&key=" + key),
                plain)) {
            assertEquals(name, owner.welcome().getString("user"));
        }
    }

    /** A file uploaded through node A, sent to a room, is fetched by a member on node B from B. */
    @Test
    @Order(2)
    void aFileUploadedOnOneNodeIsFetchedFromTheOther() throws Exception {
        String room = "files-" + RUN;
        try (ChatClient ana = ChatClient.connect(nodeA.endpoint(), "ana-" + RUN);
                ChatClient bo = ChatClient.connect(nodeB.endpoint(), "bo-" + RUN)) {
            join(room, ana, bo);
            awaitPresence(ana, room, Set.of(ana.clientId(), bo.clientId()));
            String file = FileTransfers.upload(ana, nodeA.endpoint(), "dot.png", FilesIT.PNG);
            FileTransfers.roomMessage(ana, room, "", "file", file);
            JsonObject message = bo.await(e -> "room_message".equals(e.getString("event"))
                    && room.equals(e.getString("room")), "the message with the file");
            assertEquals(file, message.getJsonArray("attachments").getJsonObject(0).getString("id"));
            JsonObject granted = FileTransfers.download(bo, file);
            assertEquals("download", granted.getString("event"), granted::toString);
            HttpResponse<byte[]> fetched = FileTransfers.get(nodeB.endpoint(), granted.getString("url"));
            assertEquals(200, fetched.statusCode());
            assertArrayEquals(FilesIT.PNG, fetched.body());
        }
    }

    /**
     * A profile set on one node, picture and all, reaches a member on the other, whose presence
     * list shows it; the other node serves the picture; and the user's leaving is told there.
     */
    @Test
    @Order(2)
    void aProfileSetOnOneNodeShowsOnTheOther() throws Exception {
        String room = "profiles-" + RUN;
        try (ChatClient bo = ChatClient.connect(nodeB.endpoint(), "bo-" + RUN)) {
            try (ChatClient ana = ChatClient.connect(nodeA.endpoint(), "ana-" + RUN)) {
                join(room, ana, bo);
                awaitPresence(ana, room, Set.of(ana.clientId(), bo.clientId()));
                String picture = FileTransfers.upload(ana, nodeA.endpoint(), "me.png", FilesIT.PNG);
                ana.send("set_profile", "display_name", "Ana of A", "avatar", picture, "ref", "p");
                JsonObject reply = ana.await(e -> "p".equals(e.getString("ref", null)), "reply to set_profile");
                assertEquals("profile", reply.getString("event"), reply::toString);

                JsonObject seen = bo.await(e -> "profile".equals(e.getString("event"))
                        && ("ana-" + RUN).equals(e.getString("user")), "ana's profile on node B");
                assertEquals("Ana of A", seen.getString("display_name"));
                HttpResponse<byte[]> shown = FileTransfers.get(nodeB.endpoint(), seen.getString("avatar"));
                assertEquals(200, shown.statusCode());
                assertArrayEquals(FilesIT.PNG, shown.body());
                bo.send("presence", "room", room, "ref", "who");
                JsonObject listed = bo.await("presence").getJsonArray("members").getValuesAs(JsonObject.class).stream()
                        .filter(member -> ana.clientId().equals(member.getString("client_id"))).findFirst()
                        .orElseThrow();
                assertEquals("Ana of A", listed.getJsonObject("profile").getString("display_name"));
            }
            JsonObject offline = bo.await(e -> "profile".equals(e.getString("event"))
                    && ("ana-" + RUN).equals(e.getString("user")), "ana offline on node B");
            assertEquals("offline", offline.getString("state"));
        }
    }

    /**
     * A node subscribes only to the rooms its members are in and the users connected to it: the
     * messages of a room whose members are all on node A, and a direct message between two of
     * them, never reach node B, as B's own count of the events it received shows.
     */
    @Test
    @Order(3)
    void aNodeReceivesNothingForRoomsAndUsersItHasNoConnectionOf() throws Exception {
        String shared = "shared-" + RUN;
        String onlyA = "only-a-" + RUN;
        try (ChatClient ana = ChatClient.connect(nodeA.endpoint(), "ana-" + RUN);
                ChatClient cy = ChatClient.connect(nodeA.endpoint(), "cy-" + RUN);
                ChatClient bo = ChatClient.connect(nodeB.endpoint(), "bo-" + RUN)) {
            join(shared, ana, bo);
            join(onlyA, ana, cy);
            // B needs the channel for everyone, bo's, the shared room's and those of the rooms bo
            // was joined to on arrival: nothing else.
            int channelsNeeded = 3 + bo.welcome().getJsonArray("rooms").size();
            await().atMost(WAIT).until(() -> metric(nodeB, "relay_cluster_channels_subscribed") == channelsNeeded);
            messageAcrossNodes(ana, bo, shared, "before");
            double before = metric(nodeB, "relay_cluster_events_received_total");

            for (int i = 0; i < 20; i++) {
                ana.send("room_message", "room", onlyA, "message", "here only " + i, "ref", "a" + i);
                ana.await("ack");
            }
            ana.send("direct_message", "to", "cy-" + RUN, "message", "psst", "ref", "dm");
            ana.await("ack");
            assertEquals("psst", cy.await("direct_message").getString("message"));
            messageAcrossNodes(ana, bo, shared, "after");

            assertEquals(before + 1, metric(nodeB, "relay_cluster_events_received_total"),
                    "node B received only the message of the room it has a member in");
        }
    }

    /** Sends a message to a room and waits until a member on the other node has it. */
    private static void messageAcrossNodes(ChatClient from, ChatClient to, String room, String text)
            throws Exception {
        from.send("room_message", "room", room, "message", text, "ref", text);
        to.await(e -> "room_message".equals(e.getString("event")) && text.equals(e.getString("message")), text);
    }

    /** One sample without labels from a node's {@code /api/metrics}. */
    private static double metric(ChatNode node, String name) throws Exception {
        String text = HTTP.send(HttpRequest.newBuilder(node.metrics()).build(), HttpResponse.BodyHandlers.ofString()).body();
        return text.lines().filter(line -> line.startsWith(name + " ")).findFirst()
                .map(line -> Double.parseDouble(line.substring(name.length() + 1)))
                .orElseThrow(() -> new AssertionError(name + " not in " + text));
    }

    /**
     * Redis goes away while both nodes carry traffic and comes back empty. Meanwhile each node
     * serves its own clients and reports not ready; what crosses between the nodes is delayed until
     * Redis returns, when each node delivers, from the store, the room messages it missed, each
     * once. Presence is written anew.
     */
    @Test
    @Order(4)
    void aRedisRestartDelaysMessagesBetweenNodesButLosesNone() throws Exception {
        String room = "restart-" + RUN;
        try (ChatClient ana = ChatClient.connect(nodeA.endpoint(), "ana-" + RUN);
                ChatClient bo = ChatClient.connect(nodeB.endpoint(), "bo-" + RUN)) {
            join(room, ana, bo);
            awaitPresence(ana, room, Set.of(ana.clientId(), bo.clientId()));
            List<Long> fromAna = new ArrayList<>();
            List<Long> fromBo = new ArrayList<>();
            List<Long> atBo = new ArrayList<>();
            List<Long> atAna = new ArrayList<>();

            sendMessages(ana, room, "before", 10, fromAna, atAna);
            collectUntil(bo, room, atBo, fromAna);

            REDIS.stop();
            awaitReady(nodeA, false);
            awaitReady(nodeB, false);
            // Redis is down: both nodes still store and acknowledge, and serve their own members.
            sendMessages(ana, room, "during", 10, fromAna, atAna);
            sendMessages(bo, room, "during", 5, fromBo, atBo);

            REDIS.start();
            awaitReady(nodeA, true);
            awaitReady(nodeB, true);
            sendMessages(ana, room, "after", 10, fromAna, atAna);

            // Delayed, not lost: the other node's messages from the outage arrive after it.
            collectUntil(bo, room, atBo, fromAna);
            collectUntil(ana, room, atAna, fromBo);
            assertEquals(fromAna.size(), new LinkedHashSet<>(atBo).size());
            assertEquals(atBo.size(), new LinkedHashSet<>(atBo).size(), "no message twice at B: " + atBo);
            assertEquals(atAna.size(), new LinkedHashSet<>(atAna).size(), "no message twice at A: " + atAna);
            awaitPresence(ana, room, Set.of(ana.clientId(), bo.clientId()));

            // Nothing stored was lost: the room's history holds every acknowledged message once.
            List<Long> stored = history(bo, room, null);
            List<Long> acknowledged = new ArrayList<>(fromAna);
            acknowledged.addAll(fromBo);
            assertEquals(acknowledged.stream().sorted().toList(), stored);
        }
    }

    /**
     * Node B dies while node A's client is sending: B's client reconnects to A and, with
     * {@code history} {@code after} the last id it saw, ends up with every message exactly once.
     * Within the node time-to-live, the room gets {@code user_left} for B's members and they
     * leave its presence.
     */
    @Test
    @Order(5)
    void clientsOfAKilledNodeResumeOnTheOtherWithEveryMessageOnce() throws Exception {
        String room = "crash-" + RUN;
        try (ChatClient ana = ChatClient.connect(nodeA.endpoint(), "ana-" + RUN);
                ChatClient bo = ChatClient.connect(nodeB.endpoint(), "bo-" + RUN);
                ChatClient cy = ChatClient.connect(nodeB.endpoint(), "cy-" + RUN)) {
            join(room, ana, bo, cy);
            awaitPresence(ana, room, Set.of(ana.clientId(), bo.clientId(), cy.clientId()));

            List<Long> sent = Collections.synchronizedList(new ArrayList<>());
            Set<String> leftAtAna = ConcurrentHashMap.newKeySet();
            AtomicInteger stopAfter = new AtomicInteger(Integer.MAX_VALUE);
            CompletableFuture<Void> sender = CompletableFuture.runAsync(() -> {
                try {
                    for (int i = 0; i < stopAfter.get(); i++) {
                        ana.send("room_message", "room", room, "message", "stream " + i, "ref", "s" + i);
                        sent.add(ana.await(event -> {
                            noteLeaving(event, room, leftAtAna);
                            return "ack".equals(event.getString("event"));
                        }, "ack").getJsonNumber("id").longValue());
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });

            List<Long> seenByBo = new ArrayList<>();
            while (seenByBo.size() < 20) {
                seenByBo.add(bo.await("room_message").getJsonNumber("id").longValue());
            }
            nodeB.kill();
            stopAfter.set(sent.size() + 30);
            bo.awaitClose(WAIT);
            bo.takeReceived().stream().filter(e -> "room_message".equals(e.getString("event")))
                    .forEach(e -> seenByBo.add(e.getJsonNumber("id").longValue()));
            sender.get(WAIT.toSeconds(), TimeUnit.SECONDS);

            try (ChatClient boAgain = ChatClient.connect(nodeA.endpoint(), "bo-" + RUN)) {
                join(room, boAgain);
                List<Long> resumed = new ArrayList<>(seenByBo);
                resumed.addAll(history(boAgain, room, seenByBo.get(seenByBo.size() - 1)));
                assertEquals(sent, resumed);

                // Node B's heartbeat ran out: its members left, as the room is told.
                await().atMost(WAIT).until(() -> {
                    ana.takeReceived().forEach(event -> noteLeaving(event, room, leftAtAna));
                    return leftAtAna.containsAll(Set.of(bo.clientId(), cy.clientId()));
                });
                awaitPresence(ana, room, Set.of(ana.clientId(), boAgain.clientId()));
            }
        }
    }

    private static void noteLeaving(JsonObject event, String room, Set<String> left) {
        if ("user_left".equals(event.getString("event")) && room.equals(event.getString("room"))) {
            left.add(event.getString("client_id"));
        }
    }

    /**
     * An author's edit and deletion, made on either node, reach the message's audience on both:
     * a room's members, and every connection of both sides of a direct conversation, each once;
     * history on the other node reads the change from the shared database. Ordered among the
     * tests that keep both nodes up, before node B is killed.
     */
    @Test
    @Order(2)
    void editsAndDeletionsReachTheAudienceOnBothNodesOnce() throws Exception {
        String room = "edits-" + RUN;
        String anaName = "ed-ana-" + RUN;
        String boName = "ed-bo-" + RUN;
        try (ChatClient ana = ChatClient.connect(nodeA.endpoint(), anaName);
                ChatClient anaOnB = ChatClient.connect(nodeB.endpoint(), anaName);
                ChatClient bo = ChatClient.connect(nodeB.endpoint(), boName)) {
            join(room, ana, bo);
            ana.send("room_message", "room", room, "message", "helo", "ref", "m");
            long inRoom = ana.await("ack").getJsonNumber("id").longValue();
            assertEquals(inRoom, bo.await("room_message").getJsonNumber("id").longValue());

            ana.send("edit_message", "id", inRoom, "message", "hello", "ref", "e");
            assertEquals("e", ana.await("ack").getString("ref"));
            JsonObject edited = bo.await("message_edited");
            assertEquals(inRoom, edited.getJsonNumber("id").longValue());
            assertEquals(room, edited.getString("room"));
            assertEquals(anaName, edited.getString("user"));
            assertEquals("hello", edited.getString("message"));

            bo.send("delete_message", "id", inRoom, "ref", "theft");
            assertEquals("not_author", bo.await("error").getString("code"));
            anaOnB.send("join_room", "room", room, "ref", "j");
            anaOnB.await("ack");
            anaOnB.send("delete_message", "id", inRoom, "ref", "x");
            assertEquals("x", anaOnB.await(e -> "x".equals(e.getString("ref", null)), "ack of the deletion")
                    .getString("ref"));
            assertEquals(inRoom, ana.await("message_deleted").getJsonNumber("id").longValue());
            assertEquals(inRoom, bo.await("message_deleted").getJsonNumber("id").longValue());

            bo.send("history", "room", room, "ref", "h");
            JsonObject tombstone = bo.await("history").getJsonArray("messages").getJsonObject(0);
            assertEquals(inRoom, tombstone.getJsonNumber("id").longValue());
            assertEquals(true, tombstone.getBoolean("deleted"));
            assertEquals("", tombstone.getString("message"));

            ana.send("direct_message", "to", boName, "message", "psst", "ref", "d");
            long direct = ana.await("ack").getJsonNumber("id").longValue();
            assertEquals(direct, bo.await("direct_message").getJsonNumber("id").longValue());
            assertEquals(direct, anaOnB.await("direct_message").getJsonNumber("id").longValue());
            ana.send("edit_message", "id", direct, "message", "psst!", "ref", "e2");
            ana.await("ack");
            for (ChatClient onB : List.of(bo, anaOnB)) {
                JsonObject change = onB.await("message_edited");
                assertEquals(direct, change.getJsonNumber("id").longValue());
                assertEquals(boName, change.getString("to"));
                assertEquals("psst!", change.getString("message"));
            }

            // Exactly once: the reply to a later frame comes after anything a duplicate would have.
            for (ChatClient client : List.of(ana, anaOnB, bo)) {
                client.send("rooms", "ref", "r");
                List<JsonObject> rest = client.until("rooms");
                assertTrue(rest.stream().noneMatch(e -> e.getString("event").startsWith("message_")), rest::toString);
            }
        }
    }
}
