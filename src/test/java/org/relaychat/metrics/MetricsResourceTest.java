package org.relaychat.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.relaychat.chat.ChatService;
import org.relaychat.config.ClusterConfig;
import org.relaychat.config.Limits;
import org.relaychat.connection.CloseCode;
import org.relaychat.connection.Connection;
import org.relaychat.connection.RecordingTransport;
import org.relaychat.history.InMemoryMessageHistory;
import org.relaychat.protocol.ClientFrameDecoder;
import org.relaychat.protocol.ErrorCode;
import org.relaychat.registry.ChatRegistry;

class MetricsResourceTest {

    private static final ClientFrameDecoder DECODER = new ClientFrameDecoder(Limits.defaults());
    private static final String LABEL = "[a-zA-Z_][a-zA-Z0-9_]*=\"([^\"\\\\\\n]|\\\\.)*\"";
    private static final Pattern LINE = Pattern.compile(
            "# (HELP|TYPE) .+|[a-zA-Z_:][a-zA-Z0-9_:]*(\\{" + LABEL + "(," + LABEL + ")*})? ([0-9.E+-]+|NaN|[+-]Inf)");

    private ChatRegistry registry;
    private ChatCounters counters;
    private ChatService chat;
    private MetricsResource cut;

    @BeforeEach
    void wire() {
        registry = new ChatRegistry();
        counters = new ChatCounters();
        chat = new ChatService(registry, new InMemoryMessageHistory(), Limits.defaults(), Optional.of("general"), 0);
        chat.countInto(counters);
        cut = new MetricsResource();
        cut.registry = registry;
        cut.counters = counters;
        cut.topRooms = 2;
        cut.jvm = new JvmMetrics();
        cut.jvm.bind();
        cut.cluster = new ClusterMetrics();
        cut.cluster.register();
        cut.clusterConfig = clusterMode(ClusterConfig.Mode.LOCAL);
    }

    private static ClusterConfig clusterMode(ClusterConfig.Mode mode) {
        return new ClusterConfig(mode, "redis://localhost:6379", "a1", Duration.ofSeconds(3), "relay");
    }

    @AfterEach
    void unbind() {
        cut.jvm.close();
        cut.cluster.close();
    }

    @Test
    void aClusterNodeReportsWhatItPublishedReceivedAndSubscribes() {
        cut.clusterConfig = clusterMode(ClusterConfig.Mode.REDIS);
        cut.cluster.published(Duration.ofMillis(2).toNanos());
        cut.cluster.received();
        cut.cluster.received();
        cut.cluster.duplicate();
        cut.cluster.countChannelsWith(() -> 7);

        String text = cut.scrape();

        assertTrue(text.contains("\nrelay_cluster_events_published_total 1.0\n"), text);
        assertTrue(text.contains("\nrelay_cluster_events_received_total 2.0\n"), text);
        assertTrue(text.contains("\nrelay_cluster_events_duplicate_total 1.0\n"), text);
        assertTrue(text.contains("\nrelay_cluster_channels_subscribed 7.0\n"), text);
        assertTrue(text.contains("\nrelay_cluster_redis_round_trip_seconds_bucket{le=\"0.005\"} 1\n"), text);
        for (String line : text.split("\n")) {
            assertTrue(LINE.matcher(line).matches(), line);
        }
    }

    @Test
    void aSingleNodeHasNoClusterSeries() {
        assertFalse(cut.scrape().contains("relay_cluster_"));
    }

    @Test
    void everyLineIsPrometheusText() {
        connect("ana");

        for (String line : cut.scrape().split("\n")) {
            assertTrue(LINE.matcher(line).matches(), line);
        }
    }

    @Test
    void theJvmsHeapGcAndThreadsFollowTheChatFigures() {
        String text = cut.scrape();

        assertTrue(text.indexOf("# TYPE jvm_memory_used_bytes gauge") > text.indexOf("relay_connections"), text);
        assertTrue(Pattern.compile("^jvm_memory_used_bytes\\{area=\"heap\",id=\"[^\"]+\"} [0-9.E+]+$", Pattern.MULTILINE)
                .matcher(text).find(), text);
        assertTrue(text.contains("jvm_memory_max_bytes{"), text);
        assertTrue(text.contains("jvm_threads_live_threads "), text);
        assertTrue(text.contains("jvm_classes_loaded_classes "), text);
        assertTrue(text.contains("process_uptime_seconds "), text);
    }

