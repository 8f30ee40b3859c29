package org.relaychat.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The Redis the two-node tests share, as the build started it: one server ({@code redis.topology}
 * {@code single}, the default) or a Redis Cluster of three masters ({@code cluster}), so that the
 * same tests run against both. Relay is told which by its {@code chat.redis.uri}: several hosts mean
 * a cluster. Stopping and starting go through {@code src/test/redis/redis.sh}, the script the build
 * starts them with, so that a test's restart is the build's own start, on the same ports and
 * directories; there is no persistence, so Redis comes back empty, as a lost Redis would.
 */
public final class TestRedis {

    private static final String SCRIPT = "src/test/redis/redis.sh";
    private static final String HOST = "127.0.0.1";
    /** How long redis.sh may take; it waits at most some 30 s for a cluster to be ok itself. */
    private static final long SCRIPT_TIMEOUT_SECONDS = 120;

    private final boolean cluster;
    private final String dir;
    private final List<String> ports;
    /** The cluster bus ports the build reserved for the nodes, or none for Redis's default. */
    private final List<String> busPorts;

    private TestRedis(boolean cluster, String dir, List<String> ports, List<String> busPorts) {
        this.cluster = cluster;
        this.dir = dir;
        this.ports = ports;
        this.busPorts = busPorts;
    }

    /**
     * The Redis the build set up for this run: {@code redis.topology} says which, {@code redis.port}
     * and {@code redis.dir} describe the single server, {@code redis.cluster.ports} (comma-separated),
     * {@code redis.cluster.bus-ports} (optional) and {@code redis.cluster.dir} the cluster.
     */
    public static TestRedis fromSystemProperties() {
        String topology = System.getProperty("redis.topology", "single");
        return switch (topology) {
            case "single" -> new TestRedis(false, System.getProperty("redis.dir", "target/redis"),
                    List.of(System.getProperty("redis.port", "56379")), List.of());
            case "cluster" -> {
                List<String> ports = list("redis.cluster.ports");
                List<String> busPorts = list("redis.cluster.bus-ports");
                if (ports.size() != 3 || !(busPorts.isEmpty() || busPorts.size() == 3)) {
                    throw new IllegalStateException("redis.topology=cluster wants three redis.cluster.ports"
                            + " (and three redis.cluster.bus-ports, if any): " + ports + ", " + busPorts);
                }
                yield new TestRedis(true, System.getProperty("redis.cluster.dir", "target/redis-cluster"), ports,
                        busPorts);
            }
            default -> throw new IllegalStateException("redis.topology is single or cluster, not " + topology);
        };
    }

    private static List<String> list(String property) {
        return Arrays.stream(System.getProperty(property, "").split(",")).map(String::trim)
                .filter(port -> !port.isEmpty()).toList();
    }

    /** Relay's chat.redis.uri: one host for the single server, every node (Lettuce's form) for a cluster. */
    public String uri() {
        return "redis://" + hosts();
    }

    private String hosts() {
        return ports.stream().map(port -> HOST + ":" + port).collect(Collectors.joining(","));
    }

    boolean isCluster() {
        return cluster;
    }

    /** What this is, for display names and log lines. */
    public String describe() {
        return (cluster ? "Redis Cluster of three masters on " : "Redis on ") + hosts();
    }

    /** Stops the server, or every node of the cluster, and returns once their ports are free. */
    void stop() throws Exception {
        script(cluster ? "cluster-stop" : "stop", dir, List.of());
    }

    /** Starts it again, empty; a cluster is back, the same cluster, once every node says it is ok. */
    void start() throws Exception {
        List<String> arguments = new ArrayList<>(ports);
        arguments.addAll(busPorts);
        script(cluster ? "cluster-start" : "start", dir, arguments);
    }

    /** Runs {@code redis.sh ACTION DIR ARGUMENTS...} and fails unless it succeeds in time. */
    static void script(String action, String dir, List<String> arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", SCRIPT, action, dir));
        command.addAll(arguments);
        Process script = new ProcessBuilder(command).inheritIO().start();
        boolean ended = script.waitFor(SCRIPT_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (!ended) {
            script.destroyForcibly().waitFor();
        }
        assertTrue(ended, () -> String.join(" ", command) + " still running after " + SCRIPT_TIMEOUT_SECONDS + " s");
        assertEquals(0, script.exitValue(), () -> String.join(" ", command));
    }

    @Override
    public String toString() {
        return describe();
    }
}
