package org.relaychat.endpoint;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.websocket.Session;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The subprotocol {@code relay.batch}: a client that offers it takes several events per frame,
 * separated by {@code \n}. Which subprotocol a handshake gets is the container's default choice,
 * the first one the client offers that the endpoint lists, the same on every server.
 */
@ApplicationScoped
public class FrameBatching {

    static final String SUBPROTOCOL = "relay.batch";

    private int maxChars;

    protected FrameBatching() {
        // for the CDI proxy
    }

    @Inject
    public FrameBatching(@ConfigProperty(name = "chat.batch.max-chars") int maxChars) {
        this.maxChars = Math.max(0, maxChars);
    }

    /** The most characters one frame to this session may join; 0 for one event per frame. */
    int charsFor(Session session) {
        return SUBPROTOCOL.equals(session.getNegotiatedSubprotocol()) ? maxChars : 0;
    }
}
