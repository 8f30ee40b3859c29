package org.relaychat.connection;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Consumer;

/**
 * A transport for tests: completes every send at once, keeps what was sent and how it was
 * closed, and, once told whose, answers pings like a reader.
 */
public class RecordingTransport implements Transport {

    private final List<String> texts = Collections.synchronizedList(new ArrayList<>());
    private final List<CloseCode> closes = Collections.synchronizedList(new ArrayList<>());
    private final List<String> closesWithReasons = Collections.synchronizedList(new ArrayList<>());
    private volatile Runnable onClose = () -> { };
    private volatile Connection reader;
    private volatile long lastPing = -1;
    private volatile int framesAtClose = -1;
    private int read;

    /** Runs when the transport is closed, as the container's close callback would. */
    public void onClose(Runnable action) {
        onClose = action;
    }

    /** From now on pongs go to this connection, starting with any ping sent while it connected. */
    public RecordingTransport answerPingsOf(Connection connection) {
        reader = connection;
        if (lastPing >= 0) {
            connection.pongReceived(OptionalLong.of(lastPing));
        }
        return this;
    }

    @Override
    public void sendText(String text, Consumer<Throwable> done) {
        texts.add(text);
        done.accept(null);
    }

    @Override
    public void sendPing(long mark) {
        lastPing = mark;
        Connection connection = reader;
        if (connection != null) {
            connection.pongReceived(OptionalLong.of(mark));
        }
    }

    @Override
    public void close(CloseCode code, String reason) {
        framesAtClose = texts.size();
        closes.add(code);
        closesWithReasons.add(code.code() + " " + reason);
        onClose.run();
    }

    /** Every frame sent so far, read or not. */
    public List<String> texts() {
        synchronized (texts) {
            return List.copyOf(texts);
        }
    }

    /** Every event sent so far, read or not. */
    public List<JsonObject> events() {
        return texts().stream().map(RecordingTransport::parse).toList();
    }

    /** The events not read yet, which are then read. */
    public List<JsonObject> unread() {
        List<String> all = texts();
        List<JsonObject> unread = all.subList(read, all.size()).stream().map(RecordingTransport::parse).toList();
        read = all.size();
        return unread;
    }

    /** The names of the events not read yet, which are then read. */
    public List<String> unreadNames() {
        return unread().stream().map(event -> event.getString("event")).toList();
    }

    /** How many frames had been sent when the transport was last closed; -1 before any close. */
    public int framesAtClose() {
        return framesAtClose;
    }

    /** The code of each close. */
    public List<CloseCode> closes() {
        synchronized (closes) {
            return List.copyOf(closes);
        }
    }

    /** Each close as its code and reason, {@code "1001 server shutting down"}. */
    public List<String> closesWithReasons() {
        synchronized (closesWithReasons) {
            return List.copyOf(closesWithReasons);
        }
    }

    public static JsonObject parse(String text) {
        try (JsonReader reader = Json.createReader(new StringReader(text))) {
            return reader.readObject();
        }
    }
}
