package org.relaychat.http;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.regex.Pattern;
import org.relaychat.config.ChatConfig;

/**
 * The security headers of every response: a strict
 * Content-Security-Policy (the page loads only its own scripts, styles and images, talks only to
 * its own server and socket, and may not be framed), {@code nosniff}, no referrer, no caching of
 * the API but for pictures, and HSTS when the browser came over TLS ({@code chat.public-url} says so behind a proxy).
 */
@ApplicationScoped
public class SecurityHeaders {

    /** A Host header fit to be repeated in a header: a name or an IP literal, and a port. */
    private static final Pattern AUTHORITY = Pattern.compile("[a-z0-9.-]+(:\\d{1,5})?|\\[[0-9a-f:.]+\\](:\\d{1,5})?");
    private static final String HSTS = "max-age=31536000";
    private static final String FILE_POLICY = "sandbox; default-src 'none'";

    @Inject
    SiteOrigins origins;

    @Inject
    ChatConfig config;

    /** Sets the headers on {@code response}, before anything is written. */
    public void applyTo(HttpServletRequest request, HttpServletResponse response) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        boolean picture = path.startsWith("/api/avatars/");
        // A file users sent each other is not the page: whatever it holds runs nothing, loads nothing.
        response.setHeader("Content-Security-Policy", path.startsWith("/api/files/") || picture ? FILE_POLICY
                : contentSecurityPolicy(request.getHeader("Host")));
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "no-referrer");
        // A picture's address never shows other bytes, so it alone may be kept (AvatarsResource says how long).
        if (path.startsWith("/api/") && !picture) {
            response.setHeader("Cache-Control", "no-store");
        }
        if (request.isSecure() || config.publicUrl().filter(url -> "https".equalsIgnoreCase(url.getScheme())).isPresent()) {
            response.setHeader("Strict-Transport-Security", HSTS);
        }
    }

    /**
     * The page's policy. {@code 'self'} covers the socket in browsers that follow CSP 3; the
     * explicit ws and wss sources are for those that do not. Images may also come over https from
     * elsewhere: a token's {@code picture} claim names one at the identity provider.
     */
    String contentSecurityPolicy(String host) {
        String sockets = origins.policy().ownAuthority(host == null ? null : host.strip())
                .map(String::toLowerCase).filter(authority -> AUTHORITY.matcher(authority).matches())
                .map(authority -> " ws://" + authority + " wss://" + authority).orElse("");
        return "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: https:; connect-src 'self'"
                + sockets + "; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
    }
}
