package org.relaychat.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * What an attacker finds over HTTP: the admin API refuses cross-site calls and throttles password
 * guessing, lists come in pages, Jersey's WADL is not published, every response carries the
 * security headers, and a handshake's origin must be this server by scheme, host and port under a
 * host name it answers to.
 */
class HttpSecurityIT extends DeployedServerTest {

    private static final String OPERATOR = "Authorization: Basic "
            + Base64.getEncoder().encodeToString("operator:relay-test-secret".getBytes(StandardCharsets.UTF_8)) + "\r\n";
    private static final String WRONG_PASSWORD = "Authorization: Basic "
            + Base64.getEncoder().encodeToString("operator:guess".getBytes(StandardCharsets.UTF_8)) + "\r\n";
    /** The default of chat.admin.max-failed-logins-per-minute. */
    private static final int FAILED_LOGINS_ALLOWED = 10;

    // --- admin API: cross-site requests --------------------------------------------------------

    @Test
    void aFormOnAnotherSiteCannotCloseARoomOrKickAClient() throws Exception {
        try (ChatClient ana = ChatClient.connect(endpoint(), "ana")) {
            join(ana, "targeted");
            String form = "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 0\r\n";

            RawHttp.Response closed = post("api/admin/rooms/targeted/close",
                    OPERATOR + form + "Origin: http://evil.example\r\nSec-Fetch-Site: cross-site\r\n");
            RawHttp.Response kicked = post("api/admin/clients/" + ana.clientId() + "/kick",
                    OPERATOR + form + "Origin: http://evil.example\r\n");

            assertEquals(403, closed.status(), closed.body());
            assertEquals(403, kicked.status(), kicked.body());
            assertEquals(1, roomMembers("targeted").size(), "the room is still there, and ana in it");
        }
    }

    @Test
    void aStateChangingCallNeedsTheAdminHeaderAndOwnOrigin() throws Exception {
        try (ChatClient ana = ChatClient.connect(endpoint(), "ana")) {
            join(ana, "guarded");
            String empty = "Content-Length: 0\r\n";

            assertEquals(403, post("api/admin/rooms/guarded/close", OPERATOR + empty).status());
            assertEquals(403, post("api/admin/rooms/guarded/close",
                    OPERATOR + empty + "X-Relay-Admin: 1\r\nSec-Fetch-Site: same-site\r\n").status());
            assertEquals(403, post("api/admin/rooms/guarded/close",
                    OPERATOR + empty + "X-Relay-Admin: 1\r\nOrigin: https://" + authority() + "\r\n").status());
            assertEquals(1, roomMembers("guarded").size());

            RawHttp.Response closed = post("api/admin/rooms/guarded/close", OPERATOR + empty
                    + "X-Relay-Admin: 1\r\nOrigin: http://" + authority() + "\r\nSec-Fetch-Site: same-origin\r\n");
            assertEquals(200, closed.status(), closed.body());
        }
    }

    // --- admin API: password guessing ----------------------------------------------------------

    /** From a second loopback address, so that the other tests' logins from 127.0.0.1 go on. */
    @Test
    void wrongPasswordsFromOneAddressAreThrottledWhileOtherAddressesGoOn() throws Exception {
        InetAddress guesser = InetAddress.getByName("127.0.0.2");
        for (int i = 0; i < FAILED_LOGINS_ALLOWED; i++) {
            assertEquals(401, get(guesser, "api/admin/stats", WRONG_PASSWORD).status());
        }

        RawHttp.Response throttled = get(guesser, "api/admin/stats", WRONG_PASSWORD);
        RawHttp.Response evenTheRightOne = get(guesser, "api/admin/stats", OPERATOR);

        assertEquals(429, throttled.status());
        assertTrue(Integer.parseInt(throttled.header("Retry-After")) > 0, throttled.headers().toString());
        assertEquals(429, evenTheRightOne.status());
        assertEquals(200, get(null, "api/admin/stats", OPERATOR).status());
    }

    // --- admin API: pages ----------------------------------------------------------------------

    @Test
    void listsComeInPages() throws Exception {
        try (ChatClient ana = ChatClient.connect(endpoint(), "ana")) {
            join(ana, "paged-a");
            join(ana, "paged-b");

            JsonObject page = json(get(null, "api/admin/rooms?limit=1", OPERATOR));
            assertEquals(1, page.getJsonArray("rooms").size());
            assertTrue(page.getInt("count") >= 3, page.toString());
            JsonObject next = json(get(null, "api/admin/rooms?offset=1&limit=1", OPERATOR));
            assertFalse(page.getJsonArray("rooms").equals(next.getJsonArray("rooms")));
            assertEquals(400, get(null, "api/admin/rooms?limit=100000", OPERATOR).status());
            assertEquals(400, get(null, "api/admin/clients?offset=-1", OPERATOR).status());
            assertEquals(1, json(get(null, "api/admin/clients?limit=1", OPERATOR)).getJsonArray("clients").size());
        }
    }

