package org.relaychat.metrics;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import java.util.Comparator;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.relaychat.config.ClusterConfig;
import org.relaychat.connection.CloseCode;
import org.relaychat.connection.Connection;
import org.relaychat.protocol.ErrorCode;
import org.relaychat.registry.ChatRegistry;
import org.relaychat.registry.Room;

/**
 * {@code GET /api/metrics}: this node's chat metrics in Prometheus text format, from the
 * application's own counters, so that Payara and WildFly serve the same series, followed by the
 * cluster's in cluster mode ({@link ClusterMetrics}) and the JVM's ({@link JvmMetrics}). Totals
 * are counters; Prometheus derives the rates ({@code rate(relay_messages_received_total[1m])}).
 * It names no room, user or client, so it is public like the health checks.
 */
@Path("metrics")
@RequestScoped
public class MetricsResource {

    @Inject
    ChatRegistry registry;

    @Inject
    ChatCounters counters;

    @Inject
    JvmMetrics jvm;

    @Inject
    ClusterMetrics cluster;

    @Inject
    ClusterConfig clusterConfig;

    @Inject
    @ConfigProperty(name = "chat.metrics.top-rooms")
    int topRooms;

    @GET
    @Produces(PrometheusText.CONTENT_TYPE)
    public String scrape() {
        PrometheusText text = new PrometheusText();
        text.family("relay_connections", "gauge", "Open WebSocket connections.")
                .sample("relay_connections", registry.connectionCount());
        text.family("relay_rooms", "gauge", "Rooms with at least one member.")
                .sample("relay_rooms", registry.rooms().size());
        // By rank, not by name: a room's name can be private ("board-layoffs-q3"), and this page is
        // public so that a scraper needs no admin password. The names are in /api/admin/rooms.
        text.family("relay_room_members", "gauge", "Members of the " + topRooms + " largest rooms, by rank.");
        int[] sizes = registry.rooms().stream().mapToInt(Room::size).boxed()
                .sorted(Comparator.reverseOrder()).limit(topRooms).mapToInt(Integer::intValue).toArray();
        for (int rank = 1; rank <= sizes.length; rank++) {
            text.sample("relay_room_members", "rank", String.valueOf(rank), sizes[rank - 1]);
        }

        text.family("relay_messages_received_total", "counter", "Frames received from clients.")
                .sample("relay_messages_received_total", counters.messagesReceived());
        text.family("relay_messages_sent_total", "counter", "Frames handed to client sockets.")
                .sample("relay_messages_sent_total", counters.messagesSent());

        long backlog = 0;
        long largest = 0;
        for (Connection connection : registry.connections()) {
            int chars = connection.backlogChars();
            backlog += chars;
            largest = Math.max(largest, chars);
        }
        text.family("relay_outbound_backlog_chars", "gauge",
                "Characters queued for clients or sent but not yet confirmed read, all clients together.")
                .sample("relay_outbound_backlog_chars", backlog);
        text.family("relay_outbound_backlog_max_chars", "gauge", "The largest backlog of one client, in characters.")
                .sample("relay_outbound_backlog_max_chars", largest);
        text.family("relay_slow_consumer_closes_total", "counter", "Clients closed for not reading their frames.")
                .sample("relay_slow_consumer_closes_total", counters.slowConsumerCloses());

        text.family("relay_errors_total", "counter", "Error events sent to clients, by code.");
        for (ErrorCode code : ErrorCode.values()) {
            text.sample("relay_errors_total", "code", code.wireName(), counters.errors(code));
        }
        text.family("relay_server_closes_total", "counter", "Connections closed by the server, by close code.");
        for (CloseCode code : CloseCode.values()) {
            text.sample("relay_server_closes_total", "code", String.valueOf(code.code()), counters.serverCloses(code));
        }
        text.family("relay_history_store_seconds", "histogram",
                "Time from a message handed to the store to its commit (the group commit's wait included).");
        counters.storeLatency().writeTo(text, "relay_history_store_seconds");
        String clusterPart = clusterConfig.mode() == ClusterConfig.Mode.REDIS ? cluster.scrape() : "";
        return text + clusterPart + jvm.scrape();
    }
}
