package org.relaychat.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

class SubscriptionsTest {

    /** The commands a broker was given, in order, each confirmed when the test says so. */
    private static final class Commands implements Broker {
        final List<String> sent = new ArrayList<>();
        final List<CompletableFuture<Void>> pending = new ArrayList<>();

        @Override
        public CompletionStage<?> publish(String channel, String text) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletionStage<Void> subscribe(String... channels) {
            sent.add("subscribe " + String.join(" ", channels));
            CompletableFuture<Void> confirmation = new CompletableFuture<>();
            pending.add(confirmation);
            return confirmation;
        }

        @Override
        public CompletionStage<Void> unsubscribe(String... channels) {
            sent.add("unsubscribe " + String.join(" ", channels));
            return CompletableFuture.completedFuture(null);
        }
    }

    private final Commands broker = new Commands();
    private final Subscriptions cut = new Subscriptions(broker, Duration.ofSeconds(30));

    @Test
    void subscribesWithTheFirstHolderAndUnsubscribesAfterTheLast() {
        cut.hold("room:dev");
        cut.hold("room:dev");
        cut.release("room:dev");
        assertEquals(List.of("subscribe room:dev"), broker.sent);
        assertEquals(1, cut.count());

        cut.release("room:dev");
        assertEquals(List.of("subscribe room:dev", "unsubscribe room:dev"), broker.sent);
        assertEquals(0, cut.count());
    }

    @Test
    void aLeaveAndAJoinInQuickSuccessionEndSubscribed() {
        cut.hold("room:dev");
        cut.release("room:dev");
        cut.hold("room:dev");

        assertEquals(List.of("subscribe room:dev", "unsubscribe room:dev", "subscribe room:dev"), broker.sent);
        assertEquals(1, cut.count());
    }

    @Test
    void everyHolderIsReadyOnceTheBrokerConfirms() {
        CompletableFuture<Void> first = cut.hold("room:dev").toCompletableFuture();
        CompletableFuture<Void> second = cut.hold("room:dev").toCompletableFuture();
        assertFalse(first.isDone());
        assertFalse(cut.ready("room:dev").toCompletableFuture().isDone());

        broker.pending.get(0).complete(null);

        assertTrue(first.isDone() && second.isDone());
        assertTrue(cut.ready("room:dev").toCompletableFuture().isDone());
    }

    @Test
    void aRefusedSubscriptionLetsTheHoldersGoOnAndIsRenewedLater() {
        CompletableFuture<Void> held = cut.hold("room:dev").toCompletableFuture();
        broker.pending.get(0).completeExceptionally(new IllegalStateException("not connected"));
        assertTrue(held.isDone() && !held.isCompletedExceptionally());

        cut.renew();

        assertEquals(List.of("subscribe room:dev", "subscribe room:dev"), broker.sent);
    }

    @Test
    void aChannelNobodyHoldsIsReadyAtOnce() {
        assertTrue(cut.ready("room:nobody").toCompletableFuture().isDone());
    }
}
