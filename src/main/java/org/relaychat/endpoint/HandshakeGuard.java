package org.relaychat.endpoint;

import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpUpgradeHandler;
import java.io.IOException;
import java.security.Principal;
import java.util.Collections;
import java.util.Optional;
import java.util.logging.Logger;
import org.relaychat.config.ChatConfig;
import org.relaychat.config.SecurityConfig;
import org.relaychat.http.OriginPolicy;
import org.relaychat.http.SiteOrigins;
import org.relaychat.protocol.ClientFrameDecoder;
import org.relaychat.protocol.UserNames;
import org.relaychat.registry.ChatRegistry;
import org.relaychat.security.Identity;
import org.relaychat.security.NameKeys;
import org.relaychat.security.TokenRejected;
import org.relaychat.security.TokenVerifier;

/**
 * Checks a WebSocket handshake before the container upgrades it, so a refused client gets a
 * plain HTTP error and never a half-open socket: 400 for a request target the container
 * cannot parse, 403 for a foreign origin, 429 when its address
 * has as many connections as allowed, 401 in token mode without a valid token. What it verified,
 * and in anonymous mode whether the name asked for is kept for another browser ({@link NameKeys}),
 * goes on to the endpoint as the request's {@link HandshakePrincipal}. Declared in {@code web.xml}
 * so that it runs ahead of the container's own upgrade filter. Tokens and query strings are never
 * logged.
 */
public class HandshakeGuard extends HttpFilter {

    private static final Logger LOG = Logger.getLogger(HandshakeGuard.class.getName());
    private static final int TOO_MANY_REQUESTS = 429;

    @Inject
    ChatConfig config;

    @Inject
    SecurityConfig security;

    @Inject
    ChatRegistry registry;

    @Inject
    SiteOrigins siteOrigins;

    @Inject
    NameKeys nameKeys;

    private OriginPolicy origins;
    /** Null in anonymous mode. */
    private TokenVerifier tokens;

    @Override
    public void init() {
        origins = siteOrigins.policy();
        tokens = security.tokenVerifier().orElse(null);
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String address = request.getRemoteAddr();
        if (!RequestTarget.parses(request.getRequestURI(), request.getQueryString())) {
            LOG.info(() -> "Refused handshake from " + address + ": request target not parseable");
            response.sendError(HttpServletResponse.SC_BAD_REQUEST, "malformed request target");
            return;
        }
        String origin = request.getHeader("Origin");
        if (!origins.allows(origin, request.getHeader("Host"), request.isSecure())) {
            LOG.info(() -> "Refused handshake from " + address + ": origin not allowed");
            response.sendError(HttpServletResponse.SC_FORBIDDEN, "origin not allowed");
            return;
        }
        int perAddress = config.limits().maxConnectionsPerAddress();
        if (perAddress > 0 && registry.connectionsFrom(address) >= perAddress) {
            LOG.info(() -> "Refused handshake from " + address + ": " + perAddress + " connections from that address");
            response.sendError(TOO_MANY_REQUESTS, "too many connections from your address");
            return;
        }
        Optional<Identity> identity = Optional.empty();
        if (tokens != null) {
            Optional<String> token = HandshakeToken.find(
                    Collections.list(request.getHeaders("Sec-WebSocket-Protocol")), request.getParameter("token"));
            if (token.isEmpty()) {
                LOG.info(() -> "Refused handshake from " + address + ": no token");
                response.setHeader("WWW-Authenticate", "Bearer realm=\"relay\"");
                response.sendError(HttpServletResponse.SC_UNAUTHORIZED, "token required");
                return;
            }
            try {
                identity = Optional.of(tokens.verify(token.get()));
            } catch (TokenRejected rejected) {
                LOG.info(() -> "Refused handshake from " + address + ": " + rejected.getMessage());
                response.setHeader("WWW-Authenticate", "Bearer realm=\"relay\", error=\"invalid_token\", "
                        + "error_description=\"" + rejected.getMessage() + "\"");
                response.sendError(HttpServletResponse.SC_UNAUTHORIZED, rejected.getMessage());
                return;
            }
        }
        NameKeys.Verdict name = tokens == null ? checkName(request.getQueryString(), address) : NameKeys.Verdict.FREE;
        chain.doFilter(new VerifiedRequest(request, new HandshakePrincipal(address, identity, name),
                config.limits().maxFrameBytes()), response);
    }

    /**
     * In anonymous mode, whether the name asked for is kept for another browser key. Names the
     * endpoint will refuse anyway are not looked up, and never kept.
     */
    private NameKeys.Verdict checkName(String query, String address) {
        Optional<String> name = QueryParameter.first(query, "name").map(String::strip)
                .filter(ClientFrameDecoder::isUserName).filter(candidate -> !UserNames.isReserved(candidate));
        if (name.isEmpty() || !nameKeys.enabled()) {
            return NameKeys.Verdict.FREE;
        }
        return nameKeys.check(name.get(), QueryParameter.first(query, "key"), address);
    }

    /**
     * The handshake request, with what the guard established as its user principal. On Payara it
     * also puts a {@link FrameLimitUpgrade} between the container and Tyrus's upgrade handler.
     */
    private static final class VerifiedRequest extends HttpServletRequestWrapper {
        private static final String TYRUS_UPGRADE = "org.glassfish.tyrus.servlet.TyrusHttpUpgradeHandler";

        private final HandshakePrincipal principal;
        private final long frameLimit;

        VerifiedRequest(HttpServletRequest request, HandshakePrincipal principal, long frameLimit) {
            super(request);
            this.principal = principal;
            this.frameLimit = frameLimit;
        }

        @Override
        public Principal getUserPrincipal() {
            return principal;
        }

        /**
         * Tyrus asks for its own handler by class; it gets one, made here as the container would,
         * while the container gets the stand-in that passes it the connection. Undertow (WildFly)
         * upgrades without this call, and reads text frames whole (see docs/security.md).
         */
        @Override
        public <T extends HttpUpgradeHandler> T upgrade(Class<T> handlerClass) throws IOException, ServletException {
            if (!handlerClass.getName().equals(TYRUS_UPGRADE)) {
                return super.upgrade(handlerClass);
            }
            T tyrus;
            try {
                tyrus = handlerClass.getDeclaredConstructor().newInstance();
            } catch (ReflectiveOperationException e) {
                throw new ServletException("cannot create " + handlerClass.getName(), e);
            }
            super.upgrade(FrameLimitUpgrade.class).standFor(tyrus, frameLimit);
            return tyrus;
        }
    }
}
