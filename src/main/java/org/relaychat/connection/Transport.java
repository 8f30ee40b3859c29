package org.relaychat.connection;

import java.util.function.Consumer;

/** The socket under a connection: a WebSocket session in the server, a recorder in tests. */
public interface Transport {

    /**
     * Starts sending one text frame without blocking; {@code done} gets null on success or the
     * failure. Called by one thread at a time only.
     */
    void sendText(String text, Consumer<Throwable> done);

    /**
     * The most characters one text frame may hold when it joins several events (the subprotocol
     * {@code relay.batch}); 0 when the client takes one event per frame.
     */
    default int batchChars() {
        return 0;
    }

    /**
     * Sends a WebSocket ping whose data is {@code mark} as 8 bytes, for the pong to echo; called
     * by the same single writer as {@link #sendText}.
     */
    void sendPing(long mark);

    /** Closes the socket with a close frame; must not block. */
    void close(CloseCode code, String reason);
}
