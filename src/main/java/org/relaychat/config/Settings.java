package org.relaychat.config;

import java.time.Duration;
import java.util.function.Function;

/**
 * Typed reads of configuration keys from wherever their values come from: MicroProfile Config on
 * the server, the defaults file itself in tests. Either way the defaults are written once, in
 * {@code META-INF/microprofile-config.properties}.
 */
final class Settings {

    private final Function<String, String> values;

    /** @param values the value of a key; throws when the key has none */
    Settings(Function<String, String> values) {
        this.values = values;
    }

    int integer(String key) {
        return parsed(key, Integer::parseInt);
    }

    long longInteger(String key) {
        return parsed(key, Long::parseLong);
    }

    double decimal(String key) {
        return parsed(key, Double::parseDouble);
    }

    Duration seconds(String key) {
        return Duration.ofSeconds(longInteger(key));
    }

    Duration minutes(String key) {
        return Duration.ofMinutes(longInteger(key));
    }

    private <T> T parsed(String key, Function<String, T> parse) {
        String value = values.apply(key);
        try {
            return parse.apply(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a number, not '" + value + "'", e);
        }
    }
}