    @Test
    void theWadlIsNotPublished() throws Exception {
        RawHttp.Response wadl = get(null, "api/application.wadl", "");
        assertEquals(404, wadl.status());
        assertFalse(wadl.body().contains("admin"), wadl.body());
    }

    // --- security headers ----------------------------------------------------------------------

    @Test
    void thePageHasAStrictContentSecurityPolicy() throws Exception {
        RawHttp.Response page = get(null, "", "");

        assertEquals(200, page.status());
        String policy = page.header("Content-Security-Policy");
        assertNotNull(policy, page.headers().toString());
        assertTrue(policy.startsWith("default-src 'self';"), policy);
        assertTrue(policy.contains("script-src 'self';") && policy.contains("style-src 'self';"), policy);
        assertTrue(policy.contains("connect-src 'self' ws://" + authority() + " wss://" + authority() + ";"), policy);
        assertTrue(policy.contains("frame-ancestors 'none'"), policy);
        assertCommonHeaders(page);
        assertNull(page.header("Strict-Transport-Security"), "HSTS over plain HTTP");
    }

    @Test
    void everyAnswerCarriesTheHeadersAndTheApiIsNeverCached() throws Exception {
        for (RawHttp.Response api : new RawHttp.Response[] {get(null, "api/metrics", ""),
            get(null, "api/admin/stats", OPERATOR), get(null, "api/admin/stats", ""), get(null, "api/nothing", "")}) {
            assertCommonHeaders(api);
            assertEquals("no-store", api.header("Cache-Control"), api.status() + " " + api.headers());
        }
        RawHttp.Response refused = handshake(authority(), "http://evil.example");
        assertEquals(403, refused.status());
        assertCommonHeaders(refused);
        assertCommonHeaders(get(null, "js/app.js", ""));
    }

    // --- handshake origins ---------------------------------------------------------------------

    @Test
    void aHandshakeFromAnotherSchemeOnTheSameHostAndPortIsRefused() throws Exception {
        assertEquals(101, handshake(authority(), "http://" + authority()).status());
        assertEquals(403, handshake(authority(), "https://" + authority()).status());
    }

    /** DNS rebinding: evil.example resolved to this server, so Host and Origin agree, but name another host. */
    @Test
    void aHandshakeUnderAHostNameTheServerDoesNotAnswerToIsRefused() throws Exception {
        int port = endpoint().getPort();
        assertEquals(403, handshake("evil.example:" + port, "http://evil.example:" + port).status());
        assertEquals(101, handshake("localhost:" + port, "http://localhost:" + port).status());
    }

    // --- helpers -------------------------------------------------------------------------------

    private static void assertCommonHeaders(RawHttp.Response response) {
        assertEquals("nosniff", response.header("X-Content-Type-Options"), response.status() + " " + response.headers());
        assertEquals("no-referrer", response.header("Referrer-Policy"), response.status() + " " + response.headers());
    }

    private String authority() {
        return endpoint().getHost() + ":" + endpoint().getPort();
    }

    private RawHttp.Response handshake(String host, String origin) throws IOException {
        return RawHttp.send(endpoint(), null, "GET " + endpoint().getRawPath() + " HTTP/1.1\r\nHost: " + host + "\r\n"
                + "Origin: " + origin + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n");
    }

    private RawHttp.Response get(InetAddress from, String path, String headers) throws IOException {
        return RawHttp.send(endpoint(), from, "GET " + path(path) + " HTTP/1.1\r\nHost: " + authority() + "\r\n" + headers);
    }

    private RawHttp.Response post(String path, String headers) throws IOException {
        return RawHttp.send(endpoint(), null, "POST " + path(path) + " HTTP/1.1\r\nHost: " + authority() + "\r\n" + headers);
    }

    private String path(String relative) {
        return URI.create(base.toString()).resolve(relative).getRawPath()
                + (relative.contains("?") ? "?" + relative.substring(relative.indexOf('?') + 1) : "");
    }

    private jakarta.json.JsonArray roomMembers(String room) throws IOException {
        return json(get(null, "api/admin/rooms/" + room, OPERATOR)).getJsonArray("members");
    }

    private static JsonObject json(RawHttp.Response response) {
        assertEquals(200, response.status(), response.body());
        return Json.createReader(new StringReader(response.body())).readObject();
    }
}
