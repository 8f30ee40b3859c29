package org.relaychat.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Holds {@code docs/configuration.md} to the code: its tables name every {@code chat.*} key that the
 * defaults file, a {@code @ConfigProperty} or a {@link Settings} read of the sources names, and no
 * other; and where the defaults file gives a key a value, the table's default column gives the same
 * (in backticks, or "(empty)" for an empty one), while a key without a value there is documented as
 * "(unset)" or the like.
 */
class ConfigurationDocumentedTest {

    private static final Path DOC = Path.of("docs", "configuration.md");
    private static final Path DEFAULTS = Path.of("src", "main", "resources", "META-INF",
            "microprofile-config.properties");
    private static final Path SOURCES = Path.of("src", "main", "java");
    private static final Pattern CONFIG_PROPERTY = Pattern.compile(
            "(?:@ConfigProperty\\(\\s*name\\s*=\\s*|settings\\.\\w+\\()\"([^\"]+)\"");
    /** A table row whose first cell is a key in backticks: the key, then the default cell. */
    private static final Pattern DOCUMENTED = Pattern.compile("^\\|\\s*`(chat\\.[^`]+)`\\s*\\|([^|]*)\\|", Pattern.MULTILINE);
    private static final Pattern FIRST_CODE = Pattern.compile("`([^`]*)`");

    @Test
    void everyKeyOfTheCodeIsDocumentedAndNoOther() throws IOException {
        Set<String> inCode = new TreeSet<>(defaults().stringPropertyNames());
        inCode.addAll(annotatedKeys());
        inCode.removeIf(key -> !key.startsWith("chat."));
        Set<String> documented = documented().keySet();
        Set<String> undocumented = new TreeSet<>(inCode);
        undocumented.removeAll(documented);
        Set<String> unknown = new TreeSet<>(documented);
        unknown.removeAll(inCode);
        assertEquals(Set.of(), undocumented, "keys of the code missing from " + DOC);
        assertEquals(Set.of(), unknown, "keys in " + DOC + " that the code does not read");
    }

    @Test
    void everyDocumentedDefaultIsTheDefaultsFilesValue() throws IOException {
        Properties defaults = defaults();
        documented().forEach((key, cell) -> {
            String value = defaults.getProperty(key);
            if (value == null) {
                assertTrue(cell.startsWith("("), key + " has no default, yet " + DOC + " gives it " + cell);
            } else {
                Matcher code = FIRST_CODE.matcher(cell);
                String documentedValue = code.find() ? code.group(1) : cell.equals("(empty)") ? "" : cell;
                assertEquals(value, documentedValue, "default of " + key + " in " + DOC);
            }
        });
    }

    /** The documented keys, each with its default cell, trimmed. */
    private static Map<String, String> documented() throws IOException {
        Map<String, String> keys = new TreeMap<>();
        Matcher row = DOCUMENTED.matcher(Files.readString(DOC));
        while (row.find()) {
            keys.put(row.group(1), row.group(2).strip());
        }
        return keys;
    }

    private static Properties defaults() throws IOException {
        Properties defaults = new Properties();
        try (Reader reader = Files.newBufferedReader(DEFAULTS)) {
            defaults.load(reader);
        }
        return defaults;
    }

    private static Set<String> annotatedKeys() throws IOException {
        Set<String> keys = new TreeSet<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(path -> path.toString().endsWith(".java")).toList()) {
                Matcher annotation = CONFIG_PROPERTY.matcher(Files.readString(file));
                while (annotation.find()) {
                    keys.add(annotation.group(1));
                }
            }
        }
        return keys;
    }
}
