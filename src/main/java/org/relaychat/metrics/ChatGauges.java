package org.relaychat.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.relaychat.connection.Connection;
import org.relaychat.registry.ChatRegistry;
import org.relaychat.registry.Room;

/**
 * The node's state as gauges: connections, rooms, the sizes of the largest rooms, and what is
 * queued for clients. The figures that take a pass over every room or connection are taken once
 * per scrape ({@link #refresh}), not once per series.
 */
@ApplicationScoped
public class ChatGauges {

    private ChatRegistry registry;
    private int topRooms;
    private MultiGauge roomMembers;
    private final AtomicLong backlog = new AtomicLong();
    private final AtomicLong largestBacklog = new AtomicLong();

    protected ChatGauges() {
        // for the CDI proxy
    }

    @Inject
    public ChatGauges(ChatRegistry registry, Meters meters,
            @ConfigProperty(name = "chat.metrics.top-rooms") int topRooms) {
        this.registry = registry;
        this.topRooms = topRooms;
        var meterRegistry = meters.registry();
        Gauge.builder("relay.connections", registry, ChatRegistry::connectionCount)
                .description("Open WebSocket connections.").register(meterRegistry);
        Gauge.builder("relay.rooms", registry, chat -> chat.rooms().size())
                .description("Rooms with at least one member.").register(meterRegistry);
        // By rank, not by name: a room's name can be private ("board-layoffs-q3"), and this page is
        // public so that a scraper needs no admin password. The names are in /api/admin/rooms.
        roomMembers = MultiGauge.builder("relay.room.members")
                .description("Members of the " + topRooms + " largest rooms, by rank.").register(meterRegistry);
        Gauge.builder("relay.outbound.backlog.chars", backlog, AtomicLong::get)
                .description("Characters queued for clients or sent but not yet confirmed read, all clients together.")
                .register(meterRegistry);
        Gauge.builder("relay.outbound.backlog.max.chars", largestBacklog, AtomicLong::get)
                .description("The largest backlog of one client, in characters.").register(meterRegistry);
    }

    /** Registers the gauges as the application starts, so that the first scrape has them. */
    void registerAtStart(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted) {
        // creating the bean was the point
    }

    /** Takes the figures that need a pass over the rooms and connections. */
    public void refresh() {
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        int[] sizes = registry.rooms().stream().mapToInt(Room::size).boxed()
                .sorted(Comparator.reverseOrder()).limit(topRooms).mapToInt(Integer::intValue).toArray();
        for (int rank = 1; rank <= sizes.length; rank++) {
            rows.add(MultiGauge.Row.of(Tags.of("rank", String.valueOf(rank)), sizes[rank - 1]));
        }
        roomMembers.register(rows, true);
        long total = 0;
        long largest = 0;
        for (Connection connection : registry.connections()) {
            int chars = connection.backlogChars();
            total += chars;
            largest = Math.max(largest, chars);
        }
        backlog.set(total);
        largestBacklog.set(largest);
    }
}
