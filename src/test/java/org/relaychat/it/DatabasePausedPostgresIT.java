package org.relaychat.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The test PostgreSQL frozen (SIGSTOP to the postmaster and every process under it) for ten
 * seconds: what needs no database keeps answering at once for everybody, and what does is
 * answered once the database is back, never lost and never twice.
 */
class DatabasePausedPostgresIT extends DeployedServerTest {

    private static final Duration PAUSE = Duration.ofSeconds(10);
    /** How long the same round trips are timed with the database running: as long as it is frozen. */
    private static final Duration BASELINE = PAUSE;
    /** How long they are warmed up before that. */
    private static final Duration WARM_UP = Duration.ofSeconds(5);
    /** What the frozen database may add to the slowest answer of the same round trips with it running. */
    private static final long MAX_ANSWER_MILLIS = 100;
    /** Reads waiting on the frozen database at once: more than a container has request threads to spare. */
    private static final int WAITING_READERS = 12;
    /** Clients that take turns asking, each well within the rate limit. */
    private static final int ASKERS = 4;

    private final String room = "paused-" + UUID.randomUUID().toString().substring(0, 8);

    @Test
    void clientsKeepBeingAnsweredWhileTheDatabaseIsFrozen() throws Exception {
        List<ChatClient> readers = new ArrayList<>();
        List<ChatClient> askers = new ArrayList<>();
        try (ChatClient writer = ChatClient.connect(endpoint(), "writer")) {
            join(writer, room);
            for (int i = 0; i < ASKERS; i++) {
                ChatClient asker = ChatClient.connect(endpoint(), "asker" + i);
                askers.add(asker);
                join(asker, room);
            }
            for (int i = 0; i < WAITING_READERS; i++) {
                ChatClient reader = ChatClient.connect(endpoint(), "reader" + i);
                readers.add(reader);
                join(reader, room);
            }
            slowestAnswer(askers, "warm", WARM_UP);
            long running = slowestAnswer(askers, "running", BASELINE);

            long slowest;
            List<Long> frozen = freezePostgres();
            try {
                writer.send("room_message", "room", room, "message", "while frozen", "ref", "frozen");
                for (ChatClient reader : readers) {
                    reader.send("history", "room", room, "ref", "h");
                }
                slowest = slowestAnswer(askers, "frozen", PAUSE);
            } finally {
                thaw(frozen);
            }

            // The frozen database may add no more than the bound to what the machine itself takes
            // with the database running: a busy machine's own slowness, up to the bound and past
            // it, is not the database's (a read that waited on it would take the whole pause).
            long bound = running + MAX_ANSWER_MILLIS;
            System.out.println("Slowest answer with the database running: " + running + " ms; frozen: " + slowest
                    + " ms");
            assertTrue(slowest <= bound, "an answer took " + slowest + " ms while the database was frozen ("
                    + running + " ms at most while it ran)");
            JsonObject answer = writer.await(e -> "frozen".equals(e.getString("ref", null)), "the message's answer");
            for (ChatClient reader : readers) {
                JsonObject page = reader.await(e -> "h".equals(e.getString("ref", null)), "the history's answer");
                assertTrue(List.of("history", "error").contains(page.getString("event")), page.toString());
            }
            writer.send("history", "room", room, "limit", 10, "ref", "after");
            List<JsonObject> stored = writer.await(e -> "after".equals(e.getString("ref", null)), "history")
                    .getJsonArray("messages").getValuesAs(JsonObject.class);
            long copies = stored.stream().filter(m -> m.getString("message").equals("while frozen")).count();
            if (answer.getString("event").equals("ack")) {
                assertEquals(1, copies, "acknowledged, stored " + copies + " times");
                assertEquals(answer.getJsonNumber("id").longValue(), stored.get(stored.size() - 1)
                        .getJsonNumber("id").longValue());
            } else {
                assertEquals("unavailable", answer.getString("code"), answer.toString());
                assertEquals(0, copies, "refused, yet stored");
            }
            writer.send("rooms", "ref", "last");
            assertTrue(writer.until("rooms").stream().noneMatch(e -> "frozen".equals(e.getString("ref", null))),
                    "a second answer to the message");
        } finally {
            for (ChatClient client : Stream.concat(readers.stream(), askers.stream()).toList()) {
                client.close();
            }
        }
    }

    /** The slowest answer to the askers' round trips, taking turns (each stays within the rate limit). */
    private long slowestAnswer(List<ChatClient> askers, String name, Duration during) throws Exception {
        long slowest = 0;
        long end = System.nanoTime() + during.toNanos();
        for (int round = 0; System.nanoTime() < end; round++) {
            slowest = Math.max(slowest, roundTrips(askers.get(round % askers.size()), name + round));
        }
        return slowest;
    }

    /**
     * Echo, broadcast, typing and presence, each awaited before the next is sent; the slowest
     * answer in milliseconds.
     */
    private long roundTrips(ChatClient client, String round) throws Exception {
        return Stream.of(
                answerMillis(client, "message", "message", "ping", "ref", round + "e"),
                answerMillis(client, "broadcast", "message", "hello", "ref", round + "b"),
                answerMillis(client, "typing", "room", room, "typing", true, "ref", round + "t"),
                answerMillis(client, "presence", "room", room, "ref", round + "p"))
                .mapToLong(Long::longValue).max().orElseThrow();
    }

    /** Sends a command whose last field is its ref, and waits for the answer with that ref. */
    private static long answerMillis(ChatClient client, String event, Object... fields) throws Exception {
        String ref = (String) fields[fields.length - 1];
        long start = System.nanoTime();
        client.send(event, fields);
        JsonObject answer = client.await(e -> ref.equals(e.getString("ref", null)), event + " answer");
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(!"error".equals(answer.getString("event")), answer.toString());
        return millis;
    }

    /** Stops the test PostgreSQL's postmaster, then every process under it; returns their ids. */
    private static List<Long> freezePostgres() throws Exception {
        Path home = Path.of(Files.readString(Path.of("target", "postgres", "home")).strip());
        long postmaster = Long.parseLong(Files.readAllLines(home.resolve("data").resolve("postmaster.pid")).get(0)
                .strip());
        List<Long> frozen = new ArrayList<>();
        frozen.add(postmaster);
        signal("STOP", frozen);
        List<Long> children = ProcessHandle.of(postmaster).orElseThrow().descendants().map(ProcessHandle::pid)
                .toList();
        signal("STOP", children);
        frozen.addAll(children);
        return frozen;
    }

    private static void thaw(List<Long> frozen) throws Exception {
        signal("CONT", frozen);
    }

    private static void signal(String signal, List<Long> pids) throws IOException, InterruptedException {
        if (pids.isEmpty()) {
            return;
        }
        List<String> command = new ArrayList<>(List.of("kill", "-" + signal));
        pids.forEach(pid -> command.add(String.valueOf(pid)));
        Process kill = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(kill.getInputStream().readAllBytes());
        assertEquals(0, kill.waitFor(), "kill -" + signal + " failed: " + output);
    }
}
