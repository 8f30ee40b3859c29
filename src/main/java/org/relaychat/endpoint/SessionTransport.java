package org.relaychat.endpoint;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.relaychat.connection.CloseCode;
import org.relaychat.connection.Transport;

/** A connection's transport over a container WebSocket session, using only its async remote. */
final class SessionTransport implements Transport {

    private static final Logger LOG = Logger.getLogger(SessionTransport.class.getName());

    private final Session session;
    private final Executor executor;

    SessionTransport(Session session, Executor executor) {
        this.session = session;
        this.executor = executor;
    }

    @Override
    public void sendText(String text, Consumer<Throwable> done) {
        try {
            session.getAsyncRemote().sendText(text, result -> done.accept(result.isOK() ? null : result.getException()));
        } catch (RuntimeException closed) {
            done.accept(closed);
        }
    }

    @Override
    public void sendPing(long mark) {
        try {
            session.getAsyncRemote().sendPing(ByteBuffer.allocate(Long.BYTES).putLong(0, mark));
        } catch (IOException | RuntimeException closed) {
            LOG.log(Level.FINE, "Ping failed", closed);
        }
    }

    @Override
    public void close(CloseCode code, String reason) {
        // A close frame goes through the same socket a slow client is not reading: never wait on it here.
        executor.execute(() -> {
            try {
                session.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(code.code()), reason));
            } catch (IOException | RuntimeException alreadyGone) {
                LOG.log(Level.FINE, "Close failed", alreadyGone);
            }
        });
    }
}
