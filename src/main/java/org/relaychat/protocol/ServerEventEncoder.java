package org.relaychat.protocol;

import jakarta.json.Json;
import jakarta.json.stream.JsonGenerator;
import jakarta.json.stream.JsonGeneratorFactory;
import jakarta.websocket.Encoder;
import java.io.StringWriter;
import java.util.Map;

/**
 * Writes server events as JSON text. Fan-out encodes an event once and hands the same text to
 * every recipient, so this runs once per event, never once per member.
 */
public class ServerEventEncoder implements Encoder.Text<ServerEvent> {

    private static final JsonGeneratorFactory GENERATORS = Json.createGeneratorFactory(Map.of());

    @Override
    public String encode(ServerEvent event) {
        return toJson(event);
    }

    public static String toJson(ServerEvent event) {
        StringWriter out = new StringWriter(128);
        try (JsonGenerator json = GENERATORS.createGenerator(out)) {
            json.writeStartObject();
            event.writeFields(json);
            json.writeEnd();
        }
        return out.toString();
    }
}
