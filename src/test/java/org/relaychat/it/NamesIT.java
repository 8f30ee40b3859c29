package org.relaychat.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Names as they arrive from a browser, percent-encoded in the handshake: trimmed; emoji and
 * every script welcome; the server's own names, and those that deceive, refused with an error.
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
}
