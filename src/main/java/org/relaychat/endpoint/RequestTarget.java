package org.relaychat.endpoint;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * Whether a handshake's request target is one the WebSocket container can parse. Tyrus rebuilds
 * the target with {@link URI} after the upgrade; a target it cannot parse ({@code |}, a stray
 * {@code %}, braces, quotes...) fails there, after the 101, leaving an open socket that no limit
 * counts. Checking it first lets the guard refuse it with a plain 400 instead.
 */
final class RequestTarget {

    private RequestTarget() {
    }

    /**
     * @param path the request URI's path as sent, undecoded
     * @param query the query string as sent, or null
     */
    static boolean parses(String path, String query) {
        String target = query == null ? path : path + '?' + query;
        try {
            new URI(target);
            return true;
        } catch (URISyntaxException malformed) {
            return false;
        }
    }
}
