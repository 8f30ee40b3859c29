package org.relaychat.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Handshakes whose request target the container cannot parse get 400 and leave nothing open. */
class HandshakeTargetIT extends DeployedServerTest {

    private static final int ATTEMPTS = 200;
    private static final int SLACK = 20;

    @ParameterizedTest
    @ValueSource(strings = {"a|b", "a%b", "a%4", "a{b", "a}b", "a^b", "a\"b", "a\\b", "a`b", "a<b", "a>b"})
    void unparseableTargetIsRefusedWith400(String name) throws IOException {
        assertEquals(400, handshakeStatus(name));
    }

    /** A bare space ends the request target, so the container's HTTP parser refuses the line itself. */
    @Test
    void aSpaceInTheTargetIsRefusedBeforeAnyUpgrade() throws IOException {
        int status = handshakeStatus("a b");
        assertTrue(status >= 400 && status <= 505, "status " + status);
    }

    @Test
    void refusedHandshakesLeaveNoOpenFiles() throws IOException {
        ServerProcess server = ServerProcess.listeningOn(endpoint().getPort());
        handshakeStatus("warm|up");
        long before = server.openFiles();
        for (int i = 0; i < ATTEMPTS; i++) {
            assertEquals(400, handshakeStatus("a|" + i));
        }
        Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> server.openFiles() <= before + SLACK);
        assertTrue(server.openFiles() <= before + SLACK);
    }

    /** Sends the handshake with {@code name} unencoded in the query and reads the status code. */
    private int handshakeStatus(String name) throws IOException {
        URI ws = endpoint();
        try (Socket socket = new Socket()) {
            socket.setSoTimeout((int) ChatClient.TIMEOUT.toMillis() * 2);
            socket.connect(new InetSocketAddress(ws.getHost(), ws.getPort()));
            socket.getOutputStream().write(("GET " + ws.getRawPath() + "?name=" + name + " HTTP/1.1\r\n"
                    + "Host: " + ws.getHost() + ":" + ws.getPort() + "\r\n"
                    + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            StringBuilder status = new StringBuilder();
            int c;
            while ((c = in.read()) != -1 && c != '\n') {
                status.append((char) c);
            }
            String[] parts = status.toString().split(" ");
            return parts.length > 1 ? Integer.parseInt(parts[1]) : -1;
        }
    }
}
