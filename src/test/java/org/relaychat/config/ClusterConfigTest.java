package org.relaychat.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ClusterConfigTest {

    @Test
    void readsTheModeWhateverItsCase() {
        assertEquals(ClusterConfig.Mode.REDIS, config(" Redis ", Optional.of("n1"), 15).mode());
    }

    @Test
    void namesEachNodeAnewUnlessConfigured() {
        assertEquals("n1", config("local", Optional.of("n1"), 15).nodeId());
        assertNotEquals(config("local", Optional.empty(), 15).nodeId(), config("local", Optional.empty(), 15).nodeId());
        assertNotEquals("", config("local", Optional.of("  "), 15).nodeId());
    }

    @Test
    void refusesWhatCannotWork() {
        assertThrows(IllegalArgumentException.class, () -> config("hazelcast", Optional.empty(), 15));
        assertThrows(IllegalArgumentException.class, () -> config("redis", Optional.of("a|b"), 15));
        assertThrows(IllegalArgumentException.class, () -> config("redis", Optional.empty(), 2));
    }

    private static ClusterConfig config(String mode, Optional<String> nodeId, long ttlSeconds) {
        return new ClusterConfig(mode, "redis://127.0.0.1:6379", nodeId, ttlSeconds, "relay");
    }
}
