package org.relaychat.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.relaychat.config.DefaultLimits;
import org.relaychat.chat.ChatService;
import org.relaychat.chat.StandaloneChat;
import org.relaychat.connection.CloseCode;
import org.relaychat.connection.Connection;
import org.relaychat.connection.RecordingTransport;
import org.relaychat.history.InMemoryMessageHistory;
import org.relaychat.protocol.ClientFrameDecoder;
import org.relaychat.protocol.ErrorCode;
import org.relaychat.registry.ChatRegistry;

class MetricsResourceTest {

    private static final ClientFrameDecoder DECODER = new ClientFrameDecoder(DefaultLimits.limits());
    private static final String LABEL = "[a-zA-Z_][a-zA-Z0-9_]*=\"([^\"\\\\\\n]|\\\\.)*\"";
    private static final Pattern LINE = Pattern.compile(
            "# (HELP|TYPE) .+|[a-zA-Z_:][a-zA-Z0-9_:]*(\\{" + LABEL + "(," + LABEL + ")*})? ([0-9.E+-]+|NaN|[+-]Inf)");

    private ChatRegistry registry;
    private Meters meters;
    private ChatCounters counters;
    private ChatService chat;
    private JvmMetrics jvm;
    private MetricsResource cut;

    @BeforeEach
    void wire() {
        registry = new ChatRegistry();
        meters = new Meters();
        counters = new ChatCounters(meters);
        chat = StandaloneChat.service(registry, new InMemoryMessageHistory(), DefaultLimits.limits(), Optional.of("general"), 0);
        chat.countInto(counters);
        jvm = new JvmMetrics();
        jvm.meters = meters;
        jvm.bind();
        cut = new MetricsResource();
        cut.meters = meters;
        cut.gauges = new ChatGauges(registry, meters, 2);
    }

    @AfterEach
    void unbind() {
        jvm.close();
        meters.close();
    }

    @Test
    void everyLineIsPrometheusText() {
        connect("ana");

        for (String line : cut.scrape().split("\n")) {
            assertTrue(LINE.matcher(line).matches(), line);
        }
    }

    @Test
    void theJvmsHeapGcAndThreadsAreThere() {
        String text = cut.scrape();

        assertTrue(text.contains("# TYPE jvm_memory_used_bytes gauge"), text);
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

        assertEquals(2, value(text, "relay_connections"), text);
        assertEquals(3, value(text, "relay_rooms"), text);
        assertTrue(text.contains("# TYPE relay_room_members gauge\n"), text);
        assertEquals(2, value(text, "relay_room_members{rank=\"1\"}"), text);
        assertEquals(2, value(text, "relay_room_members{rank=\"2\"}"), text);
        assertFalse(text.contains("rank=\"3\""), "more rooms than asked for: " + text);
        for (String room : new String[] {"general", "pair", "small"}) {
            assertFalse(text.contains(room), "a room named: " + text);
        }
    }

    @Test
    void aRankNoRoomHoldsAnyMoreIsDropped() {
        Connection ana = connect("ana");
        Connection ben = connect("ben");
        assertEquals(2, value(cut.scrape(), "relay_room_members{rank=\"1\"}"));
        chat.disconnect(ana, CloseCode.GOING_AWAY, "bye");
        chat.disconnect(ben, CloseCode.GOING_AWAY, "bye");

        assertFalse(cut.scrape().contains("relay_room_members{"));
    }

    @Test
    void messagesErrorsAndClosesAreCounted() {
        Connection ana = connect("ana");
        send(ana, "{\"event\":\"message\",\"message\":\"hi\"}");
        send(ana, "not json");
        send(ana, "{\"event\":\"leave_room\",\"room\":\"nowhere\"}");
        chat.disconnect(ana, CloseCode.POLICY_VIOLATION, "kicked");

        String text = cut.scrape();

        assertTrue(text.contains("# TYPE relay_messages_received_total counter\n"), text);
        assertEquals(3, value(text, "relay_messages_received_total"), text);
        assertEquals(1, value(text, "relay_errors_total{code=\"bad_json\"}"), text);
        assertEquals(1, value(text, "relay_errors_total{code=\"not_member\"}"), text);
        assertEquals(0, value(text, "relay_errors_total{code=\"rate_limited\"}"), text);
        assertEquals(1, value(text, "relay_server_closes_total{code=\"1008\"}"), text);
        assertEquals(0, value(text, "relay_slow_consumer_closes_total"), text);
    }

    @Test
    void storeLatencyIsACumulativeHistogram() {
        counters.messageStored(TimeUnit.MICROSECONDS.toNanos(400));
        counters.messageStored(TimeUnit.MILLISECONDS.toNanos(3));
        counters.messageStored(TimeUnit.SECONDS.toNanos(9));

        String text = cut.scrape();

        assertTrue(text.contains("# TYPE relay_history_store_seconds histogram\n"), text);
        assertEquals(1, value(text, "relay_history_store_seconds_bucket{le=\"0.001\"}"), text);
        assertEquals(1, value(text, "relay_history_store_seconds_bucket{le=\"0.0025\"}"), text);
        assertEquals(2, value(text, "relay_history_store_seconds_bucket{le=\"0.005\"}"), text);
        assertEquals(2, value(text, "relay_history_store_seconds_bucket{le=\"5.0\"}"), text);
        assertEquals(3, value(text, "relay_history_store_seconds_bucket{le=\"+Inf\"}"), text);
        assertEquals(9.0034, value(text, "relay_history_store_seconds_sum"), 1e-9, text);
        assertEquals(3, value(text, "relay_history_store_seconds_count"), text);
    }

    @Test
    void aClusterNodeReportsWhatItPublishedReceivedAndSubscribes() {
        ClusterMetrics cluster = new ClusterMetrics();
        cluster.meters = meters;
        cluster.register();
        cluster.published(Duration.ofMillis(2).toNanos());
        cluster.received();
        cluster.received();
        cluster.duplicate();
        cluster.countChannelsWith(() -> 7);

        String text = cut.scrape();

        assertEquals(1, value(text, "relay_cluster_events_published_total"), text);
        assertEquals(2, value(text, "relay_cluster_events_received_total"), text);
        assertEquals(1, value(text, "relay_cluster_events_duplicate_total"), text);
        assertEquals(7, value(text, "relay_cluster_channels_subscribed"), text);
        assertEquals(1, value(text, "relay_cluster_redis_round_trip_seconds_bucket{le=\"0.005\"}"), text);
        for (String line : text.split("\n")) {
            assertTrue(LINE.matcher(line).matches(), line);
        }
    }

    @Test
    void aSingleNodeHasNoClusterSeries() {
        assertFalse(cut.scrape().contains("relay_cluster_"));
    }

    @Test
    void everyErrorCodeHasASeries() {
        String text = cut.scrape();

        for (ErrorCode code : ErrorCode.values()) {
            assertTrue(text.contains("relay_errors_total{code=\"" + code.wireName() + "\"} "), code.wireName());
        }
        assertEquals(List.of(), List.of(text.split("\n")).stream().filter(String::isBlank).toList());
    }

    /** The value of one sample, named with its labels as the text has them. */
    private static double value(String text, String sample) {
        return text.lines().filter(line -> line.startsWith(sample + " ")).findFirst()
                .map(line -> Double.parseDouble(line.substring(sample.length() + 1)))
                .orElseThrow(() -> new AssertionError(sample + " not in " + text));
    }

    private Connection connect(String name) {
        return chat.connect(new RecordingTransport(), Optional.of(name)).orElseThrow();
    }

    private void send(Connection connection, String frame) {
        chat.handle(connection, DECODER.decode(frame));
    }
}
