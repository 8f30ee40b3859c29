package org.relaychat.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import jakarta.websocket.ClientEndpointConfig;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Names as they arrive from a browser, percent-encoded in the handshake: trimmed; emoji and
 * every script welcome; the server's own names, and those that deceive, refused with an error; a
 * name used with a browser's key kept for that key.
 */
class NamesIT extends DeployedServerTest {

    @ParameterizedTest
    @ValueSource(strings = {"👩\u200d💻", "😀", "Zoë", "محمد", "  padded  "})
    void printableNamesAreWelcomeAndTrimmed(String name) throws Exception {
        try (ChatClient client = ChatClient.connect(endpoint(), name)) {
            assertEquals(name.strip(), client.welcome().getString("user"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"Relay", "server", "SYSTEM", "admin", "\u202Eecila", "a\u200Bb", "\u200B"})
    void theServersNamesAndDeceivingOnesAreRefused(String name) throws Exception {
        try (ChatClient client = ChatClient.open(endpoint(), name)) {
            JsonObject error = client.await("error");
            assertEquals("bad_field", error.getString("code"));
            assertTrue(error.getString("message").contains("'name'"), error.toString());
            assertEquals(1008, client.awaitClose(ChatClient.TIMEOUT).getCloseCode().getCode());
        }
    }

    @Test
    void aNameUsedWithABrowsersKeyIsRefusedToEveryOtherBrowserAndToClientsWithoutAKey() throws Exception {
        String name = "kept-" + UUID.randomUUID().toString().substring(0, 8);
        String key = newKey();
        try (ChatClient owner = connect(name, key);
                ChatClient friend = ChatClient.connect(endpoint(), "friend-of-" + name)) {
            assertEquals(name, owner.welcome().getString("user"));
            friend.send("direct_message", "to", name, "message", "for your eyes only", "ref", "dm");
            friend.await(e -> "dm".equals(e.getString("ref", null)), "the direct message's ack");

            assertKeptForAnother(name, newKey());
            assertKeptForAnother(name, null);
        }
        assertKeptForAnother(name, newKey());
        try (ChatClient again = connect(name, key)) {
            again.send("history", "with", "friend-of-" + name, "ref", "h");
            JsonObject page = again.await(e -> "h".equals(e.getString("ref", null)), "history");
            assertEquals("for your eyes only", page.getJsonArray("messages").getJsonObject(0).getString("message"));
        }
    }

    @Test
    void aNameUsedWithoutAKeyIsKeptForNobodyUntilABrowserUsesItWithOne() throws Exception {
        String name = "open-" + UUID.randomUUID().toString().substring(0, 8);
        try (ChatClient first = ChatClient.connect(endpoint(), name);
                ChatClient second = ChatClient.connect(endpoint(), name)) {
            assertEquals(name, second.welcome().getString("user"));
        }
        String key = newKey();
        connect(name, key).close();
        assertKeptForAnother(name, null);
    }

    @ParameterizedTest
    @ValueSource(strings = {"short", "has spaces and is long enough to pass", "padded+with+plus+signs+that+are+not+base64url"})
    void aKeyNoBrowserMakesIsRefused(String key) throws Exception {
        String name = "badkey-" + UUID.randomUUID().toString().substring(0, 8);
        try (ChatClient client = open(name, key)) {
            JsonObject error = client.await("error");
            assertEquals("bad_field", error.getString("code"));
            assertTrue(error.getString("message").contains("'key'"), error.toString());
            assertEquals(1008, client.awaitClose(ChatClient.TIMEOUT).getCloseCode().getCode());
        }
    }

    private void assertKeptForAnother(String name, String key) throws Exception {
        try (ChatClient client = open(name, key)) {
            JsonObject error = client.await("error");
            assertEquals("forbidden", error.getString("code"), error.toString());
            assertTrue(error.getString("message").contains("kept for the browser"), error.toString());
            assertEquals(1008, client.awaitClose(ChatClient.TIMEOUT).getCloseCode().getCode());
        }
    }

    private ChatClient connect(String name, String key) throws Exception {
        return ChatClient.connectTo(uri(name, key), ClientEndpointConfig.Builder.create().build());
    }

    private ChatClient open(String name, String key) throws Exception {
        return ChatClient.openTo(uri(name, key), ClientEndpointConfig.Builder.create().build());
    }

    private URI uri(String name, String key) {
        return URI.create(endpoint() + "?name=" + name
                + (key == null ? "" : "&key=" + URLEncoder.encode(key, StandardCharsets.UTF_8)));
    }

    /** What the web client makes: 32 random bytes in base64url. */
    private static String newKey() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
