package org.relaychat.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * A frame that announces 5 MiB, over Tyrus's 4 MiB input buffer, which Tyrus used to fill before
 * it looked at the size and then closed with 1011 and a stack trace. Only its first 128 KiB are
 * sent: the server must close with 1009 without waiting for the rest. On Payara only: WildFly 39's
 * Undertow reads a text frame whole whatever the size limit (UNDERTOW-2770, fixed in later
 * Undertow releases) and then gets {@code too_large} from Relay, as RobustnessIT checks.
 */
class HugeFrameIT extends DeployedServerTest {

    @Test
    void aFrameLargerThanTheContainersInputBufferIsClosedWith1009BeforeItIsRead() throws Exception {
        try (RawWebSocket huge = new RawWebSocket(URI.create(endpoint() + "?name=huge"), 65536);
                ChatClient other = ChatClient.connect(endpoint(), "bystander")) {
            byte[] start = ("{\"event\":\"message\",\"message\":\"" + "x".repeat(128 * 1024))
                    .getBytes(StandardCharsets.UTF_8);
            huge.startText(5L * 1024 * 1024, start);
            assertEquals(1009, huge.awaitClose());
            other.send("message", "message", "unaffected");
            assertEquals("unaffected", other.await("echo").getString("original_message"));
        }
    }
}
