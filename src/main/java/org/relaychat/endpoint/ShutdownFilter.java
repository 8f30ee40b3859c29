package org.relaychat.endpoint;

import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.relaychat.chat.GracefulShutdown;

/**
 * Lets requests through; it exists for {@link #destroy()}. A stopping web application has its
 * filters destroyed before its container closes the WebSocket sessions (Undertow and Tyrus both
 * close them before any {@code ServletContextListener} or CDI shutdown event is told), so this is
 * the last moment at which clients can still be sent their queues and a close with a reason.
 */
public class ShutdownFilter extends HttpFilter {

    @Inject
    GracefulShutdown shutdown;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        chain.doFilter(request, response);
    }

    @Override
    public void destroy() {
        shutdown.closeAll();
    }
}
