package org.relaychat.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.relaychat.config.DefaultLimits;
import org.relaychat.config.Limits;
import org.relaychat.history.InMemoryMessageHistory;
import org.relaychat.connection.Connection;
import org.relaychat.connection.RecordingTransport;
import org.relaychat.protocol.ClientFrame;
import org.relaychat.protocol.ClientFrameDecoder;
import org.relaychat.protocol.InvalidFrame;
import org.relaychat.registry.ChatRegistry;
import org.relaychat.security.Identity;
import org.relaychat.security.ProfileClaims;
import org.relaychat.security.RoomAccess;

/**
 * Random and mutated JSON thrown at the decoder and the chat service, as a hostile client would
 * send it: nothing throws, nobody is closed, a refused frame is answered with one {@code error} to
 * its sender only, and every frame the server writes is a JSON object a UTF-8 socket can carry.
 */
class HostileFramesTest {

    private static final List<String> VALID_FRAMES = List.of(
            "{\"event\":\"message\",\"message\":\"hi\",\"ref\":\"r1\"}",
            "{\"event\":\"broadcast\",\"message\":\"hello all\"}",
            "{\"event\":\"join_room\",\"room\":\"dev\",\"ref\":\"j\"}",
            "{\"event\":\"join_room\",\"room\":\"board\"}",
            "{\"event\":\"leave_room\",\"room\":\"general\"}",
            "{\"event\":\"room_message\",\"room\":\"general\",\"message\":\"ship it\",\"ref\":\"m\"}",
            "{\"event\":\"room_message\",\"room\":\"board\",\"message\":\"secret\"}",
            "{\"event\":\"direct_message\",\"to\":\"bystander\",\"message\":\"psst\"}",
            "{\"event\":\"typing\",\"room\":\"general\",\"typing\":true}",
            "{\"event\":\"read\",\"room\":\"general\",\"id\":42}",
            "{\"event\":\"history\",\"room\":\"general\",\"before\":9007199254740991,\"limit\":3}",
            "{\"event\":\"history\",\"with\":\"bystander\",\"after\":0}",
            "{\"event\":\"presence\",\"room\":\"board\",\"ref\":\"p\"}",
            "{\"event\":\"rooms\",\"ref\":\"r\"}");
    private static final List<String> FIELDS = List.of("event", "ref", "room", "message", "to", "with", "typing",
            "id", "before", "after", "limit");
    private static final List<String> EVENTS = List.of("message", "broadcast", "join_room", "leave_room",
            "room_message", "direct_message", "typing", "read", "history", "presence", "rooms", "welcome", "");
    private static final List<String> NASTY = List.of("\"", "\\", "{", "}", "[", "]", ":", ",", "\\u0000",
            "\\ud800", "\\udfff", "\\ud83d\\ude00", "\u0000", "\ud800", "\u202e", "\u0007", "null", "true", "1e999",
            "-0", "9".repeat(400), "[".repeat(300), "{\"a\":".repeat(100), "\\\"", "\\u", "\ufeff", "😀");

    @BeforeContainer
    static void quietConnectLogs() {
        // Thousands of connects; their INFO lines would only slow the run down.
        Logger.getLogger(ChatService.class.getName()).setLevel(Level.WARNING);
    }

    @Property(tries = 600, edgeCases = EdgeCasesMode.NONE)
    void aHostileFrameIsAnsweredAndHarmsNobody(@ForAll("hostileFrames") String frame) throws Exception {
        World world = new World();

        ClientFrame decoded = world.decoder.decode(frame);
        world.chat.handle(world.attacker, decoded);

        for (RecordingTransport transport : world.all()) {
            assertEquals(List.of(), transport.closes(), "a connection was closed");
            for (String sent : transport.texts()) {
                assertCarriable(sent);
                assertTrue(RecordingTransport.parse(sent).containsKey("event"), sent);
            }
        }
        if (decoded instanceof InvalidFrame invalid) {
            List<JsonObject> answer = world.attackerTransport.unread();
            assertEquals(1, answer.size(), answer.toString());
            assertEquals("error", answer.get(0).getString("event"));
            assertEquals(invalid.code().wireName(), answer.get(0).getString("code"));
            assertEquals(List.of(), world.bystanderTransport.unread(), "a bystander heard of a refused frame");
            assertEquals(List.of(), world.insiderTransport.unread(), "an insider heard of a refused frame");
        }
        assertTrue(world.insiderTransport.unread().stream().noneMatch(event -> event.getString("event").equals("error")));
        world.attackerTransport.unread();
        world.chat.handle(world.attacker, world.decoder.decode("{\"event\":\"message\",\"message\":\"still here\"}"));
        assertEquals(List.of("echo"), world.attackerTransport.unreadNames(), "the attacker's connection stopped working");
    }

    @Property(tries = 200, edgeCases = EdgeCasesMode.NONE)
    void nobodyOutsideAPrivateRoomHearsOfItWhateverTheySend(@ForAll("hostileFrames") String frame) {
        World world = new World();

        world.chat.handle(world.attacker, world.decoder.decode(frame));

        assertTrue(world.bystanderTransport.unread().stream().noneMatch(event -> "board".equals(event.getString("room", null))));
        assertTrue(world.attackerTransport.unread().stream().noneMatch(event -> "board".equals(event.getString("room", null))
                && !event.getString("event").equals("error")));
    }

    @Provide
    Arbitrary<String> hostileFrames() {
        return Arbitraries.oneOf(mutatedFrames(), randomObjects(), Arbitraries.strings().ofMaxLength(200),
                Arbitraries.of(NASTY));
    }

