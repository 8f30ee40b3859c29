package org.relaychat.endpoint;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Which browser origins may open a socket: the server's own (the host and port of the handshake's
 * {@code Host} header, or of the configured public URL behind a proxy), the configured list, or
 * any when the list holds {@code *}. A handshake without {@code Origin} is not from a browser and
 * is allowed.
 */
final class OriginPolicy {

    private final List<String> allowed;
    private final Optional<URI> publicUrl;

    OriginPolicy(List<String> allowedOrigins, Optional<URI> publicUrl) {
        this.allowed = allowedOrigins.stream().map(OriginPolicy::normalise).toList();
        this.publicUrl = publicUrl;
    }

    boolean allows(String origin, String host, boolean secure) {
        if (origin == null || allowed.contains("*") || allowed.contains(normalise(origin))) {
            return true;
        }
        URI originUri;
        try {
            originUri = URI.create(origin.strip());
        } catch (IllegalArgumentException malformed) {
            return false;
        }
        if (originUri.getHost() == null) {
            return false;
        }
        String originAuthority = authority(originUri.getHost(), originUri.getPort(), originUri.getScheme());
        if (publicUrl.isPresent()) {
            URI own = publicUrl.get();
            return originAuthority.equals(authority(own.getHost(), own.getPort(), own.getScheme()));
        }
        return host != null && originAuthority.equals(hostAuthority(host, secure));
    }

    private static String hostAuthority(String host, boolean secure) {
        String value = host.strip().toLowerCase(Locale.ROOT);
        int colon = value.lastIndexOf(':');
        boolean hasPort = colon > value.lastIndexOf(']');
        return hasPort ? value : value + ':' + (secure ? 443 : 80);
    }

    private static String authority(String host, int port, String scheme) {
        int effectivePort = port != -1 ? port : "https".equalsIgnoreCase(scheme) || "wss".equalsIgnoreCase(scheme) ? 443 : 80;
        return host.toLowerCase(Locale.ROOT) + ':' + effectivePort;
    }

    private static String normalise(String origin) {
        String value = origin.strip().toLowerCase(Locale.ROOT);
        return value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
    }
}
