package org.relaychat.bench;

import static org.relaychat.bench.LoadGenerator.intOption;
import static org.relaychat.bench.LoadGenerator.millis;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/** Holds many idle connections and measures what each costs the server. */
final class HoldScenario {

    private final URI endpoint;
    private final int clients;
    private final int holdSeconds;
    private final int inFlight;
    private final int sources;
    private final ServerMemory memory;

    HoldScenario(URI endpoint, Map<String, String> options) {
        this.endpoint = endpoint;
        this.clients = intOption(options, "clients", 1000);
        this.holdSeconds = intOption(options, "hold", 10);
        this.inFlight = intOption(options, "in-flight", 200);
        this.sources = intOption(options, "sources", 8);
        this.memory = new ServerMemory(Long.parseLong(options.getOrDefault("pid", "0")));
    }

    JsonObject run() throws Exception {
        ServerMemory.Reading before = memory.read();
        try (ClientPool pool = new ClientPool(endpoint, sources, 2)) {
            double connectSeconds = pool.connect(clients, inFlight, 600);
            // Idle for a while: heartbeats run, and whatever the server allocates lazily is allocated.
            new CountDownLatch(1).await(holdSeconds, TimeUnit.SECONDS);
            ServerMemory.Reading after = memory.read();
            int held = pool.welcomed() - (int) pool.lateCloses();
            Histogram connect = pool.connectTimes();
            JsonObjectBuilder result = Json.createObjectBuilder()
                    .add("scenario", "hold").add("clients", clients).add("connected", pool.welcomed())
                    .add("failed", pool.failed()).add("held", held)
                    .add("connect_seconds", Math.round(connectSeconds * 100) / 100.0)
                    .add("connects_per_second", Math.round(pool.welcomed() / connectSeconds))
                    .add("connect_p50_ms", millis(connect.getValueAtPercentile(50)))
                    .add("connect_p99_ms", millis(connect.getValueAtPercentile(99)))
                    .add("connect_max_ms", millis(connect.getMaxValue()));
            if (!pool.failures().isEmpty()) {
                var failures = Json.createObjectBuilder();
                pool.failures().forEach(failures::add);
                result.add("failures", failures);
            }
            if (before.rssBytes() > 0) {
                result.add("rss_before_mib", mib(before.rssBytes())).add("rss_after_mib", mib(after.rssBytes()))
                        .add("rss_per_connection_bytes", perConnection(after.rssBytes() - before.rssBytes(), held));
            }
            if (memory.isJvm()) {
                result.add("heap_before_mib", mib(before.heapUsedBytes()))
                        .add("heap_after_mib", mib(after.heapUsedBytes()))
                        // Live objects only: the heap in use right after the collection already
                        // holds new garbage again (heartbeats of every connection).
                        .add("heap_per_connection_bytes", perConnection(after.liveBytes() - before.liveBytes(), held))
                        .add("relay_heap_per_connection_bytes", RelayFootprint.bytesPerConnection(Math.max(held, 1_000)));
                var classes = Json.createArrayBuilder();
                for (Map.Entry<String, long[]> grown : ServerMemory.grownMost(before, after, 12)) {
                    classes.add(Json.createObjectBuilder().add("class", grown.getKey())
                            .add("instances_per_connection", Math.round(grown.getValue()[0] * 100.0 / held) / 100.0)
                            .add("bytes_per_connection", perConnection(grown.getValue()[1], held)));
                }
                result.add("heap_grown_most", classes);
            }
            return result.build();
        }
    }

    private static long perConnection(long bytes, int connections) {
        return connections == 0 ? 0 : Math.round((double) bytes / connections);
    }

    private static double mib(long bytes) {
        return Math.round(bytes / 1048576.0 * 10) / 10.0;
    }
}
