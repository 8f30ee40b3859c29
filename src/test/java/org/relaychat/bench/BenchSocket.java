package org.relaychat.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;

/**
 * One client WebSocket over a non-blocking channel, driven by a {@link BenchLoop}. It keeps no
 * buffer of its own while idle (reads go through the loop's shared buffer; only a frame split
 * across reads is kept), so tens of thousands of them cost little. Any thread may {@link #send};
 * pings are answered with pongs echoing their data, as RFC 6455 requires. It is deliberately not
 * built on the client library ({@code org.relaychat.client}): that one keeps a Tyrus session with
 * its buffers per connection and parses every event into JSON, so at these counts the generator
 * would measure its own cost rather than the server's; here a load message is recognised from its
 * text without parsing it.
 */
final class BenchSocket {

    private static final int OP_TEXT = 1;
    private static final int OP_CLOSE = 8;
    private static final int OP_PING = 9;
    private static final int OP_PONG = 10;
    private static final byte[] HANDSHAKE_END = {'\r', '\n', '\r', '\n'};

    /** What the scenario hears from a socket; called on the socket's loop thread. */
    interface Listener {
        /** A text frame carrying a load message: its send time and publisher, from the message text. */
        void onLoad(BenchSocket socket, long sentNanos, int publisher);

        /** Any other event (welcome, ack, user_joined, ...). */
        void onControl(BenchSocket socket, String text);

        /** A text frame arrived, holding one event or, with relay.batch, several. */
        void onTextFrame(BenchSocket socket);

        /** The socket closed or failed; {@code code} is the close code, or -1 without a close frame. */
        void onClosed(BenchSocket socket, int code, String why);
    }

    final int index;
    final BenchLoop loop;
    private final Listener listener;
    private final SocketChannel channel;
    private final byte[] request;
    private SelectionKey key;
    private boolean upgraded;
    private byte[] partial;
    private final ArrayDeque<ByteBuffer> unwritten = new ArrayDeque<>(0);
    private volatile boolean closed;
    private volatile boolean paused;
    long connectStartNanos;
    /** Free for the scenario to use (room, state); touched by one thread at a time. */
    volatile Object tag;

