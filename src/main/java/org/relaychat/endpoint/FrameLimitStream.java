package org.relaychat.endpoint;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A client's WebSocket frames on their way from the container's socket to Tyrus, each header read
 * as it passes. Tyrus reads a frame whole before it checks its size, and closes one larger than
 * its input buffer (4 MiB) with 1011 and a logged stack trace. Here a data frame whose header
 * announces more than the limit never reaches it: Tyrus gets, in its place, a close frame with
 * 1009 (Message Too Big) as if the client had sent one, which it answers with the same code, and
 * everything after that header is dropped as it arrives, so the frame is never held. A frame's
 * header goes on only once it is complete, so that nothing is ever spliced into half a header.
 */
final class FrameLimitStream extends ServletInputStream {

    /** RFC 6455: 2 bytes, a 64-bit length and a masking key. */
    private static final int LONGEST_HEADER = 14;
    private static final int CHUNK = 16 * 1024;

    private final ServletInputStream in;
    private final long limit;
    private final byte[] closeFrame;
    private final byte[] chunk = new byte[CHUNK];
    private final byte[] header = new byte[LONGEST_HEADER];
    private int headerLength;
    private long payloadLeft;
    /** What Tyrus may read next, in read mode; there is room for a chunk, a header and the close frame. */
    private final ByteBuffer ready;
    private boolean overLimit;

    FrameLimitStream(ServletInputStream in, long limit) {
        this.in = in;
        this.limit = limit;
        this.closeFrame = closeFrame(1009, "frame over " + limit + " bytes");
        this.ready = ByteBuffer.allocate(CHUNK + LONGEST_HEADER + closeFrame.length).flip();
    }

    @Override
    public int read(byte[] into, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        if (!ready.hasRemaining()) {
            int read = in.read(chunk, 0, Math.min(length, CHUNK));
            if (read <= 0) {
                return read;
            }
            if (overLimit) {
                return 0;
            }
            ready.clear();
            pass(read);
            ready.flip();
        }
        int given = Math.min(length, ready.remaining());
        ready.get(into, offset, given);
        return given;
    }

    /** Moves what may go on of the chunk just read into {@code ready}. */
    private void pass(int read) {
        int at = 0;
        while (at < read && !overLimit) {
            if (payloadLeft > 0) {
                int payload = (int) Math.min(payloadLeft, read - at);
                ready.put(chunk, at, payload);
                at += payload;
                payloadLeft -= payload;
                continue;
            }
            header[headerLength++] = chunk[at++];
            long announced = announcedLength();
            if (announced >= 0) {
                boolean data = (header[0] & 0x08) == 0;
                if (data && announced > limit) {
                    overLimit = true;
                    ready.put(closeFrame);
                } else {
                    ready.put(header, 0, headerLength);
                    payloadLeft = announced;
                }
                headerLength = 0;
            }
        }
    }

    /** The payload length of the header read so far; -1 while it is incomplete. */
    private long announcedLength() {
        if (headerLength < 2) {
            return -1;
        }
        int shortLength = header[1] & 0x7F;
        int extended = shortLength == 126 ? 2 : shortLength == 127 ? 8 : 0;
        int masked = (header[1] & 0x80) != 0 ? 4 : 0;
        if (headerLength < 2 + extended + masked) {
            return -1;
        }
        long length = extended == 0 ? shortLength : 0;
        for (int i = 0; i < extended; i++) {
            length = (length << 8) | (header[2 + i] & 0xFF);
        }
        // A 64-bit length with its top bit set is no length at all: over any limit.
        return length < 0 ? Long.MAX_VALUE : length;
    }

    /** A masked close frame from the client, with a zero mask so that its payload reads as it is. */
    static byte[] closeFrame(int code, String reason) {
        byte[] text = reason.getBytes(StandardCharsets.UTF_8);
        byte[] frame = new byte[2 + 4 + 2 + text.length];
        frame[0] = (byte) 0x88;
        frame[1] = (byte) (0x80 | (2 + text.length));
        frame[6] = (byte) (code >> 8);
        frame[7] = (byte) code;
        System.arraycopy(text, 0, frame, 8, text.length);
        return frame;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int read;
        do {
            read = read(one, 0, 1);
        } while (read == 0);
        return read < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int available() throws IOException {
        return ready.remaining() + in.available();
    }

    @Override
    public boolean isReady() {
        return ready.hasRemaining() || in.isReady();
    }

    @Override
    public boolean isFinished() {
        return !ready.hasRemaining() && in.isFinished();
    }

    @Override
    public void setReadListener(ReadListener listener) {
        in.setReadListener(listener);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
