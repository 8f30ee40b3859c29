package org.relaychat.endpoint;

import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.logging.Logger;
import org.relaychat.config.ChatConfig;

/**
 * Checks a WebSocket handshake before the container upgrades it, so a refused client gets a
 * plain HTTP error and never a half-open socket. Declared in {@code web.xml} so that it runs ahead
 * of the container's own upgrade filter.
 */
public class HandshakeGuard extends HttpFilter {

    private static final Logger LOG = Logger.getLogger(HandshakeGuard.class.getName());

    @Inject
    ChatConfig config;

    private OriginPolicy origins;

    @Override
    public void init() {
        origins = new OriginPolicy(config.allowedOrigins(), config.publicUrl());
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String origin = request.getHeader("Origin");
        if (!origins.allows(origin, request.getHeader("Host"), request.isSecure())) {
            LOG.info(() -> "Refused handshake from " + request.getRemoteAddr() + ": origin not allowed");
            response.sendError(HttpServletResponse.SC_FORBIDDEN, "origin not allowed");
            return;
        }
        chain.doFilter(request, response);
    }
}
