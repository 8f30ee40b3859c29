package org.relaychat.http;

import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Puts the {@link SecurityHeaders} on every response of the application. Declared first in
 * {@code web.xml}, so that the handshake guard's refusals carry them too; responses the
 * container writes before any filter runs (an authentication challenge) get them from the admin
 * authentication itself.
 */
public class SecurityHeadersFilter extends HttpFilter {

    @Inject
    SecurityHeaders headers;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        headers.applyTo(request, response);
        chain.doFilter(request, response);
    }
}
