package org.relaychat.connection;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The frames waiting for one client, sent one at a time. Any thread may {@link #offer}; offering
 * never blocks, and at most one frame is in flight on the transport, so the socket is never
 * written from two threads.
 *
 * <p>A client's backlog is what waits here plus what was handed to the container but not yet
 * confirmed read. Containers buffer writes of their own (Grizzly accepts megabytes before a send
 * completes), so a completed send proves nothing. Instead every ping carries the number of
 * characters handed over so far, and the client's pong echoes it back (RFC 6455 requires pongs to
 * echo the ping's data): everything up to that number has been read. A ping goes out after every
 * quarter of the bound, so a reader that stops is noticed within the bound whatever the
 * container buffers. Past the bound the queue refuses further frames and reports the overflow
 * once; its owner closes the connection.
 *
 * <p>A close can be queued like a frame: the frames before it still go out, then the socket closes,
 * and nothing offered after it is sent.
 *
 * <p>For a client that takes several events per frame ({@link Transport#batchChars} above 0), the
 * writer joins what is already waiting into one frame, events separated by {@code \n}, up to that
 * many characters; an event that finds nothing waiting goes out alone, at once. Containers whose
 * sends complete on the sending thread never build a backlog by themselves, so a delivery pass
 * {@link #queue}s to every recipient first and {@link #flush}es each afterwards: what reached a
 * client in the meantime goes out together.
 */
final class OutboundQueue {

    /** Queued in place of text to send a heartbeat ping through the same single writer. */
    static final String PING = new String("ping");
    /** Queued to close the socket once everything before it has been sent. */
    private static final String CLOSE = new String("close");

    private final Transport transport;
    private final int batchChars;
    private final int maxChars;
    private final long pingEvery;
    private final Runnable onOverflow;
    private final Queue<String> frames = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queuedChars = new AtomicInteger();
    private final AtomicLong handedChars = new AtomicLong();
    private final AtomicLong readChars = new AtomicLong();
    private final AtomicBoolean writing = new AtomicBoolean();
    private final AtomicBoolean overflowed = new AtomicBoolean();
    private volatile Closing closing;
    /**
     * The frame that goes out before anything queued (the welcome), set by {@link #release} while
     * the writer is held, and touched only by the writer after that.
     */
    private String ahead;
    /** Written by the single writer only. */
    private long handedAtLastPing;

    OutboundQueue(Transport transport, int maxChars, Runnable onOverflow) {
        this.transport = transport;
        this.batchChars = transport.batchChars();
        this.maxChars = maxChars;
        this.pingEvery = Math.max(1, maxChars / 4);
        this.onOverflow = onOverflow;
    }

    /** Queues a frame and writes it unless another thread is writing; false as for {@link #queue}. */
    boolean offer(String text) {
        boolean queued = queue(text);
        flush();
        return queued;
    }

    /**
     * Queues a frame without writing it: it goes out with the next {@link #flush} or offer.
     * False when the client is over its bound (and has been reported).
     */
    boolean queue(String text) {
        if (overflowed.get() || closing != null) {
            return false;
        }
        if (queuedChars.addAndGet(text.length()) + unconfirmedChars() > maxChars) {
            queuedChars.addAndGet(-text.length());
            if (overflowed.compareAndSet(false, true)) {
                onOverflow.run();
            }
            return false;
        }
        frames.add(text);
        return true;
    }

    /** Writes what is queued, unless another thread is writing (and so will write it). */
    void flush() {
        if (!frames.isEmpty() && writing.compareAndSet(false, true)) {
            writeFromQueue();
        }
    }

    /**
     * Takes the writer without writing: frames offered from now on wait until {@link #release}.
     * Only for a queue nobody else can reach yet, so that its first frame (the welcome) cannot go
     * out before the state it announces exists.
     */
    void hold() {
        if (!writing.compareAndSet(false, true)) {
            throw new IllegalStateException("the queue is already being written");
        }
    }

    /** Gives up the hold: {@code first} goes out, then what waited, in order, and later frames as usual. */
    void release(String first) {
        ahead = first;
        writeFromQueue();
    }

    /**
     * Closes the socket once the frames queued so far have been sent; frames offered from now on
     * are refused. Only the first request counts.
     */
    void closeAfterPending(CloseCode code, String reason) {
        if (closing != null) {
            return;
        }
        closing = new Closing(code, reason);
        // The close marker is not counted against the bound: a full queue still gets closed.
        frames.add(CLOSE);
        flush();
    }

    /** The client has read everything up to the mark carried by one of our pings. */
    void confirmRead(long mark) {
        readChars.accumulateAndGet(Math.min(mark, handedChars.get()), Math::max);
    }

    /** Characters waiting or not yet confirmed read. */
    int backlogChars() {
        return (int) Math.min(Integer.MAX_VALUE, queuedChars.get() + unconfirmedChars());
    }

    private long unconfirmedChars() {
        return handedChars.get() - readChars.get();
    }

    /**
     * Sends queued frames while this thread owns the writer. A send that completes on the calling
     * thread continues the loop here rather than recursing, so a fast socket cannot overflow the
     * stack; one that completes later continues from the completion callback.
     */
    private void writeFromQueue() {
        while (true) {
            String next = ahead;
            if (next != null) {
                ahead = null;
            } else {
                next = frames.poll();
                if (next == null) {
                    writing.set(false);
                    // A frame offered after the poll but before the release would otherwise wait.
                    if (frames.isEmpty() || !writing.compareAndSet(false, true)) {
                        return;
                    }
                    continue;
                }
                if (next == CLOSE) {
                    // The writer is never released again: nothing goes out after the close frame.
                    frames.clear();
                    queuedChars.set(0);
                    transport.close(closing.code(), closing.reason());
                    return;
                }
                queuedChars.addAndGet(-next.length());
                if (next == PING) {
                    ping();
                    continue;
                }
            }
            if (batchChars > 0) {
                next = joinWaiting(next);
            }
            long handed = handedChars.addAndGet(next.length());
            Completion completion = new Completion();
            transport.sendText(next, failure -> {
                if (failure != null) {
                    // The socket is gone: drop what waits; the close callback cleans up the rest.
                    frames.clear();
                    queuedChars.set(0);
                }
                if (completion.finishedLater()) {
                    writeFromQueue();
                }
            });
            if (handed - handedAtLastPing >= pingEvery) {
                ping();
            }
            if (completion.stillPending()) {
                return;
            }
        }
    }

    /**
     * The first frame with the frames waiting behind it, joined by {@code \n} while they fit in
     * {@link #batchChars}; pings and a close stay queued for the loop. Only the writer polls, so
     * what it peeks is what it polls.
     */
    private String joinWaiting(String first) {
        String following = frames.peek();
        if (!fitsAfter(first.length(), following)) {
            return first;
        }
        StringBuilder joined = new StringBuilder(Math.min(batchChars, first.length() * 4)).append(first);
        do {
            frames.poll();
            queuedChars.addAndGet(-following.length());
            joined.append('\n').append(following);
            following = frames.peek();
        } while (fitsAfter(joined.length(), following));
        return joined.toString();
    }

    private boolean fitsAfter(int length, String following) {
        return following != null && following != PING && following != CLOSE
                && length + 1 + following.length() <= batchChars;
    }

    private void ping() {
        handedAtLastPing = handedChars.get();
        transport.sendPing(handedAtLastPing);
    }

    private record Closing(CloseCode code, String reason) {
    }

    /** Who continues the loop after a send: the sender's thread, or the completion callback. */
    private static final class Completion {
        private static final int PENDING = 0;
        private static final int DONE_INLINE = 1;
        private static final int LEFT_TO_CALLBACK = 2;
        private final AtomicInteger state = new AtomicInteger(PENDING);

        /** Called by the callback: true when the sending thread has already moved on. */
        boolean finishedLater() {
            return !state.compareAndSet(PENDING, DONE_INLINE);
        }

        /** Called by the sender after handing the frame over: true when the callback will continue. */
        boolean stillPending() {
            return state.compareAndSet(PENDING, LEFT_TO_CALLBACK);
        }
    }
}
