package org.relaychat.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonStructure;
import jakarta.websocket.CloseReason;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The operators' side on the built WAR: health checks, metrics and the admin API. */
class OperationsIT extends DeployedServerTest {

    /** The operator set up for the test servers in arquillian.xml. */
    private static final String OPERATOR = "operator:relay-test-secret";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String LABEL = "[a-zA-Z_][a-zA-Z0-9_]*=\"([^\"\\\\\\n]|\\\\.)*\"";
    private static final Pattern SAMPLE = Pattern.compile(
            "[a-zA-Z_:][a-zA-Z0-9_:]*(\\{" + LABEL + "(," + LABEL + ")*})? (-?\\d+(\\.\\d+)?(E[+-]?\\d+)?|NaN|[+-]Inf)");

    // --- admin API: access ---------------------------------------------------------------------

    @Test
    void theAdminApiAsksForCredentialsAndRefusesWrongOnes() throws Exception {
        HttpResponse<String> anonymous = call("GET", "api/admin/stats", null, null);
        assertEquals(401, anonymous.statusCode());
        assertTrue(anonymous.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic"),
                anonymous.headers().map().toString());

        assertEquals(401, call("GET", "api/admin/stats", "operator:wrong", null).statusCode());
        assertEquals(401, call("GET", "api/admin/stats", "admin:relay-test-secret", null).statusCode());
        assertEquals(401, call("POST", "api/admin/broadcast", null, "{\"message\":\"hi\"}").statusCode());
        assertEquals(200, call("GET", "api/admin/stats", OPERATOR, null).statusCode());
    }

    // --- admin API: reading --------------------------------------------------------------------

    @Test
    void statsAndTheClientListShowTheConnectedClients() throws Exception {
        try (ChatClient ana = ChatClient.connect(endpoint(), "ana"); ChatClient ben = ChatClient.connect(endpoint(), "ben")) {
            join(ana, "stats-room");

            JsonObject stats = json(admin("GET", "api/admin/stats", null, 200));
            assertTrue(stats.getInt("clients") >= 2, stats.toString());
            assertEquals(10_000, stats.getInt("max_clients"));
            assertTrue(stats.getBoolean("accepting"));
            assertTrue(stats.getJsonNumber("messages_received").longValue() >= 1, stats.toString());

            JsonObject list = json(admin("GET", "api/admin/clients", null, 200));
            JsonArray clients = list.getJsonArray("clients");
            assertEquals(clients.size(), list.getInt("count"));
            JsonObject anaSeen = clients.getValuesAs(JsonObject.class).stream()
                    .filter(c -> c.getString("client_id").equals(ana.clientId())).findFirst().orElseThrow();
            assertEquals("ana", anaSeen.getString("user"));
            assertEquals(List.of("general", "stats-room"), strings(anaSeen.getJsonArray("rooms")));
            assertTrue(clients.getValuesAs(JsonObject.class).stream()
                    .anyMatch(c -> c.getString("client_id").equals(ben.clientId())));
        }
    }

    @Test
    void roomsAreListedWithTheirMembers() throws Exception {
        try (ChatClient ana = ChatClient.connect(endpoint(), "ana"); ChatClient ben = ChatClient.connect(endpoint(), "ben")) {
            join(ana, "listed-room");
            join(ben, "listed-room");

            JsonArray rooms = json(admin("GET", "api/admin/rooms", null, 200)).getJsonArray("rooms");
            JsonObject listed = rooms.getValuesAs(JsonObject.class).stream()
                    .filter(r -> r.getString("room").equals("listed-room")).findFirst().orElseThrow();
            assertEquals(2, listed.getInt("members"));

            JsonObject room = json(admin("GET", "api/admin/rooms/listed-room", null, 200));
            assertEquals("listed-room", room.getString("room"));
            assertEquals(Set.of(ana.clientId() + " ana", ben.clientId() + " ben"),
                    room.getJsonArray("members").getValuesAs(JsonObject.class).stream()
                            .map(m -> m.getString("client_id") + " " + m.getString("user")).collect(Collectors.toSet()));

            assertTrue(json(admin("GET", "api/admin/rooms/no-such-room", null, 404)).getString("error").contains("no-such-room"));
        }
    }

