package org.relaychat.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OutboundQueueTest {

    private static final int NO_BOUND = Integer.MAX_VALUE;

    private final AtomicInteger overflows = new AtomicInteger();
    private final ExecutorService completer = Executors.newFixedThreadPool(4);
    private final ExecutorService producers = Executors.newFixedThreadPool(8);

    private OutboundQueue cut;

    @AfterEach
    void stopThreads() {
        completer.shutdownNow();
        producers.shutdownNow();
    }

    // --- order and the single writer ------------------------------------------------------

    @Test
    void framesAreSentInOrderOneAtATime() throws Exception {
        CheckingTransport transport = new CheckingTransport(10_000);
        cut = new OutboundQueue(transport, NO_BOUND, overflows::incrementAndGet);

        for (int i = 0; i < 10_000; i++) {
            assertTrue(cut.offer("frame-" + i));
        }

        transport.awaitAll();
        assertEquals(IntStream.range(0, 10_000).mapToObj(i -> "frame-" + i).toList(), transport.texts());
        transport.assertOneWriter();
        assertEquals(0, overflows.get());
    }

    @Test
    void aHeldQueueSendsNothingUntilReleasedThenItsFirstFrameAndEverythingInOrder() {
        RecordingTransport transport = new RecordingTransport();
        cut = new OutboundQueue(transport, NO_BOUND, overflows::incrementAndGet);

        cut.hold();
        assertTrue(cut.offer("broadcast"));
        assertTrue(cut.offer("user_joined"));
        assertEquals(List.of(), transport.texts());

        cut.release("welcome");
        assertTrue(cut.offer("after"));
        assertEquals(List.of("welcome", "broadcast", "user_joined", "after"), transport.texts());
    }

    @Test
    void manyProducersNeverHaveTwoFramesInFlightAndKeepEachProducersOrder() throws Exception {
        int perProducer = 5_000;
        int producerCount = 8;
        CheckingTransport transport = new CheckingTransport(perProducer * producerCount);
        cut = new OutboundQueue(transport, NO_BOUND, overflows::incrementAndGet);

        offerConcurrently(producerCount, perProducer);

        transport.awaitAll();
        transport.assertOneWriter();
        assertEachProducersOrder(transport.texts(), producerCount, perProducer);
        assertEquals(0, overflows.get());
    }

    @Test
    void pingsOfferedByOtherThreadsGoThroughTheSameSingleWriter() throws Exception {
        int perProducer = 5_000;
        int producerCount = 8;
        CheckingTransport transport = new CheckingTransport(perProducer * producerCount);
        cut = new OutboundQueue(transport, NO_BOUND, overflows::incrementAndGet);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> running = new ArrayList<>();
        for (int p = 0; p < producerCount; p++) {
            String producer = "p" + p + ":";
            running.add(producers.submit(() -> {
                start.await();
                for (int i = 0; i < perProducer; i++) {
                    if (i % 100 == 0) {
                        assertTrue(cut.offer(OutboundQueue.PING));
                    }
                    assertTrue(cut.offer(producer + i));
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> producer : running) {
            producer.get(30, TimeUnit.SECONDS);
        }

        transport.awaitAll();
        transport.assertOneWriter();
        assertEquals(producerCount * perProducer / 100, transport.pings.get());
        assertEachProducersOrder(transport.texts(), producerCount, perProducer);
    }

    @Test
    void inlineCompletionOfAHundredThousandQueuedFramesDoesNotOverflowTheStack() throws Exception {
        HoldingTransport transport = new HoldingTransport();
        cut = new OutboundQueue(transport, NO_BOUND, overflows::incrementAndGet);
        transport.holdNext = true;
        cut.offer("frame-0");
        for (int i = 1; i < 100_000; i++) {
            cut.offer("frame-" + i);
        }
        assertEquals(1, transport.texts().size(), "frames were sent while the first was in flight");

        // Run on a thread with a small stack: sending the backlog must loop, not recurse.
        Thread releaser = new Thread(null, transport::completeHeld, "releaser", 256 * 1024);
        Throwable[] failure = new Throwable[1];
        releaser.setUncaughtExceptionHandler((thread, error) -> failure[0] = error);
        releaser.start();
        releaser.join(TimeUnit.SECONDS.toMillis(30));

        assertFalse(releaser.isAlive());
        assertNull(failure[0]);
        List<String> texts = transport.texts();
        assertEquals(100_000, texts.size());
        for (int i = 0; i < texts.size(); i++) {
            assertEquals("frame-" + i, texts.get(i));
        }
    }

    // --- pings -----------------------------------------------------------------------------

    @Test
    void pingSentinelIsSentThroughSendPingInItsPlace() {
        HoldingTransport transport = new HoldingTransport();
        cut = new OutboundQueue(transport, NO_BOUND, overflows::incrementAndGet);
        transport.holdNext = true;
        cut.offer("a");
        cut.offer(OutboundQueue.PING);
        cut.offer("b");
        cut.offer(new String("ping"));
        assertEquals(List.of("text:a"), transport.log());

        transport.completeHeld();

        assertEquals(List.of("text:a", "ping:1", "text:b", "text:ping"), transport.log());
    }

    @Test
    void pingOnAnIdleQueueIsSentAtOnce() {
        HoldingTransport transport = new HoldingTransport();
        cut = new OutboundQueue(transport, NO_BOUND, overflows::incrementAndGet);

        cut.offer(OutboundQueue.PING);
        cut.offer("after");

        assertEquals(List.of("ping:0", "text:after"), transport.log());
    }

    @Test
    void pingMarksCountTheCharactersHandedOver() {
        HoldingTransport transport = new HoldingTransport();
        cut = new OutboundQueue(transport, 400, overflows::incrementAndGet);

        for (int i = 0; i < 10; i++) {
            cut.offer("x".repeat(60));
        }

        List<Long> marks = transport.pingMarks();
        assertFalse(marks.isEmpty(), "no ping after 600 characters with a bound of 400");
        for (int i = 0; i < marks.size(); i++) {
            assertEquals(0, marks.get(i) % 60, "a mark falls on a frame boundary");
            assertTrue(i == 0 || marks.get(i) > marks.get(i - 1), "marks increase");
        }
    }

    // --- backlog and overflow --------------------------------------------------------------

    @Test
    void backlogCountsFramesUntilTheClientConfirmsReadingThem() {
        HoldingTransport transport = new HoldingTransport();
        cut = new OutboundQueue(transport, NO_BOUND, overflows::incrementAndGet);
        transport.holdNext = true;
        cut.offer("abc");
        cut.offer("de");
        assertEquals(5, cut.backlogChars());

        transport.completeHeld();
        assertEquals(5, cut.backlogChars(), "a completed send is not proof the client read it");

        cut.confirmRead(3);
        assertEquals(2, cut.backlogChars());
        cut.confirmRead(5);
        assertEquals(0, cut.backlogChars());
    }

    @Test
    void confirmationsCannotGoBackOrBeyondWhatWasSent() {
        HoldingTransport transport = new HoldingTransport();
        cut = new OutboundQueue(transport, NO_BOUND, overflows::incrementAndGet);
        cut.offer("0123456789");

        cut.confirmRead(1_000);
        assertEquals(0, cut.backlogChars());
        cut.offer("abc");
        assertEquals(3, cut.backlogChars(), "a mark beyond what was sent confirms nothing later");
        cut.confirmRead(4);
        assertEquals(3, cut.backlogChars(), "an older mark confirms nothing new");
    }

    @Test
    void overflowPastMaxCharsIsReportedOnceAndRefusesFurtherFrames() {
        HoldingTransport transport = new HoldingTransport();
        transport.holdAll = true;
        cut = new OutboundQueue(transport, 10, overflows::incrementAndGet);

        assertTrue(cut.offer("12345"));
        assertTrue(cut.offer("67890"));
        assertEquals(0, overflows.get());
        assertFalse(cut.offer("x"));
        assertEquals(1, overflows.get());
        assertFalse(cut.offer("y"));
        assertFalse(cut.offer(""));
        assertEquals(1, overflows.get());
        assertEquals(10, cut.backlogChars());

        transport.holdAll = false;
        transport.completeHeld();
        cut.confirmRead(10);
        assertFalse(cut.offer("z"), "an overflowed queue stays closed even once the client catches up");
        assertEquals(List.of("12345", "67890"), transport.texts());
        assertEquals(1, overflows.get());
    }

    @Test
    void readerThatStopsIsCutOffEvenWhenEverySendCompletes() {
        // Containers buffer writes: sends complete at once although the client reads nothing.
        HoldingTransport transport = new HoldingTransport();
        cut = new OutboundQueue(transport, 1_000, overflows::incrementAndGet);

        int accepted = 0;
        while (cut.offer("0123456789") && accepted < 10_000) {
            accepted++;
        }

        assertEquals(100, accepted);
        assertEquals(1, overflows.get());
        assertEquals(100, transport.texts().size());
    }

    @Test
    void readerThatKeepsConfirmingIsNeverCutOff() {
        HoldingTransport transport = new HoldingTransport();
        cut = new OutboundQueue(transport, 1_000, overflows::incrementAndGet);
        transport.onPing = cut::confirmRead;

        for (int i = 0; i < 10_000; i++) {
            assertTrue(cut.offer("0123456789"), "frame " + i);
        }

        assertEquals(0, overflows.get());
        assertEquals(10_000, transport.texts().size());
        assertTrue(cut.backlogChars() < 1_000);
    }

    @Test
    void overflowFromManyThreadsAtOnceIsReportedExactlyOnce() throws Exception {
        HoldingTransport transport = new HoldingTransport();
        transport.holdAll = true;
        cut = new OutboundQueue(transport, 1_000, overflows::incrementAndGet);
        CountDownLatch start = new CountDownLatch(1);
        AtomicInteger accepted = new AtomicInteger();

        List<Future<?>> running = new ArrayList<>();
        for (int p = 0; p < 8; p++) {
            running.add(producers.submit(() -> {
                start.await();
                for (int i = 0; i < 1_000; i++) {
                    if (cut.offer("0123456789")) {
                        accepted.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> producer : running) {
            producer.get(30, TimeUnit.SECONDS);
        }

        assertEquals(1, overflows.get());
        assertTrue(accepted.get() <= 100, "accepted " + accepted.get() + " frames of 10 chars under a bound of 1000");
        assertTrue(cut.backlogChars() <= 1_000);
    }

    // --- closing after the queue -----------------------------------------------------------

    @Test
    void closeAfterPendingSendsWhatIsQueuedFirstThenCloses() {
        HoldingTransport transport = new HoldingTransport();
        cut = new OutboundQueue(transport, NO_BOUND, overflows::incrementAndGet);
        transport.holdNext = true;
        cut.offer("a");
        cut.offer("b");
        cut.offer("c");

        cut.closeAfterPending(CloseCode.GOING_AWAY, "bye");
        assertEquals(List.of("text:a"), transport.log());

        transport.completeHeld();
        assertEquals(List.of("text:a", "text:b", "text:c", "close:1001 bye"), transport.log());
    }

    @Test
    void closeAfterPendingOnAnIdleQueueClosesAtOnceAndRefusesLaterFrames() {
        HoldingTransport transport = new HoldingTransport();
        cut = new OutboundQueue(transport, NO_BOUND, overflows::incrementAndGet);

        cut.closeAfterPending(CloseCode.GOING_AWAY, "bye");
        cut.closeAfterPending(CloseCode.POLICY_VIOLATION, "again");

        assertFalse(cut.offer("late"));
        assertEquals(List.of("close:1001 bye"), transport.log());
        assertEquals(0, overflows.get());
    }

    @Test
    void closeAfterPendingStillClosesAQueueOverItsBound() {
        HoldingTransport transport = new HoldingTransport();
        cut = new OutboundQueue(transport, 10, overflows::incrementAndGet);
        transport.holdNext = true;
        cut.offer("0123456789");
        assertFalse(cut.offer("x"));

        cut.closeAfterPending(CloseCode.GOING_AWAY, "bye");
        transport.completeHeld();

        assertEquals(List.of("text:0123456789", "ping:10", "close:1001 bye"), transport.log());
    }

    // --- failures --------------------------------------------------------------------------

    @Test
    void failedSendDropsTheFramesQueuedBehindIt() {
        HoldingTransport transport = new HoldingTransport();
        cut = new OutboundQueue(transport, NO_BOUND, overflows::incrementAndGet);
        transport.holdNext = true;
        cut.offer("a");
        cut.offer("bb");
        cut.offer(OutboundQueue.PING);
        cut.offer("ccc");

        transport.failHeld(new IOException("connection reset"));

        assertEquals(List.of("text:a"), transport.log());
        assertTrue(cut.backlogChars() <= "a".length(), "dropped frames still counted: " + cut.backlogChars());
        assertEquals(0, overflows.get());
    }

    @Test
    void failedSendCompletedFromAnotherThreadDropsTheRest() throws Exception {
        HoldingTransport transport = new HoldingTransport();
        cut = new OutboundQueue(transport, NO_BOUND, overflows::incrementAndGet);
        transport.holdNext = true;
        cut.offer("a");
        cut.offer("b");

        completer.submit(() -> transport.failHeld(new IOException("broken pipe"))).get(10, TimeUnit.SECONDS);

        assertEquals(List.of("a"), transport.texts());
        assertTrue(cut.backlogChars() <= "a".length());
    }

    private void offerConcurrently(int producerCount, int perProducer) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> running = new ArrayList<>();
        for (int p = 0; p < producerCount; p++) {
            String producer = "p" + p + ":";
            running.add(producers.submit(() -> {
                start.await();
                for (int i = 0; i < perProducer; i++) {
                    assertTrue(cut.offer(producer + i));
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> producer : running) {
            producer.get(30, TimeUnit.SECONDS);
        }
    }

    private static void assertEachProducersOrder(List<String> sent, int producerCount, int perProducer) {
        assertEquals(perProducer * producerCount, sent.size());
        for (int p = 0; p < producerCount; p++) {
            String producer = "p" + p + ":";
            List<Integer> order = sent.stream().filter(frame -> frame.startsWith(producer))
                    .map(frame -> Integer.parseInt(frame.substring(producer.length()))).toList();
            assertEquals(IntStream.range(0, perProducer).boxed().toList(), order, producer);
        }
    }

    /**
     * Completes each send either at once or from another thread, at random. Records the most text
     * frames it ever had in flight, and the most calls ever inside its methods at once.
     */
    private final class CheckingTransport implements Transport {
        final AtomicInteger pings = new AtomicInteger();
        private final AtomicInteger textsInFlight = new AtomicInteger();
        private final AtomicInteger mostTextsInFlight = new AtomicInteger();
        private final AtomicInteger callers = new AtomicInteger();
        private final AtomicInteger mostCallers = new AtomicInteger();
        private final List<String> sent = Collections.synchronizedList(new ArrayList<>());
        private final CountDownLatch completed;

        CheckingTransport(int expected) {
            completed = new CountDownLatch(expected);
        }

        @Override
        public void sendText(String text, Consumer<Throwable> done) {
            enter();
            try {
                mostTextsInFlight.accumulateAndGet(textsInFlight.incrementAndGet(), Math::max);
                sent.add(text);
                Runnable complete = () -> {
                    textsInFlight.decrementAndGet();
                    completed.countDown();
                    done.accept(null);
                };
                if (ThreadLocalRandom.current().nextBoolean()) {
                    completer.execute(complete);
                } else {
                    complete.run();
                }
            } finally {
                exit();
            }
        }

        @Override
        public void sendPing(long mark) {
            enter();
            try {
                pings.incrementAndGet();
            } finally {
                exit();
            }
        }

        @Override
        public void close(CloseCode code, String reason) {
        }

        private void enter() {
            mostCallers.accumulateAndGet(callers.incrementAndGet(), Math::max);
        }

        private void exit() {
            callers.decrementAndGet();
        }

        void awaitAll() throws InterruptedException {
            assertTrue(completed.await(30, TimeUnit.SECONDS), "frames left unsent: " + completed.getCount());
        }

        void assertOneWriter() {
            assertEquals(1, mostTextsInFlight.get(), "sendText was called while another text frame was in flight");
            assertEquals(1, mostCallers.get(), "two threads used the transport at once");
        }

        List<String> texts() {
            synchronized (sent) {
                return List.copyOf(sent);
            }
        }
    }
}
