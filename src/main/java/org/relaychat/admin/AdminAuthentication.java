package org.relaychat.admin;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStoreHandler;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Locale;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.relaychat.http.SecurityHeaders;

/**
 * HTTP Basic for the admin API, with what the built-in mechanism lacks: failed logins are counted
 * per address ({@link LoginThrottle}) and an address over the limit gets 429 with
 * {@code Retry-After} without its password being checked, and every refusal is logged with the
 * address. The container runs this before any filter, so it puts the security headers on its own
 * answers.
 */
@ApplicationScoped
public class AdminAuthentication implements HttpAuthenticationMechanism {

    private static final Logger LOG = Logger.getLogger(AdminAuthentication.class.getName());
    private static final String CHALLENGE = "Basic realm=\"Relay admin\", charset=\"UTF-8\"";
    private static final int TOO_MANY_REQUESTS = 429;

    private IdentityStoreHandler identities;
    private SecurityHeaders headers;
    private LoginThrottle throttle;

    protected AdminAuthentication() {
        // for the CDI proxy
    }

    @Inject
    public AdminAuthentication(IdentityStoreHandler identities, SecurityHeaders headers,
            @ConfigProperty(name = "chat.admin.max-failed-logins-per-minute") int maxFailedLogins) {
        this.identities = identities;
        this.headers = headers;
        this.throttle = new LoginThrottle(maxFailedLogins);
    }

    @Override
    public AuthenticationStatus validateRequest(HttpServletRequest request, HttpServletResponse response,
            HttpMessageContext context) {
        if (!context.isProtected()) {
            return context.doNothing();
        }
        headers.applyTo(request, response);
        String address = request.getRemoteAddr();
        Duration wait = throttle.waitFor(address, Instant.now());
        if (!wait.isZero()) {
            LOG.info(() -> "Refused an admin login from " + address + ": too many failed logins");
            response.setHeader("Retry-After", String.valueOf(Math.max(1, wait.toSeconds())));
            try {
                response.sendError(TOO_MANY_REQUESTS, "too many failed logins, try again later");
            } catch (IOException gone) {
                // the client left; nothing to answer
            }
            return AuthenticationStatus.SEND_FAILURE;
        }
        String authorization = request.getHeader("Authorization");
        if (authorization == null || !authorization.toLowerCase(Locale.ROOT).startsWith("basic ")) {
            return challenge(response, context);
        }
        CredentialValidationResult result = identities.validate(credential(authorization.substring(6).strip()));
        if (result.getStatus() == CredentialValidationResult.Status.VALID) {
            return context.notifyContainerAboutLogin(result);
        }
        throttle.failed(address, Instant.now());
        LOG.info(() -> "Refused an admin login from " + address + ": wrong user or password");
        return challenge(response, context);
    }

    private static AuthenticationStatus challenge(HttpServletResponse response, HttpMessageContext context) {
        response.setHeader("WWW-Authenticate", CHALLENGE);
        return context.responseUnauthorized();
    }

    /** The user and password of a Basic header; a malformed one is a credential that matches nobody. */
    private static UsernamePasswordCredential credential(String encoded) {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            decoded = "";
        }
        int colon = decoded.indexOf(':');
        return colon < 0 ? new UsernamePasswordCredential("", "")
                : new UsernamePasswordCredential(decoded.substring(0, colon), decoded.substring(colon + 1));
    }
}
