package org.relaychat.protocol;

import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParsingException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The top-level fields of one JSON object frame. Nested objects and arrays are skipped without
 * recursion, so a deeply nested frame costs no more than a flat one of the same size; a field
 * holding one only records that it is not a scalar, but for a flat array of strings, which is kept. A JSON {@code null} counts as absent.
 */
final class FrameFields {

    /** Marks a field whose value no field can use: an object, an array, or a number too long to read. */
    private static final Object UNUSABLE = new Object();

    private static final BigDecimal MAX_INT = BigDecimal.valueOf(Integer.MAX_VALUE);

    private final Map<String, Object> values;
    /** Fields given as JSON null: absent to every reader but {@link #isNull}. */
    private final Set<String> nulls;

    private FrameFields(Map<String, Object> values, Set<String> nulls) {
        this.values = values;
        this.nulls = nulls;
    }

    /** Reads {@code text} as one JSON object, or throws {@link JsonParsingException}-like errors. */
    static FrameFields parse(JsonParser parser) {
        if (!parser.hasNext() || parser.next() != JsonParser.Event.START_OBJECT) {
            throw new NotAnObject();
        }
        Map<String, Object> values = new HashMap<>();
        Set<String> nulls = new HashSet<>();
        String key = null;
        while (true) {
            JsonParser.Event event = parser.next();
            switch (event) {
                case END_OBJECT -> {
                    if (parser.hasNext()) {
                        throw new NotAnObject();
                    }
                    return new FrameFields(values, nulls);
                }
                case KEY_NAME -> {
                    key = parser.getString();
                    // Of a repeated key, the last value counts.
                    nulls.remove(key);
                }
                case VALUE_STRING -> values.put(key, parser.getString());
                case VALUE_NUMBER -> values.put(key, number(parser));
                case VALUE_TRUE -> values.put(key, Boolean.TRUE);
                case VALUE_FALSE -> values.put(key, Boolean.FALSE);
                case VALUE_NULL -> {
                    values.remove(key);
                    nulls.add(key);
                }
                case START_ARRAY -> values.put(key, strings(parser));
                case START_OBJECT -> {
                    skipStructure(parser);
                    values.put(key, UNUSABLE);
                }
                default -> throw new NotAnObject();
            }
        }
    }

    /**
     * An array of strings, the only array a field takes (file ids); any other array, once skipped,
     * is {@link #UNUSABLE}.
     */
    private static Object strings(JsonParser parser) {
        List<String> strings = new ArrayList<>();
        while (true) {
            switch (parser.next()) {
                case VALUE_STRING -> strings.add(parser.getString());
                case END_ARRAY -> {
                    return strings;
                }
                case START_OBJECT, START_ARRAY -> {
                    skipStructure(parser);
                    skipStructure(parser);
                    return UNUSABLE;
                }
                default -> {
                    skipStructure(parser);
                    return UNUSABLE;
                }
            }
        }
    }

    /** The number, or {@link #UNUSABLE} when it has more digits than the parser converts. */
    private static Object number(JsonParser parser) {
        try {
            return parser.getBigDecimal();
        } catch (RuntimeException tooLong) {
            return UNUSABLE;
        }
    }

    static FrameFields parse(String text, jakarta.json.stream.JsonParserFactory factory) {
        try (JsonParser parser = factory.createParser(new StringReader(text))) {
            return parse(parser);
        }
    }

    private static void skipStructure(JsonParser parser) {
        int depth = 1;
        while (depth > 0) {
            switch (parser.next()) {
                case START_OBJECT, START_ARRAY -> depth++;
                case END_OBJECT, END_ARRAY -> depth--;
                default -> {
                }
            }
        }
    }

    /** The field as a list of strings, or null when absent; anything else is a bad field. */
    @SuppressWarnings("unchecked")
    List<String> optionalStrings(String name) {
        Object value = values.get(name);
        if (value == null || value instanceof List) {
            return (List<String>) value;
        }
        throw new FieldProblem(ErrorCode.BAD_FIELD, "'" + name + "' must be an array of strings");
    }

    /** The field as a whole number from 1 to {@code max}, or null when absent. */
    Long optionalCount(String name, long max) {
        Object value = values.get(name);
        if (value == null) {
            return null;
        }
        if (value instanceof BigDecimal number && number.signum() > 0 && number.compareTo(BigDecimal.valueOf(max)) <= 0) {
            try {
                return number.longValueExact();
            } catch (ArithmeticException notAnInteger) {
                // reported below
            }
        }
        throw new FieldProblem(ErrorCode.BAD_FIELD, "'" + name + "' must be a whole number from 1 to " + max);
    }

    /** Whether the field was given as JSON null, which {@code set_profile} reads as "back to the default". */
    boolean isNull(String name) {
        return nulls.contains(name);
    }

    boolean has(String name) {
        return values.containsKey(name);
    }

    /** The field as a string, or null when absent; a value of another type is a bad field. */
    String optionalString(String name) {
        Object value = values.get(name);
        if (value == null || value instanceof String) {
            return (String) value;
        }
        throw new FieldProblem(ErrorCode.BAD_FIELD, "'" + name + "' must be a string");
    }

    String requiredString(String name) {
        String value = optionalString(name);
        if (value == null) {
            throw new FieldProblem(ErrorCode.MISSING_FIELD, "'" + name + "' is required");
        }
        return value;
    }

    boolean requiredBoolean(String name) {
        Object value = values.get(name);
        if (value == null) {
            throw new FieldProblem(ErrorCode.MISSING_FIELD, "'" + name + "' is required");
        }
        if (value instanceof Boolean flag) {
            return flag;
        }
        throw new FieldProblem(ErrorCode.BAD_FIELD, "'" + name + "' must be true or false");
    }

    /** The field as a non-negative integer below 2^53, or null when absent. */
    Long optionalId(String name) {
        Object value = values.get(name);
        if (value == null) {
            return null;
        }
        if (value instanceof BigDecimal number) {
            try {
                long id = number.longValueExact();
                if (id >= 0 && id < (1L << 53)) {
                    return id;
                }
            } catch (ArithmeticException notAnInteger) {
                // reported below
            }
        }
        throw new FieldProblem(ErrorCode.BAD_FIELD, "'" + name + "' must be a message id (a non-negative integer)");
    }

    long requiredId(String name) {
        Long id = optionalId(name);
        if (id == null) {
            throw new FieldProblem(ErrorCode.MISSING_FIELD, "'" + name + "' is required");
        }
        return id;
    }

    /** The field as a positive int, or null when absent. */
    Integer optionalPositiveInt(String name) {
        Object value = values.get(name);
        if (value == null) {
            return null;
        }
        if (value instanceof BigDecimal number && number.signum() > 0) {
            try {
                // Capped first: a limit too large for any integer type is still just above the cap.
                return number.min(MAX_INT).intValueExact();
            } catch (ArithmeticException notAnInteger) {
                // reported below
            }
        }
        throw new FieldProblem(ErrorCode.BAD_FIELD, "'" + name + "' must be an integer of at least 1");
    }

    /** The frame is valid JSON but not one object. */
    static final class NotAnObject extends RuntimeException {
        NotAnObject() {
            super(null, null, false, false);
        }
    }

    /** A field is missing or unusable; becomes an {@code error} event. */
    static final class FieldProblem extends RuntimeException {
        final ErrorCode code;

        FieldProblem(ErrorCode code, String message) {
            super(message, null, false, false);
            this.code = code;
        }
    }
}
