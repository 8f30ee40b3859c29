package org.relaychat.client;

import java.net.URI;
import java.util.List;
import java.util.concurrent.CompletionStage;

/** How the client opens a socket: a WebSocket container in use, a fake one in unit tests. */
interface Transport {

    /**
     * Opens a connection offering {@code subprotocols}; {@code inbound} hears it open, then its
     * frames and its close. The stage fails when the handshake does.
     */
    CompletionStage<Void> open(URI uri, List<String> subprotocols, Inbound inbound);

    interface Connection {
        /** Sends one text frame; called by one thread at a time only. */
        void send(String text) throws Exception;

        /** The subprotocol the server chose, empty when none. */
        String protocol();

        void close(int code, String reason);
    }

    interface Inbound {
        /** Called before any frame of the connection. */
        void opened(Connection connection);

        void frame(String text);

        void closed(int code, String reason);
    }
}
