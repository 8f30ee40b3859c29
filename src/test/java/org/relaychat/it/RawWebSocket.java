package org.relaychat.it;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A bare WebSocket client over a plain socket, for peers no well-behaved library plays: one that
 * stops reading, or one that never answers pings. Only what those tests need: handshake, masked
 * text frames out, frames in.
 */
final class RawWebSocket implements AutoCloseable {

    /** One frame read from the server. */
    record Frame(int opcode, byte[] payload) {
        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        int closeCode() {
            return payload.length >= 2 ? ByteBuffer.wrap(payload, 0, 2).getShort() & 0xFFFF : 1005;
        }

        String closeReason() {
            return payload.length > 2 ? new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8) : "";
        }
    }

    static final int TEXT = 0x1;
    static final int CLOSE = 0x8;
    static final int PING = 0x9;
    static final int PONG = 0xA;

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    /** Opens and upgrades; {@code receiveBuffer} keeps the TCP window small for a peer that stops reading. */
    RawWebSocket(URI endpoint, int receiveBuffer) throws IOException {
        this(endpoint, receiveBuffer, null);
    }

    /** As a browser page of {@code origin} would open it. */
    RawWebSocket(URI endpoint, int receiveBuffer, String origin) throws IOException {
        socket = new Socket();
        socket.setReceiveBufferSize(receiveBuffer);
        socket.setSoTimeout((int) ChatClient.TIMEOUT.toMillis() * 2);
        socket.connect(new InetSocketAddress(endpoint.getHost(), endpoint.getPort()));
        in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), receiveBuffer));
        out = socket.getOutputStream();
        byte[] nonce = new byte[16];
        ThreadLocalRandom.current().nextBytes(nonce);
        String path = endpoint.getRawPath() + (endpoint.getRawQuery() == null ? "" : "?" + endpoint.getRawQuery());
        out.write(("GET " + path + " HTTP/1.1\r\n"
                + "Host: " + endpoint.getHost() + ":" + endpoint.getPort() + "\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(nonce) + "\r\n"
                + (origin == null ? "" : "Origin: " + origin + "\r\n")
                + "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        String status = readLine();
        if (!status.contains(" 101 ")) {
            throw new IOException("handshake refused: " + status);
        }
        while (!readLine().isEmpty()) {
            // skip the response headers
        }
    }

    private String readLine() throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) != '\n') {
            if (c == -1) {
                throw new IOException("connection closed during handshake");
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    void sendText(String text) throws IOException {
        send(TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Answers a ping as RFC 6455 requires, echoing its data. */
    void pong(Frame ping) throws IOException {
        send(PONG, ping.payload());
    }

    /**
     * Starts a text frame that announces {@code announced} bytes but sends only {@code start} of
     * them, as a client in the middle of a huge frame. A server that refuses the frame from its
     * header may close the connection while the start is still on its way: the socket is then reset
     * under the write, and what the server said before that is still there to be read.
     */
    void startText(long announced, byte[] start) throws IOException {
        try {
            send(TEXT, announced, start);
        } catch (SocketException closedWhileSending) {
            // The server's answer is in the frames it sent (awaitClose), not in this write.
        }
    }

    private void send(int opcode, byte[] payload) throws IOException {
        send(opcode, payload.length, payload);
    }

    private void send(int opcode, long announced, byte[] payload) throws IOException {
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        ByteBuffer frame = ByteBuffer.allocate(14 + payload.length);
        frame.put((byte) (0x80 | opcode));
        if (announced < 126) {
            frame.put((byte) (0x80 | announced));
        } else if (announced < 65536) {
            frame.put((byte) (0x80 | 126)).putShort((short) announced);
        } else {
            frame.put((byte) (0x80 | 127)).putLong(announced);
        }
        frame.put(mask);
        for (int i = 0; i < payload.length; i++) {
            frame.put((byte) (payload[i] ^ mask[i % 4]));
        }
        out.write(frame.array(), 0, frame.position());
        out.flush();
    }

    Frame read() throws IOException {
        int first = in.readUnsignedByte();
        int second = in.readUnsignedByte();
        long length = second & 0x7F;
        if (length == 126) {
            length = in.readUnsignedShort();
        } else if (length == 127) {
            length = in.readLong();
        }
        byte[] payload = new byte[(int) length];
        in.readFully(payload);
        return new Frame(first & 0x0F, payload);
    }

    /** Reads until the server's close frame and returns its code; pings go unanswered. */
    int awaitClose() throws IOException {
        while (true) {
            Frame frame = read();
            if (frame.opcode() == CLOSE) {
                return frame.closeCode();
            }
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
