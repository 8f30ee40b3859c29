package org.relaychat.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.relaychat.config.DefaultLimits;
import org.relaychat.profiles.Profile;
import org.yaml.snakeyaml.Yaml;

/**
 * Holds {@code docs/asyncapi.yaml} to the code. The messages of its {@code send} operation are
 * exactly the events {@link ClientFrameDecoder} accepts, and those of {@code receive} exactly the
 * events the records of {@link ServerEvent} write; every payload requires {@code event} and gives
 * it as the message's name; every field the encoder writes is described; and the error codes are
 * those of {@link ErrorCode}. The event names come from the code, so a new event fails here until
 * it is described.
 */
class AsyncApiDescriptionTest {

    private static final Path DESCRIPTION = Path.of("docs", "asyncapi.yaml");

    /** A value for each type a server event's record holds: every field set, so every field is written. */
    private static final Map<Class<?>, Object> SAMPLE_VALUES = Map.of(String.class, "x", long.class, 1L,
            Long.class, 1L, boolean.class, true, Instant.class, Instant.EPOCH, List.class, List.of(),
            ErrorCode.class, ErrorCode.BAD_JSON, ClientLimits.class,
            ClientLimits.of(DefaultLimits.limits(), DefaultLimits.files()), Profile.class,
            Profile.plain("x", Profile.State.ONLINE), Map.class, Map.of());

    private static Map<String, Object> description;

    @BeforeAll
    static void readDescription() throws IOException {
        try (Reader in = Files.newBufferedReader(DESCRIPTION)) {
            description = new Yaml().load(in);
        }
    }

    @Test
    void clientMessagesAreTheEventsTheDecoderAccepts() {
        assertEquals(new TreeSet<>(ClientFrameDecoder.EVENTS), payloads("send").keySet());
    }

    @Test
    void theDecoderTakesEveryEventItNames() {
        ClientFrameDecoder decoder = new ClientFrameDecoder(DefaultLimits.limits());
        for (String event : ClientFrameDecoder.EVENTS) {
            // Without its fields the frame may be refused, but not as an unknown event.
            ClientFrame frame = decoder.decode("{\"event\":\"" + event + "\"}");
            assertFalse(frame instanceof InvalidFrame invalid && invalid.code() == ErrorCode.UNKNOWN_EVENT, event);
        }
    }

    @Test
    void serverMessagesAreTheEventsTheEncoderWrites() throws ReflectiveOperationException {
        assertEquals(writtenFields().keySet(), payloads("receive").keySet());
    }

    @Test
    void everyFieldTheEncoderWritesIsDescribed() throws ReflectiveOperationException {
        Map<String, Map<String, Object>> payloads = payloads("receive");
        writtenFields().forEach((event, fields) -> {
            assertNotNull(payloads.get(event), () -> event + " is not described");
            Set<String> described = map(payloads.get(event), "properties").keySet();
            assertTrue(described.containsAll(fields), () -> event + " writes " + fields + ", described: " + described);
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"send", "receive"})
    void everyPayloadRequiresItsEventByName(String action) {
        payloads(action).forEach((name, payload) -> {
            assertTrue(list(payload, "required").contains("event"), () -> name + " does not require 'event'");
            assertEquals(name, map(map(payload, "properties"), "event").get("const"), () -> name + ": 'event' const");
        });
    }

    @Test
    void errorCodesAreThoseOfTheCode() {
        Map<String, Object> code = resolve(map(payloads("receive").get("error"), "properties").get("code"));
        Set<String> wireNames = Arrays.stream(ErrorCode.values()).map(ErrorCode::wireName)
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(wireNames, new TreeSet<>(list(code, "enum")));
    }

    /** The payload schema of every message of the operations with this action, by message name. */
    private static Map<String, Map<String, Object>> payloads(String action) {
        Map<String, Map<String, Object>> payloads = new TreeMap<>();
        for (Object value : map(description, "operations").values()) {
            Map<String, Object> operation = resolve(value);
            if (action.equals(operation.get("action"))) {
                for (Object reference : list(operation, "messages")) {
                    Map<String, Object> message = resolve(reference);
                    String name = (String) message.get("name");
                    assertNull(payloads.put(name, resolve(message.get("payload"))),
                            () -> "two messages named " + name + " in " + action);
                }
            }
        }
        return payloads;
    }

    /** The field names each server event writes, by event name: two records write {@code broadcast}. */
    private static Map<String, Set<String>> writtenFields() throws ReflectiveOperationException {
        Map<String, Set<String>> fields = new TreeMap<>();
        for (Class<?> type : implementations(ServerEvent.class)) {
            JsonObject json = Json.createReader(new StringReader(ServerEventEncoder.toJson(sample(type)))).readObject();
            fields.computeIfAbsent(json.getString("event"), event -> new TreeSet<>()).addAll(json.keySet());
        }
        return fields;
    }

    /** The classes a sealed type permits, through its sealed subtypes (such as {@code ChatMessage}). */
    private static List<Class<?>> implementations(Class<?> sealed) {
        List<Class<?>> classes = new ArrayList<>();
        for (Class<?> type : sealed.getPermittedSubclasses()) {
            classes.addAll(type.isSealed() ? implementations(type) : List.of(type));
        }
        return classes;
    }

    private static ServerEvent sample(Class<?> type) throws ReflectiveOperationException {
        assertTrue(type.isRecord(), () -> type + " is not a record");
        Class<?>[] types = Arrays.stream(type.getRecordComponents()).map(RecordComponent::getType)
                .toArray(Class<?>[]::new);
        Object[] values = new Object[types.length];
        for (int i = 0; i < types.length; i++) {
            values[i] = SAMPLE_VALUES.get(types[i]);
            assertNotNull(values[i], "no sample value of " + types[i] + " for " + type.getSimpleName());
        }
        return (ServerEvent) type.getDeclaredConstructor(types).newInstance(values);
    }

    /** The node a local {@code $ref} points at, followed to the end; a node without one is itself. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> resolve(Object node) {
        Map<String, Object> resolved = (Map<String, Object>) node;
        while (resolved.get("$ref") instanceof String ref) {
            Object target = description;
            for (String key : ref.substring("#/".length()).split("/")) {
                target = ((Map<String, Object>) target).get(key.replace("~1", "/").replace("~0", "~"));
                assertNotNull(target, "unresolved " + ref);
            }
            resolved = (Map<String, Object>) target;
        }
        return resolved;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> node, String key) {
        Object value = node.get(key);
        assertNotNull(value, () -> "no '" + key + "' in " + node.keySet());
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Map<String, Object> node, String key) {
        Object value = node.get(key);
        assertNotNull(value, () -> "no '" + key + "' in " + node.keySet());
        return (List<Object>) value;
    }
}
