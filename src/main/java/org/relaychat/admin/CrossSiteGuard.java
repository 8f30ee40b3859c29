package org.relaychat.admin;

import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;
import java.util.logging.Logger;
import org.relaychat.http.SiteOrigins;
import org.relaychat.rest.ApiJson;

/**
 * Refuses admin calls that change state when they may come from another site, where the
 * operator's browser would add its Basic credentials on its own. Such a call must carry the header
 * {@value #HEADER}, which no HTML form can send and which a script on another origin can only send
 * after a CORS preflight that this server never grants; and when the browser says where the call
 * comes from ({@code Sec-Fetch-Site}, {@code Origin}), that must be this server. Reading calls
 * (GET, HEAD) pass: the browser keeps their answers from other sites.
 */
public class CrossSiteGuard extends HttpFilter {

    /** The header every state-changing admin call must carry, with any value. */
    public static final String HEADER = "X-Relay-Admin";

    private static final Logger LOG = Logger.getLogger(CrossSiteGuard.class.getName());
    private static final Set<String> READING = Set.of("GET", "HEAD", "OPTIONS");
    private static final Set<String> OWN_SITE = Set.of("same-origin", "none");

    @Inject
    SiteOrigins origins;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String refusal = READING.contains(request.getMethod()) ? null : refusal(request);
        if (refusal == null) {
            chain.doFilter(request, response);
            return;
        }
        LOG.info(() -> "Refused an admin " + request.getMethod() + " from " + request.getRemoteAddr() + ": " + refusal);
        response.setStatus(HttpServletResponse.SC_FORBIDDEN);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(ApiJson.write(new ApiJson.Problem(refusal)));
    }

    private String refusal(HttpServletRequest request) {
        String site = request.getHeader("Sec-Fetch-Site");
        if (site != null && !OWN_SITE.contains(site.strip())) {
            return "cross-site request";
        }
        String origin = request.getHeader("Origin");
        if (origin != null && !origins.policy().isOwn(origin, request.getHeader("Host"), request.isSecure())) {
            return "foreign origin";
        }
        String marker = request.getHeader(HEADER);
        if (marker == null || marker.isBlank()) {
            return "the header " + HEADER + " is required";
        }
        return null;
    }
}