    @Test
    void connectionsRoomsAndTheLargestRoomsAreReportedWithoutTheirNames() {
        Connection ana = connect("ana");
        Connection ben = connect("ben");
        send(ana, "{\"event\":\"join_room\",\"room\":\"small\"}");
        send(ana, "{\"event\":\"join_room\",\"room\":\"pair\"}");
        send(ben, "{\"event\":\"join_room\",\"room\":\"pair\"}");

        String text = cut.scrape();

        assertTrue(text.contains("\nrelay_connections 2\n"), text);
        assertTrue(text.contains("\nrelay_rooms 3\n"), text);
        assertTrue(text.contains("\n# TYPE relay_room_members gauge\nrelay_room_members{rank=\"1\"} 2\n"
                + "relay_room_members{rank=\"2\"} 2\n"), text);
        assertFalse(text.contains("rank=\"3\""), "more rooms than asked for: " + text);
        for (String room : new String[] {"general", "pair", "small"}) {
            assertFalse(text.contains(room), "a room named: " + text);
        }
    }

    @Test
    void messagesErrorsAndClosesAreCounted() {
        Connection ana = connect("ana");
        send(ana, "{\"event\":\"message\",\"message\":\"hi\"}");
        send(ana, "not json");
        send(ana, "{\"event\":\"leave_room\",\"room\":\"nowhere\"}");
        chat.disconnect(ana, CloseCode.POLICY_VIOLATION, "kicked");

        String text = cut.scrape();

        assertTrue(text.contains("\nrelay_messages_received_total 3\n"), text);
        assertTrue(text.contains("\nrelay_errors_total{code=\"bad_json\"} 1\n"), text);
        assertTrue(text.contains("\nrelay_errors_total{code=\"not_member\"} 1\n"), text);
        assertTrue(text.contains("\nrelay_errors_total{code=\"rate_limited\"} 0\n"), text);
        assertTrue(text.contains("\nrelay_server_closes_total{code=\"1008\"} 1\n"), text);
        assertTrue(text.contains("\nrelay_slow_consumer_closes_total 0\n"), text);
    }

    @Test
    void storeLatencyIsACumulativeHistogram() {
        counters.messageStored(TimeUnit.MICROSECONDS.toNanos(400));
        counters.messageStored(TimeUnit.MILLISECONDS.toNanos(3));
        counters.messageStored(TimeUnit.SECONDS.toNanos(9));

        String text = cut.scrape();

        assertTrue(text.contains("\n# TYPE relay_history_store_seconds histogram\n"
                + "relay_history_store_seconds_bucket{le=\"0.001\"} 1\n"
                + "relay_history_store_seconds_bucket{le=\"0.0025\"} 1\n"
                + "relay_history_store_seconds_bucket{le=\"0.005\"} 2\n"), text);
        assertTrue(text.contains("\nrelay_history_store_seconds_bucket{le=\"5.0\"} 2\n"
                + "relay_history_store_seconds_bucket{le=\"+Inf\"} 3\n"
                + "relay_history_store_seconds_sum 9.0034\n"
                + "relay_history_store_seconds_count 3\n"), text);
    }

    @Test
    void labelValuesAreEscaped() {
        assertEquals("a\\\\b\\\"c\\nd", PrometheusText.escape("a\\b\"c\nd"));
    }

    @Test
    void everyErrorCodeHasASeries() {
        String text = cut.scrape();

        for (ErrorCode code : ErrorCode.values()) {
            assertTrue(text.contains("relay_errors_total{code=\"" + code.wireName() + "\"} "), code.wireName());
        }
        assertEquals(List.of(), List.of(text.split("\n")).stream().filter(String::isBlank).toList());
    }

    private Connection connect(String name) {
        return chat.connect(new RecordingTransport(), Optional.of(name)).orElseThrow();
    }

    private void send(Connection connection, String frame) {
        chat.handle(connection, DECODER.decode(frame));
    }
}
