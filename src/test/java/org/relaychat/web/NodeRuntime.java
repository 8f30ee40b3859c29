package org.relaychat.web;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The Node.js that runs the JavaScript tests: {@code node.path}, else the first {@code node} on the
 * PATH. {@link #test} runs test files with Node's own test runner and reads its TAP report.
 */
record NodeRuntime(Path path, int major, int minor, String problem) {

    private static final Pattern VERSION = Pattern.compile("v(\\d+)\\.(\\d+)\\.\\d+.*");

    static NodeRuntime find() {
        String given = System.getProperty("node.path");
        Optional<Path> found = given != null ? Optional.of(Path.of(given)).filter(Files::isExecutable) : onPath();
        if (found.isEmpty()) {
            return new NodeRuntime(null, 0, 0, given != null ? "no node at " + given : "no node on the PATH");
        }
        Path node = found.get();
        String version;
        try {
            version = output(new ProcessBuilder(node.toString(), "--version"), 10).strip();
        } catch (IOException e) {
            return new NodeRuntime(node, 0, 0, "cannot run " + node + ": " + e.getMessage());
        }
        Matcher matcher = VERSION.matcher(version);
        if (!matcher.matches()) {
            return new NodeRuntime(node, 0, 0, node + " says its version is '" + version + "'");
        }
        int major = Integer.parseInt(matcher.group(1));
        int minor = Integer.parseInt(matcher.group(2));
        boolean recent = major > 20 || major == 20 && minor >= 10;
        return new NodeRuntime(node, major, minor, recent ? null : "Node.js " + version + " at " + node + " is too old");
    }

    boolean usable() {
        return problem == null;
    }

    String version() {
        return major + "." + minor;
    }

    /**
     * Runs {@code node --test} on the files, in the project's directory, and returns its report.
     *
     * @param environment variables added to this JVM's
     */
    TestRun test(List<Path> files, Map<String, String> environment, int timeoutSeconds) throws IOException {
        List<String> command = new ArrayList<>(List.of(path.toString()));
        if (major < 23) {
            // The library is a .js file outside any package.json: an ES module only by its syntax,
            // which Node detects by itself from 20.19 and 22.7 on.
            command.add("--experimental-detect-module");
        }
        if (major < 22) {
            command.add("--experimental-websocket");
        }
        command.addAll(List.of("--test", "--test-reporter=tap"));
        files.forEach(file -> command.add(file.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process = builder.start();
        CompletableFuture<String> report = CompletableFuture.supplyAsync(() -> readAll(process));
        try {
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return new TestRun(-1, report.join() + "\n(killed after " + timeoutSeconds + " s)");
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        return new TestRun(process.exitValue(), report.join());
    }

    /** The test files of a directory of src/test/js whose names end with {@code suffix}, sorted. */
    static List<Path> scripts(String directory, String suffix) throws IOException {
        try (Stream<Path> files = Files.list(Path.of("src", "test", "js", directory))) {
            return files.filter(file -> file.getFileName().toString().endsWith(suffix)).sorted().toList();
        }
    }

    private static Optional<Path> onPath() {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        return Stream.of(path.split(File.pathSeparator)).filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir, "node")).filter(Files::isExecutable).findFirst();
    }

    private static String output(ProcessBuilder builder, int timeoutSeconds) throws IOException {
        Process process = builder.redirectErrorStream(true).start();
        try {
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("no answer within " + timeoutSeconds + " s");
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        return readAll(process);
    }

    private static String readAll(Process process) {
        try {
            return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What {@code node --test} printed, and its exit code. */
    record TestRun(int exitCode, String output) {

        private static final Pattern RESULT = Pattern.compile("^( *)(not ok|ok) \\d+ - (.*?)( # (SKIP|TODO).*)?$");

        /** One test of the report, named after its suites. */
        record Result(String name, boolean passed, boolean skipped, String details) {
        }

        /** The tests of the report (not the suites around them), in the order they ran. */
        List<Result> results() {
            List<String> lines = output.lines().toList();
            List<Entry> found = new ArrayList<>();
            for (int i = 0; i < lines.size(); i++) {
                Matcher matcher = RESULT.matcher(lines.get(i));
                if (!matcher.matches()) {
                    continue;
                }
                StringBuilder details = new StringBuilder();
                boolean suite = false;
                int next = i + 1;
                if (next < lines.size() && lines.get(next).strip().equals("---")) {
                    for (next++; next < lines.size() && !lines.get(next).strip().equals("..."); next++) {
                        suite |= lines.get(next).strip().equals("type: 'suite'");
                        details.append(lines.get(next).strip()).append('\n');
                    }
                }
                int indent = matcher.group(1).length();
                if (suite) {
                    // A suite's own line comes after its tests: it names them.
                    found.stream().filter(e -> e.indent > indent && e.suite == null).forEach(e -> e.suite = matcher.group(3));
                } else {
                    found.add(new Entry(indent, matcher.group(3), "ok".equals(matcher.group(2)),
                            matcher.group(4) != null, details.toString()));
                }
            }
            return found.stream().map(e -> new Result(e.suite == null ? e.name : e.suite + " > " + e.name,
                    e.passed, e.skipped, e.details)).toList();
        }

        private static final class Entry {
            final int indent;
            final String name;
            final boolean passed;
            final boolean skipped;
            final String details;
            String suite;

            Entry(int indent, String name, boolean passed, boolean skipped, String details) {
                this.indent = indent;
                this.name = name;
                this.passed = passed;
                this.skipped = skipped;
                this.details = details;
            }
        }
    }
}
