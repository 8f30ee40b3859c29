package org.relaychat.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The memory of the server process: its resident set from {@code /proc/<pid>/status}, and, when it
 * is a JVM, the heap in use after a full collection and the heap by class, through {@code jcmd}.
 */
final class ServerMemory {

    private static final Pattern USED = Pattern.compile("used (\\d+)K");
    private static final Pattern HISTOGRAM_ROW = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)");

    /** What one reading found; heap figures are -1 for a process that is not a JVM. */
    record Reading(long rssBytes, long heapUsedBytes, Map<String, long[]> heapByClass) {

        /** The bytes of the live objects the class histogram counted. */
        long liveBytes() {
            return heapByClass.values().stream().mapToLong(counts -> counts[1]).sum();
        }
    }

    private final long pid;
    private final boolean jvm;

    ServerMemory(long pid) {
        this.pid = pid;
        this.jvm = pid > 0 && commandLine().contains("java");
    }

    boolean isJvm() {
        return jvm;
    }

    /** Collects garbage first on a JVM, so the heap holds what is live. */
    Reading read() throws IOException, InterruptedException {
        long heap = -1;
        Map<String, long[]> byClass = Map.of();
        if (jvm) {
            // The class histogram itself runs a full collection before counting.
            byClass = histogram(jcmd("GC.class_histogram"));
            heap = 0;
            for (String line : jcmd("GC.heap_info").split("\n")) {
                if (line.contains("Metaspace") || line.contains("class space")) {
                    continue;
                }
                Matcher used = USED.matcher(line);
                if (used.find()) {
                    heap += Long.parseLong(used.group(1)) * 1024;
                }
            }
        }
        return new Reading(rss(), heap, byClass);
    }

    private long rss() throws IOException {
        if (pid <= 0) {
            return -1;
        }
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
            }
        }
        return -1;
    }

    private String commandLine() {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")),
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private String jcmd(String command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(pid), command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor();
        return out;
    }

    private static Map<String, long[]> histogram(String text) {
        Map<String, long[]> rows = new HashMap<>();
        for (String line : text.split("\n")) {
            Matcher row = HISTOGRAM_ROW.matcher(line);
            if (row.find()) {
                rows.put(row.group(3), new long[] {Long.parseLong(row.group(1)), Long.parseLong(row.group(2))});
            }
        }
        return rows;
    }

    /** The classes whose heap grew most between two readings: name, instances and bytes added. */
    static List<Map.Entry<String, long[]>> grownMost(Reading before, Reading after, int top) {
        List<Map.Entry<String, long[]>> grown = new ArrayList<>();
        after.heapByClass().forEach((name, now) -> {
            long[] then = before.heapByClass().getOrDefault(name, new long[2]);
            grown.add(Map.entry(name, new long[] {now[0] - then[0], now[1] - then[1]}));
        });
        grown.sort(Comparator.comparingLong((Map.Entry<String, long[]> e) -> e.getValue()[1]).reversed());
        return grown.subList(0, Math.min(top, grown.size()));
    }
}
