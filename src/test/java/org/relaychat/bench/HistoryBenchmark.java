package org.relaychat.bench;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import java.io.StringReader;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.glassfish.tyrus.client.ClientManager;

/**
 * Measures the message store through the protocol against a running server:
 * <ol>
 * <li>{@code store PUBLISHERS MESSAGES}: publishers, each alone in its own room so that fan-out costs
 * nothing, send room messages as fast as the server
 * acknowledges them (an ack means committed), with a window of unacknowledged messages each;
 * prints acknowledged messages per second.</li>
 * <li>{@code query ROOM MIN_ID MAX_ID}: times {@code history} pages (newest, before and after an id
 * in the middle) of a room; prints p50, p99 and max.</li>
 * </ol>
 * Prints one JSON line of results. Usage: {@code HistoryBenchmark ws://host:port/ws store 8 5000}.
 */
public final class HistoryBenchmark {

    private static final int WINDOW = 64;
    private static final ClientManager CLIENTS = ClientManager.createClient();

    private HistoryBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        URI endpoint = URI.create(args[0]);
        JsonObject result = switch (args[1]) {
            case "store" -> store(endpoint, Integer.parseInt(args[2]), Integer.parseInt(args[3]));
            case "query" -> query(endpoint, args[2], Long.parseLong(args[3]), Long.parseLong(args[4]));
            default -> throw new IllegalArgumentException("store or query");
        };
        System.out.println(result);
        System.exit(0);
    }

    private static JsonObject store(URI endpoint, int publishers, int perPublisher) throws Exception {
        String text = "x".repeat(100);
        Histogram ackLatency = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
        CountDownLatch done = new CountDownLatch(publishers);
        AtomicLong failures = new AtomicLong();
        List<Publisher> all = new ArrayList<>();
        for (int p = 0; p < publishers; p++) {
            all.add(new Publisher(endpoint, "bench-store-" + p, perPublisher, done, failures));
        }
        long start = System.nanoTime();
        for (Publisher publisher : all) {
            new Thread(() -> publisher.run(text)).start();
        }
        done.await(10, TimeUnit.MINUTES);
        long elapsed = System.nanoTime() - start;
        all.forEach(publisher -> ackLatency.add(publisher.latency));
        long acked = (long) publishers * perPublisher - failures.get();
        return Json.createObjectBuilder()
                .add("scenario", "store").add("publishers", publishers).add("messages", acked)
                .add("failed", failures.get()).add("seconds", elapsed / 1e9)
                .add("stored_per_second", Math.round(acked / (elapsed / 1e9)))
                .add("ack_p50_ms", ackLatency.getValueAtPercentile(50) / 1e6)
                .add("ack_p99_ms", ackLatency.getValueAtPercentile(99) / 1e6).build();
    }

    private static JsonObject query(URI endpoint, String room, long minId, long maxId) throws Exception {
        Connection client = new Connection(endpoint, "bench-reader");
        client.send("{\"event\":\"join_room\",\"room\":\"" + room + "\",\"ref\":\"j\"}");
        client.awaitRef("j");
        long middle = minId + (maxId - minId) / 2;
        var builder = Json.createObjectBuilder().add("scenario", "query").add("room", room);
        for (String kind : List.of("newest", "before", "after")) {
            Histogram latency = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
            for (int i = 0; i < 300; i++) {
                String bound = switch (kind) {
                    case "before" -> ",\"before\":" + (middle + i);
                    case "after" -> ",\"after\":" + (middle + i);
                    default -> "";
                };
                long start = System.nanoTime();
                client.send("{\"event\":\"history\",\"room\":\"" + room + "\",\"limit\":50" + bound
                        + ",\"ref\":\"q" + i + "\"}");
                JsonObject page = client.awaitRef("q" + i);
                latency.recordValue(System.nanoTime() - start);
                if (page.getJsonArray("messages").size() != 50) {
                    throw new IllegalStateException("short page: " + page.getJsonArray("messages").size());
                }
            }
            builder.add(kind + "_p50_ms", latency.getValueAtPercentile(50) / 1e6)
                    .add(kind + "_p99_ms", latency.getValueAtPercentile(99) / 1e6)
                    .add(kind + "_max_ms", latency.getMaxValue() / 1e6);
        }
        return builder.build();
    }

    /** Sends its messages keeping at most {@link #WINDOW} unacknowledged. */
    private static final class Publisher {
        final Connection connection;
        final String room;
        final int count;
        final CountDownLatch done;
        final AtomicLong failures;
        final Histogram latency = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);

        Publisher(URI endpoint, String room, int count, CountDownLatch done, AtomicLong failures) throws Exception {
            this.connection = new Connection(endpoint, "publisher");
            this.room = room;
            this.count = count;
            this.done = done;
            this.failures = failures;
            connection.send("{\"event\":\"join_room\",\"room\":\"" + room + "\",\"ref\":\"j\"}");
            connection.awaitRef("j");
        }

        void run(String text) {
            try {
                Semaphore window = new Semaphore(WINDOW);
                long[] sentAt = new long[count];
                Thread acks = new Thread(() -> {
                    for (int received = 0; received < count; received++) {
                        try {
                            JsonObject reply = connection.nextReply();
                            int n = Integer.parseInt(reply.getString("ref"));
                            latency.recordValue(System.nanoTime() - sentAt[n]);
                            if (!"ack".equals(reply.getString("event"))) {
                                failures.incrementAndGet();
                            }
                            window.release();
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                });
                acks.start();
                for (int n = 0; n < count; n++) {
                    window.acquire();
                    sentAt[n] = System.nanoTime();
                    connection.send("{\"event\":\"room_message\",\"room\":\"" + room + "\",\"message\":\"" + text
                            + "\",\"ref\":\"" + n + "\"}");
                }
                acks.join();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            } finally {
                done.countDown();
            }
        }
    }

    /** A client that keeps only the replies to its own frames (those carrying a ref). */
    private static final class Connection {
        final BlockingQueue<JsonObject> replies = new LinkedBlockingQueue<>();
        final Session session;

        Connection(URI endpoint, String name) throws Exception {
            session = CLIENTS.connectToServer(new Endpoint() {
                @Override
                public void onOpen(Session session, EndpointConfig config) {
                    session.setMaxTextMessageBufferSize(4 * 1024 * 1024);
                    session.addMessageHandler(String.class, (MessageHandler.Whole<String>) text -> {
                        if (text.contains("\"ref\"")) {
                            replies.add(Json.createReader(new StringReader(text)).readObject());
                        }
                    });
                }
            }, ClientEndpointConfig.Builder.create().build(), URI.create(endpoint + "?name=" + name));
        }

        void send(String frame) throws Exception {
            session.getBasicRemote().sendText(frame);
        }

        JsonObject nextReply() throws InterruptedException {
            JsonObject reply = replies.poll(60, TimeUnit.SECONDS);
            if (reply == null) {
                throw new IllegalStateException("no reply within 60 s");
            }
            return reply;
        }

        JsonObject awaitRef(String ref) throws InterruptedException {
            while (true) {
                JsonObject reply = nextReply();
                if (ref.equals(reply.getString("ref", null))) {
                    return reply;
                }
            }
        }
    }
}
