package org.relaychat.chat;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Consumer;
import org.relaychat.connection.CloseCode;
import org.relaychat.connection.Connection;
import org.relaychat.connection.Transport;

/** A transport that completes every send at once, keeps frames and closes, and answers pings like a reader. */
final class FrameRecorder implements Transport {

    private final List<String> frames = Collections.synchronizedList(new ArrayList<>());
    private final List<CloseCode> closes = Collections.synchronizedList(new ArrayList<>());
    private volatile Connection reader;
    private volatile long lastPing = -1;
    private volatile int framesAtClose = -1;
    private int read;

    @Override
    public void sendText(String text, Consumer<Throwable> done) {
        frames.add(text);
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

    /** From now on pongs go to this connection, starting with any ping sent while it connected. */
    FrameRecorder answerPingsOf(Connection connection) {
        reader = connection;
        if (lastPing >= 0) {
            connection.pongReceived(OptionalLong.of(lastPing));
        }
        return this;
    }

    @Override
    public void close(CloseCode code, String reason) {
        framesAtClose = frames.size();
        closes.add(code);
    }

    /** How many frames had been sent when the transport was last closed; -1 before any close. */
    int framesAtClose() {
        return framesAtClose;
    }

    List<String> frames() {
        synchronized (frames) {
            return List.copyOf(frames);
        }
    }

    /** Every event sent so far, read or not. */
    List<JsonObject> events() {
        return frames().stream().map(FrameRecorder::parse).toList();
    }

    /** The events not read yet, which are then read. */
    List<JsonObject> unread() {
        List<String> all = frames();
        List<JsonObject> unread = all.subList(read, all.size()).stream().map(FrameRecorder::parse).toList();
        read = all.size();
        return unread;
    }

    /** The names of the events not read yet, which are then read. */
    List<String> unreadNames() {
        return unread().stream().map(event -> event.getString("event")).toList();
    }

    List<CloseCode> closes() {
        return List.copyOf(closes);
    }

    static JsonObject parse(String text) {
        try (JsonReader reader = Json.createReader(new StringReader(text))) {
            return reader.readObject();
        }
    }
}
