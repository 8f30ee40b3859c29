package org.relaychat.endpoint;

import jakarta.inject.Inject;
import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.nio.ByteBuffer;
import java.security.Principal;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.relaychat.chat.ChatService;
import org.relaychat.config.ChatConfig;
import org.relaychat.config.SecurityConfig;
import org.relaychat.connection.CloseCode;
import org.relaychat.connection.Connection;
import org.relaychat.metrics.ChatCounters;
import org.relaychat.protocol.ClientFrame;
import org.relaychat.protocol.ClientFrameDecoder;
import org.relaychat.protocol.ServerEventEncoder;
import org.relaychat.security.AuthMode;
import org.relaychat.security.Identity;
import org.relaychat.security.NameKeys;

/**
 * The WebSocket endpoint at {@code /ws}: one instance per connection, adapting container callbacks
 * to {@link ChatService}. All state lives in application-scoped beans. The subprotocol
 * {@code relay} is what the server answers a client that passes its token as a
 * {@code Sec-WebSocket-Protocol} entry; {@code relay.batch} (see {@link FrameBatching}) is answered
 * instead when the client offers it first.
 */
@ServerEndpoint(value = "/ws", subprotocols = {"relay", FrameBatching.SUBPROTOCOL}, decoders = ClientFrameDecoder.class,
        encoders = ServerEventEncoder.class, configurator = EndpointFactory.class)
public class ChatEndpoint {

    private static final Logger LOG = Logger.getLogger(ChatEndpoint.class.getName());
    /** Binary frames are refused, so there is no reason to buffer large ones. */
    private static final int MAX_BINARY_FRAME_BYTES = 1024;

    @Inject
    ChatService chat;

    @Inject
    ChatConfig config;

    @Inject
    SecurityConfig security;

    @Inject
    ChatCounters counters;

    @Inject
    SessionCloser closer;

    @Inject
    FrameBatching batching;

    private Connection connection;

    @OnOpen
    public void open(Session session) {
        session.setMaxTextMessageBufferSize(config.limits().maxFrameBytes());
        session.setMaxBinaryMessageBufferSize(MAX_BINARY_FRAME_BYTES);
        // Liveness is the heartbeat's job; the container's idle timer would also count server pings.
        // Negative rather than 0: Tyrus 1.22 and 2.0.8 then stop scheduling an idle-timer task for
        // every frame (the 2.1 and 2.2 lines in Payara 6 and 7 still schedule it); Undertow takes
        // either as off.
        session.setMaxIdleTimeout(-1);
        // Spaces around a name are never meant, and would make "ana " a second ana.
        Optional<String> name = QueryParameter.first(session.getQueryString(), "name").map(String::strip);
        Principal principal = session.getUserPrincipal();
        Optional<HandshakePrincipal> handshake = principal instanceof HandshakePrincipal verified
                ? Optional.of(verified) : Optional.empty();
        Optional<Identity> identity = handshake.flatMap(HandshakePrincipal::identity);
        if (security.mode() == AuthMode.TOKEN && identity.isEmpty()) {
            // Only a handshake that bypassed the guard gets here: refuse it rather than trust it.
            LOG.warning("Closed a connection whose handshake was not verified");
            new SessionTransport(session, closer, counters.sentFrames(), 0)
                    .close(CloseCode.POLICY_VIOLATION, "not authenticated");
            return;
        }
        SessionTransport transport = new SessionTransport(session, closer, counters.sentFrames(),
                batching.charsFor(session));
        NameKeys.Verdict nameVerdict = handshake.map(HandshakePrincipal::name).orElse(NameKeys.Verdict.FREE);
        if (nameVerdict != NameKeys.Verdict.FREE) {
            LOG.info(() -> "Refused connection from " + handshake.get().address() + ": name " + nameVerdict);
            chat.refuseName(transport, nameVerdict);
            return;
        }
        connection = chat.connect(transport, name, identity, handshake.map(HandshakePrincipal::address)).orElse(null);
    }

    @OnMessage
    public void text(ClientFrame frame) {
        if (connection != null) {
            chat.handle(connection, frame);
        }
    }

    @OnMessage
    public void binary(ByteBuffer frame) {
        if (connection != null) {
            chat.rejectBinaryFrame(connection);
        }
    }

    @OnMessage
    public void pong(PongMessage pong) {
        if (connection != null) {
            ByteBuffer data = pong.getApplicationData();
            connection.pongReceived(data.remaining() == Long.BYTES ? OptionalLong.of(data.getLong(data.position()))
                    : OptionalLong.empty());
        }
    }

    @OnClose
    public void close(CloseReason reason) {
        if (connection != null) {
            chat.closed(connection, "closed " + reason.getCloseCode().getCode()
                    + (reason.getReasonPhrase().isEmpty() ? "" : " " + reason.getReasonPhrase()));
        }
    }

    @OnError
    public void error(Throwable failure) {
        // Broken pipes and resets are how clients vanish; the close callback cleans up after them.
        LOG.log(Level.FINE, failure, () -> "WebSocket error on " + connection);
    }
}
