package org.relaychat.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.relaychat.config.DefaultLimits;

/** The writer side of the subprotocol {@code relay.batch}: what waits goes out joined, up to a cap. */
class BatchedFramesTest {

    private static final int NO_BOUND = Integer.MAX_VALUE;

    @Test
    void aLoneEventGoesOutAtOnceAndAlone() {
        HoldingTransport transport = new HoldingTransport(1_000);
        OutboundQueue queue = new OutboundQueue(transport, NO_BOUND, () -> { });

        queue.offer(event(1));

        assertEquals(List.of(event(1)), transport.texts());
    }

    @Test
    void eventsThatWaitedBehindASendSplitBackIntoTheSameEventsInOrder() {
        HoldingTransport transport = new HoldingTransport(1_000);
        OutboundQueue queue = new OutboundQueue(transport, NO_BOUND, () -> { });
        List<String> events = IntStream.range(0, 1_000).mapToObj(BatchedFramesTest::event).toList();

        transport.holdNext = true;
        events.forEach(queue::offer);
        transport.completeHeld();

        List<String> frames = transport.texts();
        assertEquals(events, split(frames));
        assertEquals(event(0), frames.get(0), "the first event found nothing waiting and went alone");
        assertTrue(frames.size() < 40, "1,000 events of about 30 characters in frames of 1,000: " + frames.size());
        frames.forEach(frame -> assertTrue(frame.length() <= 1_000, frame.length() + " characters"));
    }

    @Test
    void noFrameOfSeveralEventsExceedsTheCapAndALongerEventGoesAlone() {
        int cap = 100;
        HoldingTransport transport = new HoldingTransport(cap);
        OutboundQueue queue = new OutboundQueue(transport, NO_BOUND, () -> { });
        Random random = new Random(42);
        List<String> events = IntStream.range(0, 2_000)
                .mapToObj(i -> "{\"n\":" + i + ",\"t\":\"" + "x".repeat(random.nextInt(150)) + "\"}").toList();

        transport.holdNext = true;
        events.forEach(queue::offer);
        transport.completeHeld();

        List<String> frames = transport.texts();
        assertEquals(events, split(frames));
        for (String frame : frames) {
            if (frame.contains("\n")) {
                assertTrue(frame.length() <= cap, "a joined frame of " + frame.length() + " characters");
            }
        }
        assertTrue(frames.stream().anyMatch(frame -> frame.length() > cap), "some events alone exceed the cap");
        assertTrue(frames.stream().anyMatch(frame -> frame.contains("\n")), "some frames joined several events");
    }

    @Test
    void queuedEventsGoOutTogetherWhenFlushed() {
        HoldingTransport batching = new HoldingTransport(1_000);
        HoldingTransport plain = new HoldingTransport(0);
        OutboundQueue batched = new OutboundQueue(batching, NO_BOUND, () -> { });
        OutboundQueue single = new OutboundQueue(plain, NO_BOUND, () -> { });

        for (int i = 0; i < 3; i++) {
            batched.queue(event(i));
            single.queue(event(i));
        }
        assertEquals(List.of(), batching.texts(), "queued, not written yet");

        batched.flush();
        single.flush();

        assertEquals(List.of(event(0) + "\n" + event(1) + "\n" + event(2)), batching.texts());
        assertEquals(List.of(event(0), event(1), event(2)), plain.texts(), "without relay.batch: one event per frame");
    }

    @Test
    void pingsAndTheCloseAreNeverJoinedIntoText() {
        HoldingTransport transport = new HoldingTransport(1_000);
        OutboundQueue queue = new OutboundQueue(transport, NO_BOUND, () -> { });

        transport.holdNext = true;
        queue.offer(event(0));
        queue.offer(event(1));
        queue.offer(OutboundQueue.PING);
        queue.offer(event(2));
        queue.offer(event(3));
        queue.closeAfterPending(CloseCode.GOING_AWAY, "bye");
        transport.completeHeld();

        assertEquals(List.of("text:" + event(0), "text:" + event(1), "ping:" + (event(0) + event(1)).length(),
                "text:" + event(2) + "\n" + event(3), "close:1001 bye"), transport.log());
    }

    @Test
    void aDeliveryQueuesToEveryRecipientBeforeWritingToAny() {
        HoldingTransport first = new HoldingTransport(1_000);
        HoldingTransport second = new HoldingTransport(1_000);
        Connection a = new Connection("a", "ann", first, DefaultLimits.limits(), slow -> { });
        Connection b = new Connection("b", "bob", second, DefaultLimits.limits(), slow -> { });
        List<Integer> backlogOfBWhenAWasWritten = new ArrayList<>();
        first.beforeSend = () -> backlogOfBWhenAWasWritten.add(b.backlogChars());

        int recipients = Connection.sendToEach(List.of(a, b), event(7), null);

        assertEquals(2, recipients);
        assertEquals(List.of(event(7).length()), backlogOfBWhenAWasWritten);
        assertEquals(List.of(event(7)), first.texts());
        assertEquals(List.of(event(7)), second.texts());
    }

    @Test
    void aDeliverySkipsTheSenderAndClosedConnections() {
        HoldingTransport sender = new HoldingTransport(0);
        HoldingTransport closed = new HoldingTransport(0);
        HoldingTransport member = new HoldingTransport(0);
        Connection from = new Connection("s", "sam", sender, DefaultLimits.limits(), slow -> { });
        Connection gone = new Connection("g", "gil", closed, DefaultLimits.limits(), slow -> { });
        Connection to = new Connection("m", "meg", member, DefaultLimits.limits(), slow -> { });
        gone.markClosed();

        assertEquals(1, Connection.sendToEach(List.of(from, gone, to), event(1), from));

        assertEquals(List.of(), sender.texts());
        assertEquals(List.of(), closed.texts());
        assertEquals(List.of(event(1)), member.texts());
    }

    private static String event(int n) {
        return "{\"event\":\"room_message\",\"id\":" + n + "}";
    }

    private static List<String> split(List<String> frames) {
        return frames.stream().flatMap(frame -> Arrays.stream(frame.split("\n", -1))).toList();
    }
}
