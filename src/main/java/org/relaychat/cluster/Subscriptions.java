package org.relaychat.cluster;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The channels this node subscribes to, each for as long as something on the node needs it: a
 * room's while the room has members here, a user's while the user has connections here. Holders
 * are counted, so that the subscription comes with the first and goes with the last; each change
 * reaches the broker in the order of the counts (a leave and a join in quick succession end
 * subscribed), and a node receives only what some connection of its own is waiting for.
 */
final class Subscriptions {

    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    private final Broker broker;
    private final Duration timeout;
    private final Map<String, Interest> held = new ConcurrentHashMap<>();

    /** The holders of one channel, and when its subscription took effect. */
    private static final class Interest {
        private int holders = 1;
        private final CompletableFuture<Void> ready;

        private Interest(CompletableFuture<Void> ready) {
            this.ready = ready;
        }
    }

    /** {@code timeout}: how long a holder waits for the broker before it goes on regardless. */
    Subscriptions(Broker broker, Duration timeout) {
        this.broker = broker;
        this.timeout = timeout;
    }

    /**
     * One more holder of {@code channel}. The stage completes once what is published to the
     * channel reaches this node, or once the broker failed to confirm it (the next
     * {@link #renew} tries again), never with an exception.
     */
    CompletionStage<Void> hold(String channel) {
        return held.compute(channel, (name, interest) -> {
            if (interest == null) {
                return new Interest(subscribed(name));
            }
            interest.holders++;
            return interest;
        }).ready;
    }

    /** One holder fewer; the last one's release ends the subscription. */
    void release(String channel) {
        held.computeIfPresent(channel, (name, interest) -> {
            if (--interest.holders > 0) {
                return interest;
            }
            broker.unsubscribe(name);
            return null;
        });
    }

    /** Completes once {@code channel}'s subscription has taken effect; at once when nothing holds it. */
    CompletionStage<Void> ready(String channel) {
        Interest interest = held.get(channel);
        return interest == null ? DONE : interest.ready;
    }

    /**
     * Subscribes again to every channel held: after a connection to the broker, which knows
     * nothing of the subscriptions asked for while it could not be reached. Fails when the broker
     * does not confirm.
     */
    CompletionStage<Void> renew() {
        return held.isEmpty() ? DONE : broker.subscribe(held.keySet().toArray(String[]::new));
    }

    /** How many channels this node subscribes to. */
    int count() {
        return held.size();
    }

    private CompletableFuture<Void> subscribed(String channel) {
        return broker.subscribe(channel).toCompletableFuture()
                .handle((done, failed) -> (Void) null)
                .completeOnTimeout(null, timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
}
