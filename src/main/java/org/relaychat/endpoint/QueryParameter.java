package org.relaychat.endpoint;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * One parameter of a handshake's query string, decoded as UTF-8. Browsers (and
 * {@code encodeURIComponent}) percent-encode UTF-8, while containers decode the query with a
 * charset of their own (Payara: ISO-8859-1, so "Zoë" arrived as "ZoÃ«"), hence the raw query
 * and a decoding of our own, the same on every server.
 */
final class QueryParameter {

    private QueryParameter() {
    }

    /**
     * The first value of {@code name} in the raw (still percent-encoded) {@code query}; empty when
     * it is absent or not valid percent-encoding.
     */
    static Optional<String> first(String query, String name) {
        if (query == null || query.isEmpty()) {
            return Optional.empty();
        }
        for (String pair : query.split("&")) {
            int equals = pair.indexOf('=');
            String key = equals < 0 ? pair : pair.substring(0, equals);
            if (key.equals(name)) {
                try {
                    return Optional.of(URLDecoder.decode(equals < 0 ? "" : pair.substring(equals + 1),
                            StandardCharsets.UTF_8));
                } catch (IllegalArgumentException malformed) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }
}
