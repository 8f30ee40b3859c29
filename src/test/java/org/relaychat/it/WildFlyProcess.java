package org.relaychat.it;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The built WAR on a WildFly process of the test's own: the build's WildFly ({@code wildfly.home},
 * already given the settings of {@code server-config/wildfly/}) with a server directory of its own
 * under {@code target/}, so that several can run side by side, each on its own port offset. Its
 * history goes to the test PostgreSQL through the project's own {@code server-config/wildfly/postgres.cli},
 * applied offline.
 */
final class WildFlyProcess implements ChatNode {

    private static final Duration STARTUP = Duration.ofMinutes(4);
    private static final String CONFIG = "standalone-microprofile.xml";
    /** The ports of WildFly's socket bindings that the offset moves; each must be free. */
    private static final int[] BINDINGS = {8080, 8443, 9990, 9993, 8009};
    /** The project's file adds the driver module to the shared WildFly: one node at a time. */
    private static final Object MODULES = new Object();

    private final Process process;
    private final int offset;

    private WildFlyProcess(Process process, int offset) {
        this.process = process;
        this.offset = offset;
    }

    /**
     * Starts WildFly with its server directory in {@code target/<name>}, made anew, the WAR deployed
     * at the root context and the default datasource on the test PostgreSQL, and waits until it
     * serves the page.
     */
    static WildFlyProcess start(String name, List<String> systemProperties) throws Exception {
        Path home = Path.of(System.getProperty("wildfly.home")).toAbsolutePath();
        Path base = Path.of("target", name).toAbsolutePath();
        newServerDirectory(home, base);
        onTestPostgres(home, base);
        Files.copy(Path.of(System.getProperty("relay.war")), base.resolve("deployments").resolve("ROOT.war"));

        int offset = freeOffset();
        List<String> command = new ArrayList<>(List.of(home.resolve("bin").resolve("standalone.sh").toString(),
                "-c", CONFIG, "-Djboss.server.base.dir=" + base,
                "-Djboss.socket.binding.port-offset=" + offset,
                "-Djboss.bind.address=127.0.0.1", "-Djboss.bind.address.management=127.0.0.1"));
        command.addAll(systemProperties);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(Path.of("target", name + ".log").toFile());
        builder.environment().put("JBOSS_HOME", home.toString());
        // The script then forwards SIGTERM to the server's JVM, so that close() is a clean shutdown.
        builder.environment().put("LAUNCH_JBOSS_IN_BACKGROUND", "true");
        Process process = builder.start();
        WildFlyProcess wildFly = new WildFlyProcess(process, offset);
        ChatNode.awaitServing(process, URI.create("http://localhost:" + (8080 + offset) + "/"), STARTUP, "WildFly");
        return wildFly;
    }

    @Override
    public URI endpoint() {
        return URI.create("ws://localhost:" + (8080 + offset) + "/ws");
    }

    /** WildFly serves health checks on its management interface. */
    @Override
    public URI health(String kind) {
        return URI.create("http://127.0.0.1:" + (9990 + offset) + "/health/" + kind);
    }

    @Override
    public void kill() throws InterruptedException {
        // The JVM is a child of the launch script: end it first, as a crash of the server would.
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly().waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            kill();
        }
    }

    /** A copy of the build's configuration and an empty deployments folder, nothing of an earlier run. */
    private static void newServerDirectory(Path home, Path base) throws IOException {
        if (Files.exists(base)) {
            try (Stream<Path> old = Files.walk(base)) {
                for (Path path : old.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
        Path configuration = home.resolve("standalone").resolve("configuration");
        try (Stream<Path> files = Files.walk(configuration)) {
            for (Path from : files.toList()) {
                Path to = base.resolve("configuration").resolve(configuration.relativize(from).toString());
                if (Files.isDirectory(from)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(from, to, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        Files.createDirectories(base.resolve("deployments"));
    }

    /**
     * Applies {@code server-config/wildfly/postgres.cli} offline to the server directory, with the
     * test database's address and the driver the build downloaded, as its header tells an operator.
     */
    private static void onTestPostgres(Path home, Path base) throws Exception {
        synchronized (MODULES) {
            boolean driverInstalled = Files.exists(home.resolve("modules/org/postgresql/main/module.xml"));
            StringBuilder script = new StringBuilder("embed-server --server-config=" + CONFIG + " --std-out=discard\n");
            for (String line : Files.readAllLines(Path.of("server-config/wildfly/postgres.cli"))) {
                if (driverInstalled && line.startsWith("module add")) {
                    continue;
                }
                script.append(line.replace("/path/to/postgresql.jar", Path.of("target/postgresql.jar").toAbsolutePath().toString())
                        .replace("db.example.com:5432", "127.0.0.1:" + System.getProperty("postgres.port"))
                        .replace("--password=change-me", "--password=relay")).append('\n');
            }
            script.append("stop-embedded-server\n");
            Path file = base.resolve("postgres.cli");
            Files.writeString(file, script);
            ProcessBuilder cli = new ProcessBuilder(home.resolve("bin").resolve("jboss-cli.sh").toString(),
                    "--file=" + file).redirectErrorStream(true)
                    .redirectOutput(base.resolve("postgres-cli.log").toFile());
            cli.environment().put("JBOSS_HOME", home.toString());
            cli.environment().put("JAVA_OPTS", "-Djboss.server.base.dir=" + base);
            Process run = cli.start();
            if (!run.waitFor(2, TimeUnit.MINUTES) || run.exitValue() != 0) {
                run.destroyForcibly();
                throw new IllegalStateException("postgres.cli failed, see " + base.resolve("postgres-cli.log"));
            }
        }
    }

    /** An offset that moves every port of {@link #BINDINGS} onto a free one. */
    private static int freeOffset() {
        for (int attempt = 0; attempt < 100; attempt++) {
            int offset = ThreadLocalRandom.current().nextInt(10_000, 50_000);
            if (allFree(offset)) {
                return offset;
            }
        }
        throw new IllegalStateException("no free port offset for WildFly");
    }

    private static boolean allFree(int offset) {
        for (int port : BINDINGS) {
            try (ServerSocket probe = new ServerSocket(port + offset)) {
                probe.setReuseAddress(true);
            } catch (IOException taken) {
                return false;
            }
        }
        return true;
    }
}
