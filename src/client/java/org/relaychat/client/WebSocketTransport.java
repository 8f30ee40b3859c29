package org.relaychat.client;

import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import jakarta.websocket.WebSocketContainer;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/** The Jakarta WebSocket client API (Tyrus at run time) under the client. */
final class WebSocketTransport implements Transport {

    private final WebSocketContainer container;
    private final Executor connecting;

    WebSocketTransport(WebSocketContainer container, Executor connecting) {
        this.container = container;
        this.connecting = connecting;
    }

    @Override
    public CompletionStage<Void> open(URI uri, List<String> subprotocols, Inbound inbound) {
        ClientEndpointConfig config = ClientEndpointConfig.Builder.create().preferredSubprotocols(subprotocols).build();
        Endpoint endpoint = new Endpoint() {
            @Override
            public void onOpen(Session session, EndpointConfig endpointConfig) {
                inbound.opened(new SessionConnection(session));
                session.addMessageHandler(String.class, (MessageHandler.Whole<String>) inbound::frame);
            }

            @Override
            public void onClose(Session session, CloseReason reason) {
                inbound.closed(reason.getCloseCode().getCode(), reason.getReasonPhrase());
            }
        };
        // connectToServer blocks through the handshake: off the client's own thread.
        return CompletableFuture.runAsync(() -> {
            try {
                container.connectToServer(endpoint, config, uri);
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        }, connecting);
    }

    private record SessionConnection(Session session) implements Connection {

        @Override
        public void send(String text) throws Exception {
            session.getBasicRemote().sendText(text);
        }

        @Override
        public String protocol() {
            return session.getNegotiatedSubprotocol() == null ? "" : session.getNegotiatedSubprotocol();
        }

        @Override
        public void close(int code, String reason) {
            try {
                session.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(code), reason));
            } catch (Exception ignored) {
                // Already closed: onClose has run or will.
            }
        }
    }
}
