package org.relaychat.client;

import jakarta.json.Json;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * One server event: its name and a typed view of the fields every event shares. Other fields are
 * read from {@link #json()}, named as in docs/protocol.md.
 */
public record RelayEvent(String type, JsonObject json) {

    /** The subprotocol under which one frame may hold several events, one per line. */
    public static final String BATCH_PROTOCOL = "relay.batch";

    /** The events of one frame: one, or several separated by {@code \n} under {@code relay.batch}. */
    public static List<RelayEvent> parseFrame(String frame) {
        List<RelayEvent> events = new ArrayList<>();
        // JSON text never holds a raw newline, so a line is always a whole event.
        for (String line : frame.split("\n")) {
            if (!line.isBlank()) {
                events.add(of(Json.createReader(new StringReader(line)).readObject()));
            }
        }
        return events;
    }

    public static RelayEvent of(JsonObject json) {
        return new RelayEvent(json.getString("event", ""), json);
    }

    /** A string field, or {@code null} when absent or not a string. */
    public String string(String name) {
        JsonValue value = json.get(name);
        return value instanceof JsonString text ? text.getString() : null;
    }

    public String ref() {
        return string("ref");
    }

    public String room() {
        return string("room");
    }

    public String user() {
        return string("user");
    }

    public String message() {
        return string("message");
    }

    /** The stored message's id, of a {@code room_message}, {@code direct_message}, {@code read} or {@code ack}. */
    public OptionalLong id() {
        JsonValue value = json.get("id");
        return value instanceof JsonNumber number ? OptionalLong.of(number.longValue()) : OptionalLong.empty();
    }

    /** The messages of a {@code history} page, oldest first, each shaped as the live event. */
    public List<RelayEvent> messages() {
        return json.containsKey("messages")
                ? json.getJsonArray("messages").getValuesAs(JsonObject.class).stream().map(RelayEvent::of).toList()
                : List.of();
    }

    @Override
    public String toString() {
        return json.toString();
    }
}
