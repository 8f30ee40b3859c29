package org.relaychat.endpoint;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.io.IOException;
import java.net.URL;
import java.nio.ByteBuffer;
import java.util.Collections;
import java.util.Enumeration;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.relaychat.connection.CloseCode;
import org.relaychat.connection.Transport;

/** A connection's transport over a container WebSocket session, using only its async remote. */
final class SessionTransport implements Transport {

    private static final Logger LOG = Logger.getLogger(SessionTransport.class.getName());
    private static final String CONTEXT_PROVIDERS = "META-INF/services/jakarta.enterprise.concurrent.spi.ThreadContextProvider";
    /**
     * Sends run under this class loader. Tyrus in Payara restarts a session's idle timer on every
     * send, scheduling a task on the managed scheduled executor, which captures the thread's context
     * by looking up context providers through the context class loader: a scan of every jar of the
     * server and the application, per frame sent. This loader has no such providers to find, and
     * delegates everything else.
     */
    private static final ClassLoader SENDING = new ClassLoader(SessionTransport.class.getClassLoader()) {
        @Override
        public Enumeration<URL> getResources(String name) throws IOException {
            return CONTEXT_PROVIDERS.equals(name) ? Collections.emptyEnumeration() : super.getResources(name);
        }
    };

    private final Session session;
    private final Executor closer;
    private final LongAdder sentFrames;
    private final int batchChars;

    SessionTransport(Session session, Executor closer, LongAdder sentFrames, int batchChars) {
        this.session = session;
        this.closer = closer;
        this.sentFrames = sentFrames;
        this.batchChars = batchChars;
    }

    @Override
    public int batchChars() {
        return batchChars;
    }

    @Override
    public void sendText(String text, Consumer<Throwable> done) {
        sentFrames.increment();
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(SENDING);
        try {
            session.getAsyncRemote().sendText(text, result -> done.accept(result.isOK() ? null : result.getException()));
        } catch (RuntimeException closed) {
            done.accept(closed);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    @Override
    public void sendPing(long mark) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(SENDING);
        try {
            session.getAsyncRemote().sendPing(ByteBuffer.allocate(Long.BYTES).putLong(0, mark));
        } catch (IOException | RuntimeException closed) {
            LOG.log(Level.FINE, "Ping failed", closed);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    @Override
    public void close(CloseCode code, String reason) {
        // Never inline: see SessionCloser.
        Runnable close = () -> {
            try {
                session.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(code.code()), reason));
            } catch (IOException | RuntimeException alreadyGone) {
                LOG.log(Level.FINE, "Close failed", alreadyGone);
            }
        };
        closer.execute(close);
    }
}
