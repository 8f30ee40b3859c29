package org.relaychat.endpoint;

import java.util.List;
import java.util.Optional;

/**
 * Finds the token of a handshake. Browsers cannot set {@code Authorization} on a WebSocket, so a
 * client passes it as a {@code Sec-WebSocket-Protocol} entry {@code bearer.<token>} (offering
 * {@code relay} too, which the server answers with), or as the query parameter {@code token}.
 */
final class HandshakeToken {

    static final String PROTOCOL_PREFIX = "bearer.";

    private HandshakeToken() {
    }

    /**
     * @param protocolHeaders the values of the {@code Sec-WebSocket-Protocol} headers, each a
     *     comma-separated list
     * @param queryToken the {@code token} query parameter, or null
     */
    static Optional<String> find(List<String> protocolHeaders, String queryToken) {
        for (String header : protocolHeaders) {
            for (String entry : header.split(",")) {
                String protocol = entry.strip();
                if (protocol.startsWith(PROTOCOL_PREFIX) && protocol.length() > PROTOCOL_PREFIX.length()) {
                    return Optional.of(protocol.substring(PROTOCOL_PREFIX.length()));
                }
            }
        }
        return Optional.ofNullable(queryToken).map(String::strip).filter(token -> !token.isEmpty());
    }
}
