package org.relaychat.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.relaychat.it.FileTransfers.download;
import static org.relaychat.it.FileTransfers.getStream;
import static org.relaychat.it.FileTransfers.putStream;
import static org.relaychat.it.FileTransfers.roomMessage;
import static org.relaychat.it.FileTransfers.slot;

import jakarta.json.JsonObject;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * A file far larger than the server's heap could hold twice goes in and out in chunks: 200 MiB
 * through a Payara Micro whose heap is 256 MiB, with the default datasource on PostgreSQL. The
 * server's heap is sampled from its metrics meanwhile, and its peak printed as the measured figure.
 */
class LargeFilePostgresIT {

    private static final long SIZE = 200L * 1024 * 1024;
    private static final long MAX_BYTES = 256L * 1024 * 1024;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void twoHundredMebibytesStreamInAndOutOfASmallHeap() throws Exception {
        String room = "large-" + UUID.randomUUID().toString().substring(0, 8);
        try (PayaraMicroProcess server = PayaraMicroProcess.start("large-file",
                List.of("--addLibs", "target/postgresql.jar", "--postbootcommandfile", "target/postgres/post-boot.asadmin"),
                List.of("-Xmx256m", "-Dchat.files.max-bytes=" + MAX_BYTES));
                ChatClient ana = ChatClient.connect(server.endpoint(), "large-ana")) {
            URI endpoint = server.endpoint();
            assertEquals(MAX_BYTES, ana.welcome().getJsonObject("limits").getJsonNumber("max_file_bytes").longValue(),
                    "the welcome tells the upload limit the server was given");
            ana.send("join_room", "room", room, "ref", "j");
            ana.await(e -> "j".equals(e.getString("ref", null)), "join ack");
            long before = heapUsed(endpoint);

            JsonObject slot = slot(ana, "big.bin", SIZE);
            AtomicLong peak = new AtomicLong();
            HttpResponse<String> stored;
            ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
            try {
                sampler.scheduleAtFixedRate(() -> peak.accumulateAndGet(heapUsedOrZero(endpoint), Math::max),
                        0, 100, TimeUnit.MILLISECONDS);
                stored = putStream(endpoint, slot, () -> FilesIT.zeros(SIZE));
            } finally {
                sampler.shutdownNow();
            }
            assertEquals(201, stored.statusCode(), stored::body);
            assertEquals(SIZE, FileTransfers.json(stored.body()).getJsonNumber("size").longValue());
            System.out.printf("Upload of %d MiB: server heap %d MiB before, at most %d MiB while it ran (-Xmx256m)%n",
                    SIZE >> 20, before >> 20, peak.get() >> 20);

            roomMessage(ana, room, "", "big", slot.getString("file"));
            assertEquals("ack", ana.await(e -> "big".equals(e.getString("ref", null)), "ack").getString("event"));
            HttpResponse<InputStream> fetched = getStream(endpoint, download(ana, slot.getString("file")).getString("url"));
            assertEquals(200, fetched.statusCode());
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            long length;
            try (InputStream body = new DigestInputStream(fetched.body(), digest)) {
                length = body.transferTo(OutputStream.nullOutputStream());
            }
            assertEquals(SIZE, length);
            MessageDigest expected = MessageDigest.getInstance("SHA-256");
            try (InputStream zeros = new DigestInputStream(FilesIT.zeros(SIZE), expected)) {
                zeros.transferTo(OutputStream.nullOutputStream());
            }
            assertEquals(HexFormat.of().formatHex(expected.digest()), HexFormat.of().formatHex(digest.digest()));
        }
    }

    private static long heapUsedOrZero(URI endpoint) {
        try {
            return heapUsed(endpoint);
        } catch (Exception unanswered) {
            return 0;
        }
    }

    /** The sum of the heap pools' {@code jvm_memory_used_bytes} on the server's metrics. */
    private static long heapUsed(URI endpoint) throws Exception {
        String metrics = HTTP.send(HttpRequest.newBuilder(FileTransfers.httpBase(endpoint).resolve("api/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return (long) metrics.lines().filter(line -> line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\""))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }
}
