package org.relaychat.it;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * One Relay server of the test's own, whatever container runs it, for the tests that start,
 * crash and stop servers themselves.
 */
interface ChatNode extends AutoCloseable {

    /** The chat endpoint, {@code ws://host:port/ws}. */
    URI endpoint();

    /** The MicroProfile Health endpoint of one kind ({@code ready}, {@code live}). */
    URI health(String kind);

    /** The Prometheus text of the node's {@code /api/metrics}. */
    default URI metrics() {
        return URI.create(endpoint().toString().replace("ws://", "http://").replace("/ws", "/api/metrics"));
    }

    /** Ends the server as a crash would (SIGKILL): no shutdown, no close frames. */
    void kill() throws InterruptedException;

    /** Stops the server as an operator would (SIGTERM), letting it shut down cleanly. */
    @Override
    void close() throws InterruptedException;

    /** Waits until {@code process} serves {@code page} with 200, failing if it exits or takes longer than {@code within}. */
    static void awaitServing(Process process, URI page, Duration within, String server) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(server + " exited with " + process.exitValue());
            }
            try {
                HttpURLConnection connection = (HttpURLConnection) page.toURL().openConnection();
                connection.setConnectTimeout(1000);
                connection.setReadTimeout(5000);
                if (connection.getResponseCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            // Polling a process that cannot notify us: wait for the next connection attempt.
            process.waitFor(500, TimeUnit.MILLISECONDS);
        }
        throw new IllegalStateException(server + " did not serve within " + within);
    }
}
