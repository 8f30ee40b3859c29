package org.relaychat.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Stored messages outlive the server: PostgreSQL behind the default datasource, a stop and a start. */
class RestartPostgresIT {

    private static final List<String> ON_POSTGRES = List.of("--addLibs", "target/postgresql.jar",
            "--postbootcommandfile", "target/postgres/post-boot.asadmin");

    /** A room of this run's own: the cluster outlives a single test. */
    private final String room = "restart-" + UUID.randomUUID().toString().substring(0, 8);

    @Test
    void acknowledgedMessagesSurviveARestart() throws Exception {
        List<Long> acknowledged = new ArrayList<>();
        try (PayaraMicroProcess server = PayaraMicroProcess.start("restart-first", ON_POSTGRES, List.of());
                ChatClient ana = ChatClient.connect(server.endpoint(), "survivor")) {
            join(ana);
            for (int i = 0; i < 50; i++) {
                ana.send("room_message", "room", room, "message", "before restart " + i, "ref", "r" + i);
            }
            for (int i = 0; i < 50; i++) {
                acknowledged.add(ana.await("ack").getJsonNumber("id").longValue());
            }
        }

        try (PayaraMicroProcess server = PayaraMicroProcess.start("restart-second", ON_POSTGRES, List.of());
                ChatClient ana = ChatClient.connect(server.endpoint(), "survivor")) {
            join(ana);
            ana.sendRaw("{\"event\":\"history\",\"room\":\"" + room + "\",\"limit\":100,\"ref\":\"h\"}");
            List<JsonObject> messages = ana.await("history").getJsonArray("messages").getValuesAs(JsonObject.class);
            assertEquals(acknowledged, messages.stream().map(m -> m.getJsonNumber("id").longValue()).toList());
            assertEquals("before restart 0", messages.get(0).getString("message"));
        }
    }

    private void join(ChatClient client) throws Exception {
        client.send("join_room", "room", room, "ref", "join");
        client.await("ack");
    }
}
