package org.relaychat.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private final Backoff cut = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30), 3);

    @Test
    void waitsBetweenHalfAndAllOfTheDoubledCeiling() {
        assertEquals(Duration.ofMillis(250), cut.delay(0, () -> 0.0));
        assertEquals(Duration.ofMillis(499), cut.delay(0, () -> 0.999));
        assertEquals(Duration.ofMillis(1000), cut.delay(2, () -> 0.0));
        assertEquals(Duration.ofMillis(1500), cut.delay(2, () -> 0.5));
    }

    @Test
    void neverWaitsLongerThanTheCapEvenAfterManyAttempts() {
        assertEquals(Duration.ofSeconds(15), cut.delay(10, () -> 0.0));
        assertEquals(Duration.ofSeconds(30), cut.delay(80, () -> 1.0));
    }

    @Test
    void stopsAfterMaxAttemptsUnlessUnlimited() {
        assertTrue(cut.allows(2));
        assertFalse(cut.allows(3));
        assertTrue(Backoff.DEFAULT.allows(1_000));
    }
}
