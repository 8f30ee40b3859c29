package org.relaychat.connection;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;

/** Records what is sent; completes at once unless told to hold sends for the test to finish. */
final class HoldingTransport implements Transport {
    private final int batchChars;
    volatile boolean holdNext;
    volatile boolean holdAll;
    volatile Consumer<Long> onPing = mark -> { };
    private final List<String> log = Collections.synchronizedList(new ArrayList<>());
    private final Queue<Consumer<Throwable>> held = new ConcurrentLinkedQueue<>();
    volatile Runnable beforeSend = () -> { };

    HoldingTransport() {
        this(0);
    }

    /** A transport whose client takes up to {@code batchChars} characters of events per frame. */
    HoldingTransport(int batchChars) {
        this.batchChars = batchChars;
    }

    @Override
    public int batchChars() {
        return batchChars;
    }

    @Override
    public void sendText(String text, Consumer<Throwable> done) {
        beforeSend.run();
        log.add("text:" + text);
        if (holdAll || holdNext) {
            holdNext = false;
            held.add(done);
        } else {
            done.accept(null);
        }
    }

    @Override
    public void sendPing(long mark) {
        log.add("ping:" + mark);
        onPing.accept(mark);
    }

    @Override
    public void close(CloseCode code, String reason) {
        log.add("close:" + code.code() + " " + reason);
    }

    /** Completes the held sends, which may send (and complete) the frames behind them. */
    void completeHeld() {
        for (Consumer<Throwable> done; (done = held.poll()) != null; ) {
            done.accept(null);
        }
    }

    void failHeld(Throwable failure) {
        for (Consumer<Throwable> done; (done = held.poll()) != null; ) {
            done.accept(failure);
        }
    }

    List<String> log() {
        synchronized (log) {
            return List.copyOf(log);
        }
    }

    List<String> texts() {
        return log().stream().filter(entry -> entry.startsWith("text:")).map(entry -> entry.substring(5)).toList();
    }

    List<Long> pingMarks() {
        return log().stream().filter(entry -> entry.startsWith("ping:"))
                .map(entry -> Long.parseLong(entry.substring(5))).toList();
    }
}