    /** A valid frame with one to three edits: characters cut out, nasty text put in, a cut-off end. */
    private Arbitrary<String> mutatedFrames() {
        Arbitrary<String> once = Combinators.combine(Arbitraries.of(VALID_FRAMES), Arbitraries.integers().between(0, 200),
                Arbitraries.integers().between(0, 8), Arbitraries.of(NASTY).injectNull(0.3),
                Arbitraries.strings().ofMaxLength(4)).as(HostileFramesTest::mutate);
        return Combinators.combine(once, Arbitraries.integers().between(0, 200), Arbitraries.integers().between(0, 8),
                Arbitraries.of(NASTY).injectNull(0.5), Arbitraries.strings().ofMaxLength(4))
                .as(HostileFramesTest::mutate);
    }

    private static String mutate(String frame, int at, int cut, String nasty, String random) {
        int start = Math.min(at, frame.length());
        int end = Math.min(frame.length(), start + cut);
        return frame.substring(0, start) + (nasty != null ? nasty : random) + frame.substring(end);
    }

    /** JSON objects of the protocol's field names with values of every kind, well-formed or not. */
    private Arbitrary<String> randomObjects() {
        Arbitrary<String> values = Arbitraries.oneOf(
                Arbitraries.of(EVENTS).map(HostileFramesTest::quote),
                Arbitraries.strings().ofMaxLength(40).map(HostileFramesTest::quote),
                Arbitraries.of("general", "board", "dev", "bystander", "attacker").map(HostileFramesTest::quote),
                Arbitraries.longs().map(String::valueOf),
                Arbitraries.of("1.5", "-1", "0", "1e3", "9007199254740992", "1e999", "-0.0", "true", "false", "null",
                        "{}", "[]", "[\"general\"]", "{\"room\":\"general\"}", "\"\\ud800\"", "\"a\\u0000b\""),
                Arbitraries.of(NASTY));
        Arbitrary<String> keys = Arbitraries.oneOf(Arbitraries.of(FIELDS), Arbitraries.strings().ofMaxLength(8));
        Arbitrary<String> events = Arbitraries.oneOf(Arbitraries.of(EVENTS), Arbitraries.strings().ofMaxLength(40),
                Arbitraries.strings().withChars("a😀\u202e\u0000").ofMinLength(30).ofMaxLength(40));
        return Combinators.combine(events, Arbitraries.maps(keys, values).ofMaxSize(6))
                .as(HostileFramesTest::object);
    }

    private static String object(String event, Map<String, String> fields) {
        List<String> members = new ArrayList<>();
        members.add("\"event\":" + quote(event));
        fields.forEach((key, value) -> members.add(quote(key) + ":" + value));
        return "{" + String.join(",", members) + "}";
    }

    /** A JSON string literal; unpaired surrogates go in as escapes, as a client could send them. */
    private static String quote(String text) {
        StringBuilder json = new StringBuilder("\"");
        text.chars().forEach(c -> {
            if (c == '"' || c == '\\') {
                json.append('\\').append((char) c);
            } else if (c < 0x20 || Character.isSurrogate((char) c)) {
                json.append(String.format("\\u%04x", c));
            } else {
                json.append((char) c);
            }
        });
        return json.append('"').toString();
    }

    private static void assertCarriable(String frame) throws CharacterCodingException {
        // What a WebSocket text frame needs: text that encodes as UTF-8 without replacement.
        ByteBuffer encoded = StandardCharsets.UTF_8.newEncoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).encode(CharBuffer.wrap(frame));
        assertTrue(encoded.remaining() >= 2);
    }

    /** A server with an attacker, a bystander in the attacker's rooms, and an insider of private room "board". */
    private static final class World {
        final ClientFrameDecoder decoder = new ClientFrameDecoder(DefaultLimits.limits());
        final ChatService chat;
        final RecordingTransport attackerTransport = new RecordingTransport();
        final RecordingTransport bystanderTransport = new RecordingTransport();
        final RecordingTransport insiderTransport = new RecordingTransport();
        final Connection attacker;

        World() {
            // No rate limit: every frame is carried out or refused on its merits.
            Limits limits = DefaultLimits.limits("chat.rate-limit.per-second", "0");
            chat = StandaloneChat.service(new ChatRegistry(), new InMemoryMessageHistory(), limits,
                    Optional.of("general"), 0, new RoomAccess(Set.of("board")));
            attacker = chat.connect(attackerTransport, Optional.of("attacker")).orElseThrow();
            attackerTransport.answerPingsOf(attacker);
            bystanderTransport.answerPingsOf(chat.connect(bystanderTransport, Optional.of("bystander")).orElseThrow());
            // Let into "board" by a token that lists it.
            Identity insiderToken = new Identity("insider", Optional.of(Set.of("general", "board")),
                    Optional.of(Instant.now().plusSeconds(3_600)), ProfileClaims.NONE);
            Connection insider = chat.connect(insiderTransport, Optional.of("insider"), Optional.of(insiderToken),
                    Optional.empty()).orElseThrow();
            insiderTransport.answerPingsOf(insider);
            chat.handle(insider, decoder.decode("{\"event\":\"join_room\",\"room\":\"board\"}"));
            chat.handle(insider, decoder.decode("{\"event\":\"room_message\",\"room\":\"board\",\"message\":\"x\"}"));
            for (RecordingTransport transport : all()) {
                transport.unread();
            }
        }

        List<RecordingTransport> all() {
            return List.of(attackerTransport, bystanderTransport, insiderTransport);
        }
    }
}
