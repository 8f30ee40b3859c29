package org.relaychat.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.relaychat.it.ClusterNodes.WAIT;
import static org.relaychat.it.ClusterNodes.awaitPresence;
import static org.relaychat.it.ClusterNodes.awaitReady;
import static org.relaychat.it.ClusterNodes.collectUntil;
import static org.relaychat.it.ClusterNodes.history;
import static org.relaychat.it.ClusterNodes.join;
import static org.relaychat.it.ClusterNodes.sendMessages;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two nodes on a Redis that Sentinel watches ({@code redis-sentinel://} in {@code chat.redis.uri}):
 * a master, its replica and one Sentinel, started by {@code src/test/redis/redis.sh
 * sentinel-start}. The master crashes while the nodes carry traffic; Sentinel promotes the
 * replica, Lettuce asks Sentinel for the new master and reconnects, and what crossed between the
 * nodes meanwhile is delayed, not lost.
 */
class SentinelFailoverIT {

    private static final String DIR = "target/redis-sentinel";
    private static final String RUN = UUID.randomUUID().toString().substring(0, 6);

    private static int masterPort;
    private static int replicaPort;
    private static int sentinelPort;
    private static ChatNode nodeA;
    private static ChatNode nodeB;

    @BeforeAll
    static void startRedisAndTwoNodes() throws Exception {
        masterPort = freePort();
        replicaPort = freePort();
        sentinelPort = freePort();
        TestRedis.script("sentinel-start", DIR, List.of(String.valueOf(masterPort), String.valueOf(replicaPort),
                String.valueOf(sentinelPort)));
        List<ChatNode> nodes = ClusterNodes.startTwo("sentinel",
                "redis-sentinel://127.0.0.1:" + sentinelPort + "#relay", RUN);
        nodeA = nodes.get(0);
        nodeB = nodes.get(1);
    }

    @AfterAll
    static void stopAll() throws Exception {
        ClusterNodes.stop(nodeA, nodeB);
        TestRedis.script("sentinel-stop", DIR, List.of());
    }

    @Test
    void theMastersCrashDelaysMessagesBetweenNodesButLosesNone() throws Exception {
        String room = "failover-" + RUN;
        try (ChatClient ana = ChatClient.connect(nodeA.endpoint(), "ana-" + RUN);
                ChatClient bo = ChatClient.connect(nodeB.endpoint(), "bo-" + RUN)) {
            join(room, ana, bo);
            awaitPresence(ana, room, Set.of(ana.clientId(), bo.clientId()));
            List<Long> fromAna = new ArrayList<>();
            List<Long> atBo = new ArrayList<>();
            List<Long> atAna = new ArrayList<>();
            sendMessages(ana, room, "before", 10, fromAna, atAna);
            collectUntil(bo, room, atBo, fromAna);

            crashMaster();
            // Both nodes still store and acknowledge while Sentinel elects the replica.
            sendMessages(ana, room, "during", 10, fromAna, atAna);
            await("Sentinel names the replica as master").atMost(WAIT)
                    .until(() -> masterAddress().equals(List.of("127.0.0.1", String.valueOf(replicaPort))));
            awaitReady(nodeA, true);
            awaitReady(nodeB, true);
            sendMessages(ana, room, "after", 10, fromAna, atAna);

            collectUntil(bo, room, atBo, fromAna);
            assertEquals(atBo.size(), new LinkedHashSet<>(atBo).size(), "no message twice at B: " + atBo);
            assertEquals(fromAna.stream().sorted().toList(), history(bo, room, null));
        }
    }

    /** Ends the master as a crash would: SIGKILL, nothing said to Sentinel or the replica. */
    private static void crashMaster() throws IOException {
        long pid = Long.parseLong(Files.readString(Path.of(DIR, "master", "redis.pid")).trim());
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    }

    /** Sentinel's answer to {@code SENTINEL get-master-addr-by-name relay}: host and port. */
    private static List<String> masterAddress() throws IOException {
        try (Socket socket = new Socket("127.0.0.1", sentinelPort)) {
            OutputStream out = socket.getOutputStream();
            out.write("SENTINEL get-master-addr-by-name relay\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            // *2, then $len and the host, $len and the port
            List<String> lines = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                lines.add(line(in));
            }
            return List.of(lines.get(2), lines.get(4));
        }
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != '\r'; c = in.read()) {
            if (c < 0) {
                throw new IOException("Sentinel closed the connection");
            }
            line.append((char) c);
        }
        in.read();
        return line.toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