    /**
     * @param batched offers the subprotocol {@code relay.batch}: the server may then join several
     *     events into one frame, separated by {@code \n}
     */
    BenchSocket(int index, BenchLoop loop, Listener listener, InetSocketAddress local, InetSocketAddress server,
            String pathAndQuery, boolean batched) throws IOException {
        this.index = index;
        this.loop = loop;
        this.listener = listener;
        this.request = ("GET " + pathAndQuery + " HTTP/1.1\r\nHost: " + server.getHostString() + ":" + server.getPort()
                + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: cmVsYXktYmVuY2gta2V5IQ==\r\n"
                + (batched ? "Sec-WebSocket-Protocol: relay.batch\r\n" : "")
                + "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
        this.channel = SocketChannel.open();
        channel.configureBlocking(false);
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        channel.bind(local);
        connectStartNanos = System.nanoTime();
        channel.connect(server);
    }

    SocketChannel channel() {
        return channel;
    }

    void registered(SelectionKey key) {
        this.key = key;
    }

    boolean isClosed() {
        return closed;
    }

    /** Sends one text frame; masked with a zero key, so the payload goes out as it is. */
    void send(String text) {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        write(frame(OP_TEXT, payload, payload.length));
    }

    /** Stops reading, as a client that no longer keeps up: the server's buffers for it fill. */
    void pause() {
        paused = true;
        loop.execute(() -> {
            if (key.isValid()) {
                key.interestOps(key.interestOps() & ~SelectionKey.OP_READ);
            }
        });
    }

    void close() {
        loop.execute(() -> closeNow(-1, "closed by the client"));
    }

    private static ByteBuffer frame(int opcode, byte[] payload, int length) {
        int header = length < 126 ? 2 : length < 65536 ? 4 : 10;
        ByteBuffer frame = ByteBuffer.allocate(header + 4 + length);
        frame.put((byte) (0x80 | opcode));
        if (length < 126) {
            frame.put((byte) (0x80 | length));
        } else if (length < 65536) {
            frame.put((byte) (0x80 | 126)).putShort((short) length);
        } else {
            frame.put((byte) (0x80 | 127)).putLong(length);
        }
        frame.putInt(0).put(payload, 0, length);
        return frame.flip();
    }

    private void write(ByteBuffer frame) {
        if (closed) {
            return;
        }
        synchronized (this) {
            try {
                if (unwritten.isEmpty()) {
                    channel.write(frame);
                    if (!frame.hasRemaining()) {
                        return;
                    }
                }
                unwritten.add(frame);
            } catch (IOException e) {
                loop.execute(() -> closeNow(-1, e.toString()));
                return;
            }
        }
        loop.execute(() -> {
            if (key.isValid()) {
                key.interestOps(key.interestOps() | SelectionKey.OP_WRITE);
            }
        });
    }

    // Everything below runs on the loop thread.

    void finishConnect() {
        try {
            if (channel.finishConnect()) {
                channel.write(ByteBuffer.wrap(request));
                key.interestOps(SelectionKey.OP_READ);
            }
        } catch (IOException e) {
            closeNow(-1, "connect failed: " + e);
        }
    }

    void writable() {
        synchronized (this) {
            try {
                while (!unwritten.isEmpty()) {
                    ByteBuffer next = unwritten.peek();
                    channel.write(next);
                    if (next.hasRemaining()) {
                        return;
                    }
                    unwritten.poll();
                }
                key.interestOps(key.interestOps() & ~SelectionKey.OP_WRITE);
            } catch (IOException e) {
                closeNow(-1, e.toString());
            }
        }
    }

    /** Reads what is there into the loop's shared buffer and hands out the complete frames. */
    void readable(ByteBuffer shared) {
        if (paused) {
            return;
        }
        ByteBuffer buffer = shared;
        buffer.clear();
        if (partial != null) {
            if (partial.length > buffer.capacity() / 2) {
                buffer = ByteBuffer.allocate(partial.length * 2);
            }
            buffer.put(partial);
            partial = null;
        }
        int read;
        try {
            read = channel.read(buffer);
        } catch (IOException e) {
            closeNow(-1, e.toString());
            return;
        }
        if (read < 0) {
            closeNow(-1, "end of stream");
            return;
        }
        buffer.flip();
        if (!upgraded && !readHandshake(buffer)) {
            keepPartial(buffer);
            return;
        }
        while (!closed && readFrame(buffer)) {
            // one frame handed out per turn
        }
        keepPartial(buffer);
    }

    private void keepPartial(ByteBuffer buffer) {
        if (buffer.hasRemaining() && !closed) {
            partial = new byte[buffer.remaining()];
            buffer.get(partial);
        }
    }

    private boolean readHandshake(ByteBuffer buffer) {
        int offset = buffer.arrayOffset();
        int found = indexOf(buffer.array(), HANDSHAKE_END, offset + buffer.position(), offset + buffer.limit());
        if (found < 0) {
            return false;
        }
        int end = found - offset;
        String response = StandardCharsets.ISO_8859_1.decode(buffer.slice(buffer.position(), end - buffer.position()))
                .toString();
        buffer.position(end + HANDSHAKE_END.length);
        if (!response.startsWith("HTTP/1.1 101")) {
            closeNow(-1, "handshake refused: " + response.lines().findFirst().orElse(""));
            return false;
        }
        upgraded = true;
        return true;
    }

    private boolean readFrame(ByteBuffer buffer) {
        int start = buffer.position();
        int available = buffer.remaining();
        if (available < 2) {
            return false;
        }
        int opcode = buffer.get(start) & 0x0F;
        int length = buffer.get(start + 1) & 0x7F;
        int header = 2;
        if (length == 126) {
            if (available < 4) {
                return false;
            }
            length = buffer.getShort(start + 2) & 0xFFFF;
            header = 4;
        } else if (length == 127) {
            if (available < 10) {
                return false;
            }
            length = (int) buffer.getLong(start + 2);
            header = 10;
        }
        if (available < header + length) {
            return false;
        }
        int payload = start + header;
        buffer.position(payload + length);
        switch (opcode) {
            case OP_TEXT -> text(buffer, payload, length);
            case OP_PING -> {
                byte[] data = new byte[length];
                buffer.get(payload, data);
                write(frame(OP_PONG, data, length));
            }
            case OP_CLOSE -> closeNow(length >= 2 ? buffer.getShort(payload) & 0xFFFF : 1005,
                    length > 2 ? StandardCharsets.UTF_8.decode(buffer.slice(payload + 2, length - 2)).toString() : "");
            default -> {
                // pongs and continuation frames: the server sends whole text frames
            }
        }
        return true;
    }

    private static final byte[] LOAD_MARK = "\"message\":\"@".getBytes(StandardCharsets.US_ASCII);

    /**
     * A text frame: one event, or several separated by {@code \n} (JSON text holds no raw newline).
     * Read straight from the buffer's array: this runs for every event delivered, and the load
     * generator must not become the limit.
     */
    private void text(ByteBuffer buffer, int from, int length) {
        listener.onTextFrame(this);
        byte[] bytes = buffer.array();
        int offset = buffer.arrayOffset();
        int end = offset + from + length;
        int start = offset + from;
        for (int at = start; at < end; at++) {
            if (bytes[at] == '\n') {
                event(bytes, start, at);
                start = at + 1;
            }
        }
        event(bytes, start, end);
    }

    /**
     * A load message's text starts with {@code @<send time in nanoseconds>.<publisher>}; it is read
     * from the bytes without decoding the event.
     */
    private void event(byte[] bytes, int from, int to) {
        int mark = indexOf(bytes, LOAD_MARK, from, to);
        if (mark < 0) {
            listener.onControl(this, new String(bytes, from, to - from, StandardCharsets.UTF_8));
            return;
        }
        int at = mark + LOAD_MARK.length;
        long sent = 0;
        byte digit;
        while ((digit = bytes[at++]) >= '0' && digit <= '9') {
            sent = sent * 10 + digit - '0';
        }
        int publisher = 0;
        while ((digit = bytes[at++]) >= '0' && digit <= '9') {
            publisher = publisher * 10 + digit - '0';
        }
        listener.onLoad(this, sent, publisher);
    }

    private static int indexOf(byte[] bytes, byte[] pattern, int from, int to) {
        byte first = pattern[0];
        outer:
        for (int i = from; i <= to - pattern.length; i++) {
            if (bytes[i] != first) {
                continue;
            }
            for (int j = 1; j < pattern.length; j++) {
                if (bytes[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    void closeNow(int code, String why) {
        if (closed) {
            return;
        }
        closed = true;
        partial = null;
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        listener.onClosed(this, code, why);
    }
}
