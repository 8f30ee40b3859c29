package org.relaychat.endpoint;

import java.security.Principal;
import java.util.Optional;
import org.relaychat.security.Identity;
import org.relaychat.security.NameKeys;

/**
 * What the handshake guard established about a client, handed to the endpoint as the request's
 * user principal: the container carries it into {@code Session.getUserPrincipal()}, which is the
 * one portable way from a servlet filter to a WebSocket session.
 *
 * @param address the client's IP address, as the container sees it
 * @param identity the verified token's identity in token mode; empty in anonymous mode
 * @param name whether the name asked for may be used with the key given ({@link NameKeys}); always
 *     {@code FREE} in token mode
 */
record HandshakePrincipal(String address, Optional<Identity> identity, NameKeys.Verdict name) implements Principal {

    @Override
    public String getName() {
        return identity.map(Identity::user).orElse("anonymous");
    }
}
