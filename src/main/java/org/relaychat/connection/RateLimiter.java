package org.relaychat.connection;

/**
 * A token bucket per connection: {@code perSecond} frames sustained, {@code burst} at once. A
 * frame over the limit is refused; a run of refused frames with no pause in between is abuse. A
 * pause is a gap between two refusals longer than it takes to earn a frame: a client flooding
 * faster than that stays in its run even though the bucket lets a frame through now and then.
 */
public final class RateLimiter {

    public enum Verdict { ALLOWED, LIMITED, ABUSIVE }

    private final double perNano;
    private final double burst;
    private final int maxStrikes;
    private final double nanosPerToken;
    private double tokens;
    private long refilledAt;
    private int strikes;
    private long lastRefusedAt;

    RateLimiter(double perSecond, int burst, int maxStrikes, long nowNanos) {
        this.perNano = perSecond / 1e9;
        this.burst = Math.max(1, burst);
        this.maxStrikes = maxStrikes;
        this.nanosPerToken = perSecond > 0 ? 1e9 / perSecond : 0;
        this.tokens = this.burst;
        this.refilledAt = nowNanos;
    }

    synchronized Verdict acquire(long nowNanos) {
        if (perNano <= 0) {
            return Verdict.ALLOWED;
        }
        tokens = Math.min(burst, tokens + (nowNanos - refilledAt) * perNano);
        refilledAt = nowNanos;
        if (tokens >= 1) {
            tokens -= 1;
            return Verdict.ALLOWED;
        }
        strikes = strikes > 0 && nowNanos - lastRefusedAt <= nanosPerToken ? strikes + 1 : 1;
        lastRefusedAt = nowNanos;
        return strikes >= maxStrikes ? Verdict.ABUSIVE : Verdict.LIMITED;
    }
}
