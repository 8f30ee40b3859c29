package org.relaychat.cluster;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import java.io.StringReader;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.relaychat.delivery.Envelope;

/**
 * Envelopes as JSON text on the Redis channel, each with the node that sent it:
 * {@code {"node":"a1","audience":"room","room":"general","id":42,"frame":"{...}"}}.
 */
final class EnvelopeCodec {

    /** An envelope and the node it came from. */
    record Received(String node, Envelope envelope) {
    }

    private EnvelopeCodec() {
    }

    static String encode(String node, Envelope envelope) {
        JsonObjectBuilder json = Json.createObjectBuilder()
                .add("node", node)
                .add("audience", envelope.audience().name().toLowerCase(Locale.ROOT));
        if (envelope.room() != null) {
            json.add("room", envelope.room());
        }
        if (!envelope.users().isEmpty()) {
            JsonArrayBuilder users = Json.createArrayBuilder();
            envelope.users().forEach(users::add);
            json.add("users", users);
        }
        if (envelope.isStoredMessage()) {
            json.add("id", envelope.messageId());
        }
        if (envelope.roomsUpTo() > 0) {
            json.add("rooms_up_to", envelope.roomsUpTo());
        }
        return json.add("frame", envelope.frame()).build().toString();
    }

    /** Reads one envelope; {@link IllegalArgumentException} when the text is not one. */
    static Received decode(String text) {
        try (JsonReader reader = Json.createReader(new StringReader(text))) {
            JsonObject json = reader.readObject();
            Envelope.Audience audience = Envelope.Audience.valueOf(
                    json.getString("audience").toUpperCase(Locale.ROOT));
            Set<String> users = json.containsKey("users")
                    ? json.getJsonArray("users").getValuesAs(JsonString.class).stream()
                            .map(JsonString::getString).collect(Collectors.toSet())
                    : Set.of();
            long id = json.containsKey("id") ? json.getJsonNumber("id").longValueExact() : 0;
            return new Received(json.getString("node"),
                    new Envelope(audience, json.getString("room", null), users, id, json.getString("frame"),
                            json.getInt("rooms_up_to", 0)));
        } catch (JsonException | ClassCastException | NullPointerException | ArithmeticException e) {
            throw new IllegalArgumentException("not an envelope: " + e.getMessage(), e);
        }
    }
}