    // --- admin API: acting ---------------------------------------------------------------------

    @Test
    void aKickedClientIsClosedWith1008AndTheReasonAndItsRoomsAreTold() throws Exception {
        try (ChatClient ana = ChatClient.connect(endpoint(), "ana"); ChatClient spammer = ChatClient.connect(endpoint(), "spammer")) {
            admin("POST", "api/admin/clients/" + spammer.clientId() + "/kick?reason=spamming", null, 204);

            CloseReason closed = spammer.awaitClose(ChatClient.TIMEOUT);
            assertEquals(1008, closed.getCloseCode().getCode());
            assertEquals("spamming", closed.getReasonPhrase());
            ana.await(e -> e.getString("event").equals("user_left") && e.getString("client_id").equals(spammer.clientId()),
                    "user_left of the kicked client");

            admin("POST", "api/admin/clients/" + spammer.clientId() + "/kick", null, 404);
            admin("POST", "api/admin/clients/" + ana.clientId() + "/kick?reason=" + "x".repeat(124), null, 400);
            assertTrue(ana.isOpen());
        }
    }

    @Test
    void closingARoomTakesEveryMemberOutWithUserLeft() throws Exception {
        try (ChatClient ana = ChatClient.connect(endpoint(), "ana"); ChatClient ben = ChatClient.connect(endpoint(), "ben")) {
            join(ana, "closing-room");
            join(ben, "closing-room");

            assertEquals(2, json(admin("POST", "api/admin/rooms/closing-room/close", null, 200)).getInt("recipients"));

            for (ChatClient member : List.of(ana, ben)) {
                JsonObject left = member.await(e -> e.getString("event").equals("user_left")
                        && e.getString("room").equals("closing-room"), "user_left of closing-room");
                assertEquals(member.clientId(), left.getString("client_id"));
                member.send("rooms", "ref", "after-close");
                assertEquals(List.of("general"), strings(member.await("rooms").getJsonArray("rooms")));
            }
            admin("GET", "api/admin/rooms/closing-room", null, 404);
            admin("POST", "api/admin/rooms/closing-room/close", null, 404);
        }
    }

    @Test
    void aSystemBroadcastReachesEveryClient() throws Exception {
        try (ChatClient ana = ChatClient.connect(endpoint(), "ana"); ChatClient ben = ChatClient.connect(endpoint(), "ben")) {
            JsonObject delivery = json(admin("POST", "api/admin/broadcast", "{\"message\":\"maintenance at 22:00 ☕\"}", 200));
            assertTrue(delivery.getInt("recipients") >= 2, delivery.toString());

            for (ChatClient client : List.of(ana, ben)) {
                JsonObject broadcast = client.await("broadcast");
                assertEquals("maintenance at 22:00 ☕", broadcast.getString("message"));
                assertTrue(broadcast.getBoolean("system"));
                assertEquals("server", broadcast.getString("from"));
                assertFalse(broadcast.getString("timestamp").isEmpty());
            }
            admin("POST", "api/admin/broadcast", "{\"message\":\"  \"}", 400);
            admin("POST", "api/admin/broadcast", "{}", 400);
            admin("POST", "api/admin/broadcast", "{\"message\":", 400);
        }
    }

    // --- health --------------------------------------------------------------------------------

    @Test
    void healthChecksReportTheNodeLiveAndReady() throws Exception {
        JsonObject ready = json(get(health("ready"), 200));
        assertEquals("UP", ready.getString("status"));
        assertEquals("UP", check(ready, "chat-registry").getString("status"));
        // Servers write a check's data as JSON booleans or as strings.
        assertEquals("true", check(ready, "chat-registry").getJsonObject("data").get("accepting").toString()
                .replace("\"", ""));
        assertEquals("UP", check(ready, "message-store").getString("status"));
        assertEquals("UP", check(ready, "cluster").getString("status"));
        assertEquals("local", check(ready, "cluster").getJsonObject("data").getString("mode"));

        JsonObject live = json(get(health("live"), 200));
        assertEquals("UP", live.getString("status"));
        assertEquals("UP", check(live, "chat-heartbeat").getString("status"));
    }

    // --- metrics -------------------------------------------------------------------------------

