package org.relaychat.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The limits as the defaults file sets them, for tests that build the chat by hand; a test that
 * turns one down names its key, as an operator would.
 */
public final class DefaultLimits {

    private static final Properties DEFAULTS = load();

    private DefaultLimits() {
    }

    public static Limits limits() {
        return Limits.read(DefaultLimits::value);
    }

    /**
     * The defaults with some keys set otherwise.
     *
     * @param keysAndValues a key, its value, the next key…
     */
    public static Limits limits(String... keysAndValues) {
        Map<String, String> settings = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            settings.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return Limits.read(key -> settings.containsKey(key) ? settings.get(key) : value(key));
    }

    public static FileLimits files() {
        return FileLimits.read(DefaultLimits::value);
    }

    private static String value(String key) {
        String value = DEFAULTS.getProperty(key);
        if (value == null) {
            throw new IllegalArgumentException(key + " has no default");
        }
        return value;
    }

    private static Properties load() {
        Properties defaults = new Properties();
        try (InputStream in = DefaultLimits.class.getResourceAsStream("/META-INF/microprofile-config.properties")) {
            defaults.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return defaults;
    }
}
