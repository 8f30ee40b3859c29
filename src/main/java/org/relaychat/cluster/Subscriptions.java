package org.relaychat.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The channels this node subscribes to, each for as long as something on the node needs it: a
 * room's while the room has members here, a user's while the user has connections here. Holders
 * are counted, so that the subscription comes with the first and goes with the last, and a node
 * receives only what some connection of its own is waiting for.
 *
 * <p>What the node wants and what the broker has are kept apart, and the broker is brought to the
 * wanted state in batches, one at a time: a burst of joins becomes a few commands instead of one
 * per join, a leave and a join in quick succession send nothing, and a command that fails or times
 * out leaves its channels to be sent again, so the two cannot drift apart for good. With a command
 * per change, a burst of thousands would queue past the command timeout, and a command that times
 * out before it is written is never sent: the node would keep channels nobody holds and miss rooms
 * it has members in.
 */
final class Subscriptions {

    /** Channels in one command: large enough for a burst, small enough for a quick reply. */
    static final int BATCH = 256;

    private final Broker broker;
    private final Duration timeout;
    private final Map<String, Interest> held = new ConcurrentHashMap<>();

    // Guarded by this: the channels the broker confirmed, those it may or may not have (their
    // command failed, or the connection is new), and those that may differ from what is held.
    private final Set<String> confirmed = new HashSet<>();
    private final Set<String> uncertain = new HashSet<>();
    private final Set<String> changed = new LinkedHashSet<>();
    /** The changes being sent, until none is left; null when nothing is being sent. */
    private CompletableFuture<Void> sending;

    /** The holders of one channel, and when its subscription took effect. */
    private static final class Interest {
        private int holders = 1;
        private final CompletableFuture<Void> ready = new CompletableFuture<>();
    }

    /** {@code timeout}: how long a holder waits for the broker before it goes on regardless. */
    Subscriptions(Broker broker, Duration timeout) {
        this.broker = broker;
        this.timeout = timeout;
    }

    /**
     * One more holder of {@code channel}. The stage completes once what is published to the
     * channel reaches this node, or once the broker failed to confirm it or the timeout passed (it
     * is sent again until the broker does), never with an exception.
     */
    CompletionStage<Void> hold(String channel) {
        boolean[] first = new boolean[1];
        Interest interest = held.compute(channel, (name, existing) -> {
            first[0] = existing == null;
            if (first[0]) {
                return new Interest();
            }
            existing.holders++;
            return existing;
        });
        if (first[0]) {
            interest.ready.completeOnTimeout(null, timeout.toMillis(), TimeUnit.MILLISECONDS);
            changed(channel);
        }
        return interest.ready;
    }

    /** One holder fewer; the last one's release ends the subscription. */
    void release(String channel) {
        boolean[] last = new boolean[1];
        held.computeIfPresent(channel, (name, interest) -> {
            last[0] = --interest.holders == 0;
            return last[0] ? null : interest;
        });
        if (last[0]) {
            changed(channel);
        }
    }

    /** Completes once {@code channel}'s subscription has taken effect; at once when nothing holds it. */
    CompletionStage<Void> ready(String channel) {
        Interest interest = held.get(channel);
        return interest == null ? CompletableFuture.completedFuture(null) : interest.ready;
    }

    /**
     * Subscribes again to every channel held, and drops those the broker has that nobody holds:
     * after a connection to the broker, which may have lost the subscriptions or kept some. Fails
     * when the broker does not confirm; what it did not confirm is sent again with the next change
     * or {@link #retry}.
     */
    CompletionStage<Void> renew() {
        synchronized (this) {
            uncertain.addAll(confirmed);
            uncertain.addAll(held.keySet());
            changed.addAll(uncertain);
        }
        return send();
    }

    /** Sends what a failed command left unsent; nothing when the broker has what is held. */
    void retry() {
        send();
    }

    /** How many channels this node subscribes to. */
    int count() {
        return held.size();
    }

    private void changed(String channel) {
        synchronized (this) {
            changed.add(channel);
        }
        send();
    }

    /**
     * Starts sending the changes unless that is under way. The stage completes once the broker has
     * what is held, and fails with the first command that failed.
     */
    private CompletionStage<Void> send() {
        CompletableFuture<Void> started;
        synchronized (this) {
            if (sending != null) {
                return sending;
            }
            started = new CompletableFuture<>();
            sending = started;
        }
        sendNext(started);
        return started;
    }

    /** Sends the next batch of changes, then the one after, until none is left or one fails. */
    private void sendNext(CompletableFuture<Void> sent) {
        List<String> subscribe = new ArrayList<>();
        List<String> unsubscribe = new ArrayList<>();
        List<String> alreadyThere = new ArrayList<>();
        synchronized (this) {
            Iterator<String> next = changed.iterator();
            while (next.hasNext() && subscribe.size() + unsubscribe.size() < BATCH) {
                String channel = next.next();
                next.remove();
                boolean wanted = held.containsKey(channel);
                boolean unsure = uncertain.contains(channel);
                if (wanted && (unsure || !confirmed.contains(channel))) {
                    subscribe.add(channel);
                } else if (!wanted && (unsure || confirmed.contains(channel))) {
                    unsubscribe.add(channel);
                } else if (wanted) {
                    // Released and held again before anything was sent.
                    alreadyThere.add(channel);
                }
            }
            if (subscribe.isEmpty() && unsubscribe.isEmpty()) {
                sending = null;
            }
        }
        completeReady(alreadyThere);
        if (subscribe.isEmpty() && unsubscribe.isEmpty()) {
            sent.complete(null);
            return;
        }
        CompletableFuture<Void> subscribed = command(subscribe, broker::subscribe);
        CompletableFuture<Void> unsubscribed = command(unsubscribe, broker::unsubscribe);
        CompletableFuture.allOf(subscribed, unsubscribed).whenComplete((done, failed) -> {
            synchronized (this) {
                settled(subscribe, subscribed, confirmed::addAll);
                settled(unsubscribe, unsubscribed, confirmed::removeAll);
                if (failed != null) {
                    sending = null;
                }
            }
            // Refused or unconfirmed, the holders go on regardless rather than wait for a broker
            // that may be away: they get what other nodes send once a later attempt succeeds.
            completeReady(subscribe);
            if (failed != null) {
                // Sending again at once would spin while the broker is away: the failed
                // channels wait for the next change or retry.
                sent.completeExceptionally(failed);
            } else {
                sendNext(sent);
            }
        });
    }

    /**
     * Records what a command did: on success, {@code record}; on failure the channels may be
     * either way at the broker, and both commands can be repeated harmlessly, so they are sent
     * again as the holders then want.
     */
    private void settled(List<String> channels, CompletableFuture<Void> command, Consumer<List<String>> record) {
        if (command.isCompletedExceptionally()) {
            uncertain.addAll(channels);
            changed.addAll(channels);
        } else {
            uncertain.removeAll(channels);
            record.accept(channels);
        }
    }

    private static CompletableFuture<Void> command(List<String> channels,
            Function<String[], CompletionStage<Void>> command) {
        return channels.isEmpty() ? CompletableFuture.completedFuture(null)
                : command.apply(channels.toArray(String[]::new)).toCompletableFuture();
    }

    private void completeReady(List<String> channels) {
        for (String channel : channels) {
            Interest interest = held.get(channel);
            if (interest != null) {
                interest.ready.complete(null);
            }
        }
    }
}
