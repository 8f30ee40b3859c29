package org.relaychat.security;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

class HourlyQuotaTest {

    private Instant now = Instant.parse("2026-01-01T00:00:00Z");

    private final Clock clock = new Clock() {
        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    };

    @Test
    void aKeyGetsTheAllowanceOncePerHourAndOthersTheirOwn() {
        HourlyQuota quota = new HourlyQuota(2, clock);
        assertTrue(quota.tryTake("ana"));
        assertTrue(quota.tryTake("ana"));
        assertFalse(quota.tryTake("ana"));
        assertTrue(quota.tryTake("bob"));

        now = now.plus(Duration.ofMinutes(59));
        assertFalse(quota.tryTake("ana"));
        now = now.plus(Duration.ofMinutes(1));
        assertTrue(quota.tryTake("ana"));
    }

    @Test
    void zeroTurnsTheCapOff() {
        HourlyQuota quota = new HourlyQuota(0, clock);
        for (int i = 0; i < 1_000; i++) {
            assertTrue(quota.tryTake("ana"));
        }
    }
}
