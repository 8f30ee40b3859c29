package org.relaychat.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SubscriptionsTest {

    /** The commands a broker was given, in order, each answered when the test says so. */
    private static final class Commands implements Broker {
        final List<String> sent = new ArrayList<>();
        final List<CompletableFuture<Void>> pending = new ArrayList<>();

        @Override
        public CompletionStage<?> publish(String channel, String text) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletionStage<Void> subscribe(String... channels) {
            return command("subscribe", channels);
        }

        @Override
        public CompletionStage<Void> unsubscribe(String... channels) {
            return command("unsubscribe", channels);
        }

        private CompletionStage<Void> command(String name, String... channels) {
            sent.add(name + " " + String.join(" ", channels));
            CompletableFuture<Void> answer = new CompletableFuture<>();
            pending.add(answer);
            return answer;
        }

        /** Confirms the oldest command not yet answered. */
        void confirm() {
            oldest().complete(null);
        }

        /** Fails the oldest command not yet answered, as a command that timed out unsent would. */
        void fail() {
            oldest().completeExceptionally(new IllegalStateException("Command timed out after 2 second(s)"));
        }

        private CompletableFuture<Void> oldest() {
            return pending.stream().filter(answer -> !answer.isDone()).findFirst().orElseThrow();
        }
    }

    private final Commands broker = new Commands();
    private final Subscriptions cut = new Subscriptions(broker, Duration.ofSeconds(30));

    @Test
    void subscribesWithTheFirstHolderAndUnsubscribesAfterTheLast() {
        cut.hold("room:dev");
        cut.hold("room:dev");
        cut.release("room:dev");
        broker.confirm();
        assertEquals(List.of("subscribe room:dev"), broker.sent);
        assertEquals(1, cut.count());

        cut.release("room:dev");
        assertEquals(List.of("subscribe room:dev", "unsubscribe room:dev"), broker.sent);
        assertEquals(0, cut.count());
    }

    @Test
    void aBurstOfChangesGoesOutInBatchesOneAtATime() {
        int channels = 2 * Subscriptions.BATCH + 10;
        IntStream.range(0, channels).forEach(i -> cut.hold("room:r" + i));

        assertEquals(1, broker.sent.size(), "the first hold went out, the rest waits for its answer");
        for (int answered = 0; answered < 4; answered++) {
            broker.confirm();
        }

        assertEquals(List.of(1, Subscriptions.BATCH, Subscriptions.BATCH, 9),
                broker.sent.stream().map(command -> command.split(" ").length - 1).toList());
        assertTrue(cut.ready("room:r" + (channels - 1)).toCompletableFuture().isDone());
    }

    @Test
    void aJoinAndALeaveWhileACommandIsOutSendNothing() {
        cut.hold("room:dev");
        cut.hold("room:brief");
        cut.release("room:brief");
        broker.confirm();

        assertEquals(List.of("subscribe room:dev"), broker.sent);
    }

    @Test
    void aLeaveAndAJoinInQuickSuccessionEndSubscribed() {
        cut.hold("room:dev");
        broker.confirm();
        cut.release("room:dev");
        CompletableFuture<Void> back = cut.hold("room:dev").toCompletableFuture();
        assertFalse(back.isDone(), "ready before the unsubscribe under way was undone");

        broker.confirm();
        broker.confirm();

        assertEquals(List.of("subscribe room:dev", "unsubscribe room:dev", "subscribe room:dev"), broker.sent);
        assertTrue(back.isDone());
        assertEquals(1, cut.count());
    }

    @Test
    void everyHolderIsReadyOnceTheBrokerConfirms() {
        CompletableFuture<Void> first = cut.hold("room:dev").toCompletableFuture();
        CompletableFuture<Void> second = cut.hold("room:dev").toCompletableFuture();
        assertFalse(first.isDone());
        assertFalse(cut.ready("room:dev").toCompletableFuture().isDone());

        broker.confirm();

        assertTrue(first.isDone() && second.isDone());
        assertTrue(cut.ready("room:dev").toCompletableFuture().isDone());
    }

    @Test
    void aFailedSubscribeLetsTheHoldersGoOnAndIsSentAgainOnRetry() {
        CompletableFuture<Void> held = cut.hold("room:dev").toCompletableFuture();
        broker.fail();
        assertTrue(held.isDone() && !held.isCompletedExceptionally());
        assertEquals(1, broker.sent.size(), "a failure is not sent again at once");

        cut.retry();

        assertEquals(List.of("subscribe room:dev", "subscribe room:dev"), broker.sent);
    }

    @Test
    void aFailedUnsubscribeIsSentAgainOnRetry() {
        cut.hold("room:dev");
        broker.confirm();
        cut.release("room:dev");
        broker.fail();

        cut.retry();

        assertEquals(List.of("subscribe room:dev", "unsubscribe room:dev", "unsubscribe room:dev"), broker.sent);
    }

    @Test
    void aChannelWhoseSubscribeFailedIsUnsubscribedOnceNobodyHoldsIt() {
        cut.hold("room:dev");
        broker.fail();
        cut.release("room:dev");

        assertEquals(List.of("subscribe room:dev", "unsubscribe room:dev"), broker.sent,
                "the failed subscribe may have reached the broker");
    }

    @Test
    void aRenewalSubscribesToEveryHeldChannelAgain() {
        cut.hold("room:dev");
        cut.hold("user:ana");
        broker.confirm();
        broker.confirm();

        CompletableFuture<Void> renewed = cut.renew().toCompletableFuture();
        assertFalse(renewed.isDone());
        broker.confirm();

        String last = broker.sent.get(broker.sent.size() - 1);
        assertEquals(Set.of("subscribe", "room:dev", "user:ana"), Set.of(last.split(" ")));
        assertTrue(renewed.isDone() && !renewed.isCompletedExceptionally());
    }

    @Test
    void aRenewalFailsWhenTheBrokerDoesNot() {
        cut.hold("room:dev");
        broker.confirm();

        CompletableFuture<Void> renewed = cut.renew().toCompletableFuture();
        broker.fail();

        assertTrue(renewed.isCompletedExceptionally());
    }

    @Test
    void aChannelNobodyHoldsIsReadyAtOnce() {
        assertTrue(cut.ready("room:nobody").toCompletableFuture().isDone());
    }
}
