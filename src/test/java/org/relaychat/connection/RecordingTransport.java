package org.relaychat.connection;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;

/** A transport for tests: keeps what was sent and how it was closed; sends complete at once. */
public final class RecordingTransport implements Transport {

    private final List<String> texts = Collections.synchronizedList(new ArrayList<>());
    private final List<String> closes = Collections.synchronizedList(new ArrayList<>());
    private volatile Runnable onClose = () -> { };

    /** Runs when the transport is closed, as the container's close callback would. */
    public void onClose(Runnable action) {
        onClose = action;
    }

    @Override
    public void sendText(String text, Consumer<Throwable> done) {
        texts.add(text);
        done.accept(null);
    }

    @Override
    public void sendPing(long mark) {
    }

    @Override
    public void close(CloseCode code, String reason) {
        closes.add(code.code() + " " + reason);
        onClose.run();
    }

    public List<String> texts() {
        synchronized (texts) {
            return List.copyOf(texts);
        }
    }

    /** Each close as its code and reason, {@code "1001 server shutting down"}. */
    public List<String> closes() {
        synchronized (closes) {
            return List.copyOf(closes);
        }
    }
}
