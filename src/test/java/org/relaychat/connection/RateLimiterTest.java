package org.relaychat.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.relaychat.connection.RateLimiter.Verdict;

class RateLimiterTest {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
    private static final long MILLI = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long START = 1_000 * SECOND;

    private RateLimiter cut;

    @Test
    void burstIsAllowedThenFramesAreLimited() {
        cut = new RateLimiter(20, 50, 50, START);
        for (int i = 0; i < 50; i++) {
            assertEquals(Verdict.ALLOWED, cut.acquire(START), "frame " + i);
        }
        assertEquals(Verdict.LIMITED, cut.acquire(START));
    }

    @Test
    void tokensRefillAtTheSustainedRate() {
        cut = new RateLimiter(20, 50, 1_000, START);
        drain(START, 50);
        // 20 per second: one token every 50 ms.
        assertEquals(Verdict.LIMITED, cut.acquire(START + MILLI * 49));
        assertEquals(Verdict.ALLOWED, cut.acquire(START + MILLI * 51));
        assertEquals(Verdict.LIMITED, cut.acquire(START + MILLI * 51));
        long later = START + MILLI * 51 + SECOND;
        for (int i = 0; i < 20; i++) {
            assertEquals(Verdict.ALLOWED, cut.acquire(later), "frame " + i);
        }
        assertEquals(Verdict.LIMITED, cut.acquire(later));
    }

    @Test
    void refillNeverExceedsTheBurst() {
        cut = new RateLimiter(20, 5, 1_000, START);
        drain(START, 5);
        long muchLater = START + 3_600 * SECOND;
        for (int i = 0; i < 5; i++) {
            assertEquals(Verdict.ALLOWED, cut.acquire(muchLater));
        }
        assertEquals(Verdict.LIMITED, cut.acquire(muchLater));
    }

    @Test
    void sustainedRateIsAllowedIndefinitely() {
        cut = new RateLimiter(20, 1, 3, START);
        for (int i = 1; i <= 10_000; i++) {
            assertEquals(Verdict.ALLOWED, cut.acquire(START + i * MILLI * 51), "frame " + i);
        }
    }

    @Test
    void runOfMaxStrikesRefusalsIsAbusive() {
        cut = new RateLimiter(20, 2, 3, START);
        drain(START, 2);
        assertEquals(Verdict.LIMITED, cut.acquire(START));
        assertEquals(Verdict.LIMITED, cut.acquire(START));
        assertEquals(Verdict.ABUSIVE, cut.acquire(START));
    }

    @Test
    void aPauseLongerThanItTakesToEarnAFrameEndsTheRunOfStrikes() {
        cut = new RateLimiter(20, 1, 3, START);
        drain(START, 1);
        assertEquals(Verdict.LIMITED, cut.acquire(START));
        assertEquals(Verdict.LIMITED, cut.acquire(START));
        long refilled = START + SECOND;
        assertEquals(Verdict.ALLOWED, cut.acquire(refilled));
        assertEquals(Verdict.LIMITED, cut.acquire(refilled));
        assertEquals(Verdict.LIMITED, cut.acquire(refilled));
        assertEquals(Verdict.ABUSIVE, cut.acquire(refilled));
    }

    @Test
    void refusalsFasterThanTheRateStayARunThoughFramesGetThroughInBetween() {
        cut = new RateLimiter(20, 1, 120, START);
        drain(START, 1);
        // 1,000 frames a second: the bucket lets one in every 50 ms, the rest are refused in one run.
        int allowed = 0;
        Verdict verdict = Verdict.LIMITED;
        long now = START;
        while (verdict != Verdict.ABUSIVE) {
            now += MILLI;
            verdict = cut.acquire(now);
            allowed += verdict == Verdict.ALLOWED ? 1 : 0;
        }
        assertEquals(2, allowed);
        assertEquals(122, (now - START) / MILLI, 2);
    }

    @Test
    void refusalsFurtherApartThanItTakesToEarnAFrameAreNeverAbusive() {
        cut = new RateLimiter(20, 1, 2, START);
        drain(START, 1);
        for (int i = 1; i <= 1_000; i++) {
            // Two frames every 60 ms: one earned, one refused; never a run of two refusals.
            long now = START + i * 60 * MILLI;
            assertEquals(Verdict.ALLOWED, cut.acquire(now), "frame " + i);
            assertEquals(Verdict.LIMITED, cut.acquire(now), "frame " + i);
        }
    }

    @Test
    void zeroPerSecondMeansUnlimited() {
        cut = new RateLimiter(0, 1, 1, START);
        for (int i = 0; i < 100_000; i++) {
            assertEquals(Verdict.ALLOWED, cut.acquire(START));
        }
    }

    @Test
    void burstBelowOneStillAllowsOneFrame() {
        cut = new RateLimiter(1, 0, 5, START);
        assertEquals(Verdict.ALLOWED, cut.acquire(START));
        assertEquals(Verdict.LIMITED, cut.acquire(START));
    }

    @Test
    void nanoTimeNearItsWrapAroundStillRefills() {
        long nearWrap = Long.MAX_VALUE - SECOND / 100;
        cut = new RateLimiter(20, 1, 10, nearWrap);
        assertEquals(Verdict.ALLOWED, cut.acquire(nearWrap));
        assertEquals(Verdict.LIMITED, cut.acquire(nearWrap));
        // System.nanoTime() may overflow; differences stay right.
        assertEquals(Verdict.ALLOWED, cut.acquire(nearWrap + SECOND));
    }

    /** Spends a full bucket; the frames are allowed, so no strike is counted. */
    private void drain(long now, int burst) {
        for (int i = 0; i < burst; i++) {
            assertEquals(Verdict.ALLOWED, cut.acquire(now), "frame " + i + " of the burst");
        }
    }
}
