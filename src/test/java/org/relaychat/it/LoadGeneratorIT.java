package org.relaychat.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.relaychat.bench.LoadGenerator;

/** The load generator of the benchmark, in tiny runs against the built WAR: each scenario delivers. */
class LoadGeneratorIT extends DeployedServerTest {

    private static final Map<String, String> SHORT = Map.of("warmup", "0.2", "seconds", "1", "sources", "2");

    @Test
    void holdsItsConnections() throws Exception {
        JsonObject result = LoadGenerator.run(endpoint(), "hold", Map.of("clients", "40", "hold", "0", "sources", "2"));

        assertEquals(40, result.getInt("held"), result::toString);
        assertEquals(0, result.getInt("failed"), result::toString);
    }

    @Test
    void roomFanOutDeliversEveryMessage() throws Exception {
        JsonObject result = LoadGenerator.run(endpoint(), "rooms",
                with(Map.of("rooms", "2", "members", "5", "publishers", "1", "rate", "100")));

        assertDelivered(result);
    }

    @Test
    void broadcastDeliversEveryMessage() throws Exception {
        JsonObject result = LoadGenerator.run(endpoint(), "broadcast",
                with(Map.of("clients", "6", "publishers", "2", "rate", "50")));

        assertDelivered(result);
    }

    private static Map<String, String> with(Map<String, String> options) {
        Map<String, String> all = new HashMap<>(SHORT);
        all.putAll(options);
        return all;
    }

    private static void assertDelivered(JsonObject result) {
        assertTrue(result.getJsonNumber("delivered_measured").longValue() > 0, result::toString);
        assertEquals(0, result.getJsonNumber("lost").longValue(), result::toString);
    }
}
