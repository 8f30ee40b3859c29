package org.relaychat.endpoint;

import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpUpgradeHandler;
import jakarta.servlet.http.WebConnection;
import java.io.IOException;

/**
 * Stands in the container for Tyrus's upgrade handler and hands it the connection with its input
 * behind a {@link FrameLimitStream}. The container creates this class when Tyrus asks for the
 * upgrade ({@link HandshakeGuard} sees to that), and Tyrus keeps working with its own handler.
 */
public class FrameLimitUpgrade implements HttpUpgradeHandler {

    private HttpUpgradeHandler tyrus;
    private long limit;

    /** For the container, which creates upgrade handlers by class. */
    public FrameLimitUpgrade() {
    }

    void standFor(HttpUpgradeHandler handler, long frameLimit) {
        this.tyrus = handler;
        this.limit = frameLimit;
    }

    @Override
    public void init(WebConnection connection) {
        tyrus.init(new LimitedConnection(connection, limit));
    }

    @Override
    public void destroy() {
        tyrus.destroy();
    }

    private static final class LimitedConnection implements WebConnection {
        private final WebConnection connection;
        private final long limit;
        private ServletInputStream input;

        LimitedConnection(WebConnection connection, long limit) {
            this.connection = connection;
            this.limit = limit;
        }

        @Override
        public synchronized ServletInputStream getInputStream() throws IOException {
            if (input == null) {
                input = new FrameLimitStream(connection.getInputStream(), limit);
            }
            return input;
        }

        @Override
        public ServletOutputStream getOutputStream() throws IOException {
            return connection.getOutputStream();
        }

        @Override
        public void close() throws Exception {
            connection.close();
        }
    }
}
