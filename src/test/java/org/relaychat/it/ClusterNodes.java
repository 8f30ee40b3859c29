package org.relaychat.it;

import static org.awaitility.Awaitility.await;

import jakarta.json.JsonObject;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * Two nodes in cluster mode, on Payara Micro or WildFly, sharing the test PostgreSQL database and
 * a Redis, and what the tests of such nodes do with their clients: join rooms, wait for presence, send and
 * collect room messages, read a room's history.
 */
final class ClusterNodes {

    static final Duration WAIT = Duration.ofSeconds(30);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private ClusterNodes() {
    }

    /**
     * Starts nodes {@code a} and {@code b} side by side on the Redis of {@code redisUri}, with keys
     * of their own run ({@code run}), logging to {@code target/<logPrefix>-a.log} and {@code -b.log},
     * and returns them once both are ready. They run on the server that {@code cluster.server} names:
     * {@code payara-micro} (the default) or {@code wildfly}.
     */
    static List<ChatNode> startTwo(String logPrefix, String redisUri, String run) throws Exception {
        CompletableFuture<ChatNode> a = CompletableFuture.supplyAsync(() -> start(logPrefix, "a", redisUri, run));
        CompletableFuture<ChatNode> b = CompletableFuture.supplyAsync(() -> start(logPrefix, "b", redisUri, run));
        List<ChatNode> nodes = new ArrayList<>();
        try {
            nodes.add(a.join());
            nodes.add(b.join());
            for (ChatNode node : nodes) {
                awaitReady(node, true);
            }
        } catch (RuntimeException | Error e) {
            stop(b.exceptionally(failed -> null).join(), a.exceptionally(failed -> null).join());
            throw e;
        }
        return nodes;
    }

    private static String server() {
        return System.getProperty("cluster.server", "payara-micro");
    }

    private static ChatNode start(String logPrefix, String node, String redisUri, String run) {
        List<String> settings = List.of("-Dchat.cluster.mode=redis", "-Dchat.redis.uri=" + redisUri,
                "-Dchat.redis.key-prefix=relay-" + run, "-Dchat.cluster.node-id=" + node,
                "-Dchat.cluster.node-ttl-seconds=3", "-Dchat.rate-limit.per-second=1000",
                "-Dchat.rate-limit.burst=2000");
        String name = logPrefix + "-" + node;
        try {
            return switch (server()) {
                case "payara-micro" -> PayaraMicroProcess.start(name, List.of("--addLibs", "target/postgresql.jar",
                        "--postbootcommandfile", "target/postgres/post-boot.asadmin"), settings);
                case "wildfly" -> WildFlyProcess.start(name, settings);
                default -> throw new IllegalStateException("cluster.server is payara-micro or wildfly, not " + server());
            };
        } catch (Exception e) {
            throw new IllegalStateException("node " + node + " did not start", e);
        }
    }

    /** Stops each node that is there, as an operator would. */
    static void stop(ChatNode... nodes) throws InterruptedException {
        for (ChatNode node : nodes) {
            if (node != null) {
                node.close();
            }
        }
    }

    /** Waits until the node's readiness check says {@code ready} (or says it is not). */
    static void awaitReady(ChatNode node, boolean ready) {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(node.health("ready"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            return (response.statusCode() == 200) == ready;
        });
    }

    /** Joins each client to {@code room} in turn, waiting for the ack of each join. */
    static void join(String room, ChatClient... clients) throws Exception {
        for (ChatClient client : clients) {
            client.send("join_room", "room", room, "ref", "join-" + room);
            client.await(e -> "ack".equals(e.getString("event")) && ("join-" + room).equals(e.getString("ref")),
                    "ack of the join");
        }
    }

    /** Asks for presence until it lists exactly {@code clientIds}. */
    static void awaitPresence(ChatClient client, String room, Set<String> clientIds) {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> {
            client.send("presence", "room", room, "ref", "p");
            JsonObject presence = client.await("presence");
            return presence.getJsonArray("members").getValuesAs(JsonObject.class).stream()
                    .map(member -> member.getString("client_id")).collect(Collectors.toSet()).equals(clientIds);
        });
    }

    /** Sends room messages one after the other, keeping their ids and those of the room messages received meanwhile. */
    static void sendMessages(ChatClient client, String room, String text, int count, List<Long> acked,
            List<Long> received) throws Exception {
        for (int i = 0; i < count; i++) {
            client.send("room_message", "room", room, "message", text + " " + i, "ref", text + i);
            acked.add(client.await(event -> {
                if ("room_message".equals(event.getString("event")) && room.equals(event.getString("room"))) {
                    received.add(event.getJsonNumber("id").longValue());
                }
                return "ack".equals(event.getString("event")) && event.containsKey("id");
            }, "ack with id").getJsonNumber("id").longValue());
        }
    }

    /** Takes the room messages a client receives into {@code seen} until it has every one of {@code wanted}. */
    static void collectUntil(ChatClient client, String room, List<Long> seen, List<Long> wanted) {
        await().atMost(WAIT).until(() -> {
            for (JsonObject event : client.takeReceived()) {
                if ("room_message".equals(event.getString("event")) && room.equals(event.getString("room"))) {
                    seen.add(event.getJsonNumber("id").longValue());
                }
            }
            return seen.containsAll(wanted);
        });
    }

    /** Every id of the room's history after {@code after} (all when null), paging as a client resumes. */
    static List<Long> history(ChatClient client, String room, Long after) throws Exception {
        List<Long> ids = new ArrayList<>();
        long from = after == null ? 0 : after;
        boolean more = true;
        while (more) {
            client.send("history", "room", room, "after", from, "limit", 50, "ref", "h" + from);
            JsonObject page = client.await("history");
            for (JsonObject message : page.getJsonArray("messages").getValuesAs(JsonObject.class)) {
                from = message.getJsonNumber("id").longValue();
                ids.add(from);
            }
            more = page.getBoolean("has_more");
        }
        return ids;
    }
}
