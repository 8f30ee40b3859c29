package org.relaychat.it;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The built WAR on a Payara Micro process of the test's own, for tests that stop and start the
 * server themselves. Its output goes to a log file under {@code target/}.
 */
final class PayaraMicroProcess implements AutoCloseable {

    private static final Duration STARTUP = Duration.ofMinutes(3);

    private final Process process;
    private final int port;

    private PayaraMicroProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts Payara Micro with the WAR at the root context and waits until it serves the page. */
    static PayaraMicroProcess start(String logName, List<String> extraOptions, List<String> systemProperties)
            throws Exception {
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m"));
        command.addAll(systemProperties);
        command.addAll(List.of("-jar", System.getProperty("payara.microJar"), "--nocluster", "--port",
                String.valueOf(port), "--contextroot", "/", "--deploy", System.getProperty("relay.war")));
        command.addAll(extraOptions);
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(Path.of("target", logName + ".log").toFile()).start();
        PayaraMicroProcess micro = new PayaraMicroProcess(process, port);
        micro.awaitServing();
        return micro;
    }

    URI endpoint() {
        return URI.create("ws://localhost:" + port + "/ws");
    }

    /** The MicroProfile Health endpoint of one kind ({@code ready}, {@code live}). */
    URI health(String kind) {
        return URI.create("http://localhost:" + port + "/health/" + kind);
    }

    /** Ends the server as a crash would (SIGKILL): no shutdown, no close frames. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    private void awaitServing() throws Exception {
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Payara Micro exited with " + process.exitValue());
            }
            try {
                HttpURLConnection page = (HttpURLConnection) URI.create("http://localhost:" + port + "/").toURL()
                        .openConnection();
                page.setConnectTimeout(1000);
                page.setReadTimeout(5000);
                if (page.getResponseCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            // Polling a process that cannot notify us: wait for the next connection attempt.
            process.waitFor(500, TimeUnit.MILLISECONDS);
        }
        throw new IllegalStateException("Payara Micro did not serve within " + STARTUP);
    }

    /** Stops the server as an operator would (SIGTERM), letting it shut down cleanly. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
