package org.relaychat.admin;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The operator of the admin API: one user and password from MicroProfile Config
 * ({@code chat.admin.user}, {@code chat.admin.password}), asked for with HTTP Basic. Without a
 * password nobody is let in, so the admin API is off until one is configured. Only Jakarta
 * Security is used, so the same WAR authenticates alike on every server; {@link AdminAuthentication}
 * asks for the credentials and logs refusals with the caller's address.
 */
@ApplicationScoped
public class AdminIdentityStore implements IdentityStore {

    /** The role the admin API requires. */
    public static final String ROLE = "relay-admin";

    private static final Logger LOG = Logger.getLogger(AdminIdentityStore.class.getName());

    @Inject
    @ConfigProperty(name = "chat.admin.user")
    String user;

    @Inject
    @ConfigProperty(name = "chat.admin.password")
    Optional<String> password;

    @PostConstruct
    void report() {
        if (password.isEmpty()) {
            LOG.info("The admin API is off: chat.admin.password is not set");
        }
    }

    @Override
    public CredentialValidationResult validate(Credential credential) {
        if (password.isEmpty() || !(credential instanceof UsernamePasswordCredential given)) {
            return CredentialValidationResult.INVALID_RESULT;
        }
        // Both compared in full whatever differs first, so timing tells nothing about either.
        boolean userMatches = constantTimeEquals(user, given.getCaller());
        boolean passwordMatches = constantTimeEquals(password.get(), given.getPasswordAsString());
        if (userMatches && passwordMatches) {
            return new CredentialValidationResult(user, Set.of(ROLE));
        }
        return CredentialValidationResult.INVALID_RESULT;
    }

    private static boolean constantTimeEquals(String expected, String given) {
        return given != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                given.getBytes(StandardCharsets.UTF_8));
    }
}
