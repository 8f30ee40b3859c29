package org.relaychat.history;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.util.List;
import org.relaychat.files.Attachment;

/** A message's files as its row keeps them: a JSON array, or null for none. */
final class AttachmentsColumn {

    private AttachmentsColumn() {
    }

    static String write(List<Attachment> attachments) {
        if (attachments.isEmpty()) {
            return null;
        }
        JsonArrayBuilder array = Json.createArrayBuilder();
        for (Attachment file : attachments) {
            array.add(Json.createObjectBuilder().add("id", file.id()).add("name", file.name())
                    .add("size", file.size()).add("type", file.type()));
        }
        return array.build().toString();
    }

    static List<Attachment> read(String column) {
        if (column == null) {
            return List.of();
        }
        try (JsonReader reader = Json.createReader(new StringReader(column))) {
            return reader.readArray().getValuesAs(JsonObject.class).stream()
                    .map(file -> new Attachment(file.getString("id"), file.getString("name"),
                            file.getJsonNumber("size").longValue(), file.getString("type")))
                    .toList();
        }
    }
}
