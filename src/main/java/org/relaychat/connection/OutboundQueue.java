package org.relaychat.connection;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The frames waiting for one client, sent one at a time. Any thread may {@link #offer}; offering
 * never blocks, and at most one frame is in flight on the transport, so the socket is never
 * written from two threads. When the queued text passes its bound the client is not keeping up:
 * the queue refuses further frames and reports the overflow once, and its owner closes it.
 */
final class OutboundQueue {

    /** Queued in place of text to send a ping through the same single writer. */
    static final String PING = new String("ping");

    private final Transport transport;
    private final int maxChars;
    private final Runnable onOverflow;
    private final Queue<String> frames = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queuedChars = new AtomicInteger();
    private final AtomicBoolean writing = new AtomicBoolean();
    private final AtomicBoolean overflowed = new AtomicBoolean();

    OutboundQueue(Transport transport, int maxChars, Runnable onOverflow) {
        this.transport = transport;
        this.maxChars = maxChars;
        this.onOverflow = onOverflow;
    }

    /** Queues a frame; false when the client is over its bound (and has been reported). */
    boolean offer(String text) {
        if (overflowed.get()) {
            return false;
        }
        if (queuedChars.addAndGet(text.length()) > maxChars) {
            queuedChars.addAndGet(-text.length());
            if (overflowed.compareAndSet(false, true)) {
                onOverflow.run();
            }
            return false;
        }
        frames.add(text);
        if (writing.compareAndSet(false, true)) {
            writeFromQueue();
        }
        return true;
    }

    /** Characters waiting, the one in flight included. */
    int queuedChars() {
        return queuedChars.get();
    }

    /**
     * Sends queued frames while this thread owns the writer. A send that completes on the calling
     * thread continues the loop here rather than recursing, so a fast socket cannot overflow the
     * stack; one that completes later continues from the completion callback.
     */
    private void writeFromQueue() {
        while (true) {
            String next = frames.poll();
            if (next == null) {
                writing.set(false);
                // A frame offered after the poll but before the release would otherwise wait.
                if (frames.isEmpty() || !writing.compareAndSet(false, true)) {
                    return;
                }
                continue;
            }
            if (next == PING) {
                queuedChars.addAndGet(-next.length());
                transport.sendPing();
                continue;
            }
            Completion completion = new Completion();
            transport.sendText(next, failure -> {
                queuedChars.addAndGet(-next.length());
                if (failure != null) {
                    // The socket is gone: drop what waits; the close callback cleans up the rest.
                    frames.clear();
                }
                if (completion.finishedLater()) {
                    writeFromQueue();
                }
            });
            if (completion.stillPending()) {
                return;
            }
        }
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
