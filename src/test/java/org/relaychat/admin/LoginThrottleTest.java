package org.relaychat.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {

    private static final Instant START = Instant.parse("2026-01-01T10:00:00Z");

    private final LoginThrottle cut = new LoginThrottle(3);

    @Test
    void anAddressMayFailAFewTimesAMinuteThenWaitsForTheMinuteToEnd() {
        for (int i = 0; i < 3; i++) {
            assertEquals(Duration.ZERO, cut.waitFor("192.0.2.1", START));
            cut.failed("192.0.2.1", START);
        }

        assertEquals(Duration.ofSeconds(40), cut.waitFor("192.0.2.1", START.plusSeconds(20)));
        assertEquals(Duration.ZERO, cut.waitFor("192.0.2.2", START.plusSeconds(20)));
        assertEquals(Duration.ZERO, cut.waitFor("192.0.2.1", START.plusSeconds(60)));
        cut.failed("192.0.2.1", START.plusSeconds(60));
        assertEquals(Duration.ZERO, cut.waitFor("192.0.2.1", START.plusSeconds(61)));
    }

    @Test
    void zeroTurnsTheLimitOff() {
        LoginThrottle off = new LoginThrottle(0);
        for (int i = 0; i < 100; i++) {
            off.failed("192.0.2.1", START);
        }
        assertEquals(Duration.ZERO, off.waitFor("192.0.2.1", START));
    }
}
