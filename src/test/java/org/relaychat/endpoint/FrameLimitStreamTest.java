package org.relaychat.endpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FrameLimitStreamTest {

    private static final int LIMIT = 100;

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 7, 64, 100_000})
    void framesWithinTheLimitPassUnchangedHoweverTheyArrive(int chunk) throws IOException {
        byte[] frames = concat(frame(0x81, 100), frame(0x89, 125), frame(0x81, 0), frame(0x01, 5), frame(0x80, 99));
        assertArrayEquals(frames, readAll(new FrameLimitStream(new Arriving(frames, chunk), LIMIT), frames.length));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 5, 64, 100_000})
    void aFrameOverTheLimitBecomesAClose1009AndNothingOfItPasses(int chunk) throws IOException {
        byte[] before = frame(0x81, 20);
        byte[] input = concat(before, frame(0x81, 101), frame(0x81, 10));
        byte[] seen = readAll(new FrameLimitStream(new Arriving(input, chunk), LIMIT), input.length);
        byte[] close = FrameLimitStream.closeFrame(1009, "frame over 100 bytes");
        assertArrayEquals(concat(before, close), seen);
        assertEquals(1009, ((close[6] & 0xFF) << 8) | (close[7] & 0xFF));
    }

    @ParameterizedTest
    @ValueSource(ints = {126, 127})
    void extendedLengthsAreReadWhole(int shortLength) throws IOException {
        byte[] header = shortLength == 126
                ? new byte[] {(byte) 0x82, (byte) (0x80 | 126), 0x01, 0x00, 1, 2, 3, 4}
                : new byte[] {(byte) 0x82, (byte) (0x80 | 127), (byte) 0x80, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4};
        byte[] seen = readAll(new FrameLimitStream(new Arriving(header, 1), LIMIT), header.length);
        assertArrayEquals(FrameLimitStream.closeFrame(1009, "frame over 100 bytes"), seen);
    }

    /** Reads until the source is drained, as Tyrus does: a read may give nothing for now. */
    private static byte[] readAll(FrameLimitStream stream, int sourceLength) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        for (int reads = 0; stream.isReady() && reads < sourceLength + 10; reads++) {
            int read = stream.read(buffer, 0, buffer.length);
            out.write(buffer, 0, Math.max(read, 0));
        }
        return out.toByteArray();
    }

    /** A client frame: masked, with a payload of {@code length} bytes. */
    private static byte[] frame(int first, int length) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(first);
        if (length < 126) {
            out.write(0x80 | length);
        } else {
            out.write(0x80 | 126);
            out.write(length >> 8);
            out.write(length);
        }
        out.writeBytes(new byte[] {9, 8, 7, 6});
        byte[] payload = new byte[length];
        Arrays.fill(payload, (byte) 'x');
        out.writeBytes(payload);
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    /** The container's side: bytes that arrive in chunks of a given size. */
    private static final class Arriving extends ServletInputStream {
        private final byte[] bytes;
        private final int chunk;
        private int at;

        Arriving(byte[] bytes, int chunk) {
            this.bytes = bytes;
            this.chunk = chunk;
        }

        @Override
        public int read(byte[] into, int offset, int length) {
            int given = Math.min(Math.min(length, chunk), bytes.length - at);
            System.arraycopy(bytes, at, into, offset, given);
            at += given;
            return given;
        }

        @Override
        public int read() {
            return at < bytes.length ? bytes[at++] & 0xFF : -1;
        }

        @Override
        public boolean isReady() {
            return at < bytes.length;
        }

        @Override
        public boolean isFinished() {
            return at == bytes.length;
        }

        @Override
        public void setReadListener(ReadListener listener) {
        }
    }
}
