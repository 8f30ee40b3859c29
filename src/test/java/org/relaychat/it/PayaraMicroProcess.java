package org.relaychat.it;

import java.io.IOException;
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
final class PayaraMicroProcess implements ChatNode {

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
        ChatNode.awaitServing(process, URI.create("http://localhost:" + port + "/"), STARTUP, "Payara Micro");
        return micro;
    }

    @Override
    public URI endpoint() {
        return URI.create("ws://localhost:" + port + "/ws");
    }

    @Override
    public URI health(String kind) {
        return URI.create("http://localhost:" + port + "/health/" + kind);
    }

    @Override
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

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
