package org.relaychat.http;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Which browser origins may open a socket or act on the admin API: the server's own, the
 * configured list, or any when the list holds {@code *}. The server's own origin is the configured
 * public URL behind a proxy; otherwise the scheme of the connection and the host and port of the
 * {@code Host} header, but only for a host the server answers to: an IP address, {@code localhost},
 * or a name in {@code chat.allowed-hosts}. That last condition is what defeats DNS rebinding: a
 * page at {@code http://evil.example} whose name was pointed at this server sends {@code Host:
 * evil.example} and {@code Origin: http://evil.example}, which agree with each other but name no
 * allowed host. An address or {@code localhost} cannot be rebound by anyone's DNS. Origins are
 * compared by scheme, host and port. A request without {@code Origin} is not from a browser.
 */
public final class OriginPolicy {

    private static final Pattern ADDRESS = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}|\\[[0-9a-f:.]+\\]");

    private final List<String> allowed;
    private final Optional<URI> publicUrl;
    private final Set<String> allowedHosts;

    public OriginPolicy(List<String> allowedOrigins, Optional<URI> publicUrl, List<String> allowedHosts) {
        this.allowed = allowedOrigins.stream().map(OriginPolicy::normalise).toList();
        this.publicUrl = publicUrl;
        this.allowedHosts = allowedHosts.stream().map(OriginPolicy::hostName).collect(Collectors.toUnmodifiableSet());
    }

    /** Whether a handshake from {@code origin} may open a socket. */
    public boolean allows(String origin, String host, boolean secure) {
        return origin == null || allowed.contains("*") || allowed.contains(normalise(origin))
                || isOwn(origin, host, secure);
    }

    /** Whether {@code origin} is the server's own: the configured list does not count here. */
    public boolean isOwn(String origin, String host, boolean secure) {
        Optional<String> given = origin(origin);
        if (given.isEmpty()) {
            return false;
        }
        if (publicUrl.isPresent()) {
            URI own = publicUrl.get();
            return given.equals(origin(own.getScheme(), own.getHost(), own.getPort()));
        }
        if (host == null || !answersTo(host)) {
            return false;
        }
        return given.equals(origin((secure ? "https://" : "http://") + host.strip()));
    }

    private boolean answersTo(String host) {
        String name = hostName(host);
        return allowedHosts.contains(name) || name.equals("localhost") || ADDRESS.matcher(name).matches();
    }

    /** The host name of a {@code Host} header or of an allowed-hosts entry, without port or case. */
    public static String hostName(String host) {
        String value = host.strip().toLowerCase(Locale.ROOT);
        int colon = value.lastIndexOf(':');
        return colon > value.lastIndexOf(']') ? value.substring(0, colon) : value;
    }

    /** The host and port of the public URL or of the {@code Host} header, if it is one. */
    public Optional<String> ownAuthority(String host) {
        if (publicUrl.isPresent()) {
            URI own = publicUrl.get();
            return Optional.of(own.getPort() == -1 ? own.getHost() : own.getHost() + ':' + own.getPort());
        }
        if (host == null || !answersTo(host)) {
            return Optional.empty();
        }
        return Optional.of(host.strip().toLowerCase(Locale.ROOT));
    }

    private static Optional<String> origin(String text) {
        try {
            return origin(URI.create(text.strip()));
        } catch (IllegalArgumentException malformed) {
            return Optional.empty();
        }
    }

    private static Optional<String> origin(URI uri) {
        return origin(uri.getScheme(), uri.getHost(), uri.getPort());
    }

    /** {@code scheme://host:port}, the port made explicit, for http and https only. */
    private static Optional<String> origin(String scheme, String host, int port) {
        if (scheme == null || host == null) {
            return Optional.empty();
        }
        String lowerScheme = scheme.toLowerCase(Locale.ROOT);
        int defaultPort = switch (lowerScheme) {
            case "http", "ws" -> 80;
            case "https", "wss" -> 443;
            default -> -1;
        };
        if (defaultPort == -1) {
            return Optional.empty();
        }
        boolean secure = defaultPort == 443;
        return Optional.of((secure ? "https" : "http") + "://" + host.toLowerCase(Locale.ROOT) + ':'
                + (port == -1 ? defaultPort : port));
    }

    private static String normalise(String origin) {
        String value = origin.strip().toLowerCase(Locale.ROOT);
        return value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
    }
}
