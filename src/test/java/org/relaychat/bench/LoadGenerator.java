package org.relaychat.bench;

import jakarta.json.JsonObject;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;

/**
 * Loads any server that speaks the chat protocol and prints one JSON line of results:
 * <ul>
 * <li>{@code hold}: holds {@code --clients} idle connections for {@code --hold} seconds; reports how
 * many connected, their connect times, and the server's memory per connection (resident set, and
 * heap after a full collection when the server is a JVM) when {@code --pid} names its process.</li>
 * <li>{@code rooms}: {@code --rooms} rooms of {@code --members} members, {@code --publishers} of
 * them per room sending {@code room_message}s.</li>
 * <li>{@code broadcast}: {@code --clients} clients, {@code --publishers} of them sending
 * {@code broadcast}s to all the others.</li>
 * </ul>
 * The fan-out scenarios send at {@code --rate} messages per second in all, or, with rate 0, as fast
 * as the server delivers: each publisher keeps {@code --window} messages on their way to the last
 * member of its room. After {@code --warmup} seconds they measure for {@code --seconds}: delivered
 * messages per second, loss, and end-to-end latency (the send time travels in the message text).
 * {@code --slow 1} makes one member of the first room stop reading. {@code --spread ws://...} puts
 * every other client on a second endpoint, another node of the same cluster; a comma-separated list,
 * {@code --spread ws://b/ws,ws://c/ws}, deals the clients round robin over the main endpoint and the
 * listed ones (client i on endpoint i modulo their number). {@code --tag T} gives the rooms and
 * clients names of their own, for load generators that run at the same time against one cluster.
 * {@code --settle S} waits up to S seconds after the joins until nothing arrives any more (the
 * announcements of a join storm), so that the measured load starts on quiet servers.
 * {@code --batch 1} makes every client offer the subprotocol {@code relay.batch} and read frames of
 * several events; the result gives the load generator's own share of its core
 * ({@code load_cpu_percent}). Examples:
 * {@code LoadGenerator ws://127.0.0.1:8080/ws rooms --rooms 100 --members 50 --publishers 1 --rate 0},
 * {@code LoadGenerator ws://127.0.0.1:8081/ws rooms --rooms 100 --members 50 --publishers 1 --rate 0
 * --spread ws://127.0.0.1:8082/ws,ws://127.0.0.1:8083/ws}.
 */
public final class LoadGenerator {

    private LoadGenerator() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: LoadGenerator ws://host:port/ws hold|rooms|broadcast [--option value]...");
            System.exit(2);
        }
        System.out.println(run(URI.create(args[0]), args[1], options(args)));
        System.exit(0);
    }

    /** Runs one scenario; the options are those of the command line, without the dashes. */
    public static JsonObject run(URI endpoint, String scenario, Map<String, String> options) throws Exception {
        return switch (scenario) {
            case "hold" -> new HoldScenario(endpoint, options).run();
            case "rooms", "broadcast" -> new FanoutScenario(endpoint, scenario, options).run();
            default -> throw new IllegalArgumentException("unknown scenario " + scenario);
        };
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 2; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --option, got " + args[i]);
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
        return options;
    }

    static int intOption(Map<String, String> options, String name, int otherwise) {
        return Integer.parseInt(options.getOrDefault(name, Integer.toString(otherwise)));
    }

    static double doubleOption(Map<String, String> options, String name, double otherwise) {
        return Double.parseDouble(options.getOrDefault(name, Double.toString(otherwise)));
    }

    static double millis(long nanos) {
        return Math.round(nanos / 1e4) / 100.0;
    }
}