    @Test
    void metricsAreServedInPrometheusTextFormat() throws Exception {
        try (ChatClient ana = ChatClient.connect(endpoint(), "ana"); ChatClient ben = ChatClient.connect(endpoint(), "ben")) {
            join(ana, "metrics-room");
            join(ben, "metrics-room");
            ana.sendRaw("not json");
            assertEquals("bad_json", ana.await("error").getString("code"));

            HttpResponse<String> response = call("GET", "api/metrics", null, null);
            assertEquals(200, response.statusCode());
            assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
            String text = response.body();
            for (String line : text.split("\n")) {
                assertTrue(line.startsWith("# HELP ") || line.startsWith("# TYPE ") || SAMPLE.matcher(line).matches(),
                        "not Prometheus text: " + line);
            }
            assertTrue(text.contains("# TYPE relay_messages_received_total counter\n"), text);
            assertTrue(value(text, "relay_connections") >= 2, text);
            assertTrue(value(text, "relay_rooms") >= 2, text);
            assertEquals(2, value(text, "relay_room_members{rank=\"1\"}"), text);
            assertFalse(text.contains("metrics-room"), "a room named in the public metrics: " + text);
            assertTrue(value(text, "relay_messages_received_total") >= 3, text);
            assertTrue(value(text, "relay_messages_sent_total") >= 5, text);
            assertTrue(value(text, "relay_errors_total{code=\"bad_json\"}") >= 1, text);
            assertTrue(text.contains("relay_slow_consumer_closes_total "), text);
            assertTrue(text.contains("relay_outbound_backlog_chars "), text);
            assertTrue(text.contains("# TYPE relay_history_store_seconds histogram\n"), text);
            assertTrue(text.contains("relay_history_store_seconds_bucket{le=\"+Inf\"} "), text);
            // The JVM's own figures follow, on every server alike.
            assertTrue(Pattern.compile("^jvm_memory_used_bytes\\{area=\"heap\",id=\"[^\"]+\"} [1-9]", Pattern.MULTILINE)
                    .matcher(text).find(), text);
            assertTrue(text.contains("# TYPE jvm_gc_memory_allocated_bytes_total counter\n"), text);
            assertTrue(Pattern.compile("^jvm_threads_live_threads [1-9]", Pattern.MULTILINE).matcher(text).find(), text);
        }
    }

    // --- helpers -------------------------------------------------------------------------------

    private static double value(String metrics, String series) {
        Matcher sample = Pattern.compile("^" + Pattern.quote(series) + " ([0-9.E+-]+)$", Pattern.MULTILINE)
                .matcher(metrics);
        assertTrue(sample.find(), "no " + series);
        return Double.parseDouble(sample.group(1));
    }

    private static JsonObject check(JsonObject health, String name) {
        return health.getJsonArray("checks").getValuesAs(JsonObject.class).stream()
                .filter(c -> c.getString("name").equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no check " + name + " in " + health));
    }

    /** The server's health endpoint: WildFly's management interface, or the HTTP port's {@code /health}. */
    private URI health(String kind) {
        String configured = System.getProperty("relay.health.url");
        URI root = configured != null ? URI.create(configured + "/")
                : URI.create(base.getProtocol() + "://" + base.getHost() + ":" + base.getPort() + "/health/");
        return root.resolve(kind);
    }

    private String admin(String method, String path, String body, int status) throws Exception {
        HttpResponse<String> response = call(method, path, OPERATOR, body);
        assertEquals(status, response.statusCode(), method + " " + path + ": " + response.body());
        return response.body();
    }

    private HttpResponse<String> call(String method, String path, String credentials, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.toURI().resolve(path)).timeout(ChatClient.TIMEOUT)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (!method.equals("GET")) {
            request.header("X-Relay-Admin", "1");
        }
        if (credentials != null) {
            request.header("Authorization",
                    "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static String get(URI uri, int status) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri).timeout(ChatClient.TIMEOUT).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertEquals(status, response.statusCode(), uri + ": " + response.body());
        return response.body();
    }

    private static JsonObject json(String text) {
        return (JsonObject) parse(text);
    }

    private static JsonStructure parse(String text) {
        return Json.createReader(new StringReader(text)).read();
    }

    private static List<String> strings(JsonArray array) {
        return array.getValuesAs(JsonString::getString);
    }
}
