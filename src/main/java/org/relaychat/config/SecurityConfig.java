package org.relaychat.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.relaychat.security.AuthMode;
import org.relaychat.security.TokenSettings;
import org.relaychat.security.TokenVerifier;

/**
 * The security settings, read once through MicroProfile Config: how clients authenticate, what a
 * token must satisfy, and which rooms are private. The key material is only ever read from here,
 * never logged.
 */
@ApplicationScoped
public class SecurityConfig {

    private static final Logger LOG = Logger.getLogger(SecurityConfig.class.getName());

    private AuthMode mode;
    private TokenSettings tokens;
    private Set<String> privateRooms;
    private Optional<TokenVerifier> tokenVerifier;

    protected SecurityConfig() {
        // for the CDI proxy
    }

    @Inject
    public SecurityConfig(
            @ConfigProperty(name = "chat.auth.mode") String mode,
            @ConfigProperty(name = "chat.auth.issuer") Optional<String> issuer,
            @ConfigProperty(name = "chat.auth.audience") Optional<String> audience,
            @ConfigProperty(name = "chat.auth.secret") Optional<String> secret,
            @ConfigProperty(name = "chat.auth.public-key") Optional<String> publicKey,
            @ConfigProperty(name = "chat.auth.jwks-file") Optional<String> jwksFile,
            @ConfigProperty(name = "chat.auth.rooms-claim") String roomsClaim,
            @ConfigProperty(name = "chat.auth.clock-skew-seconds") long clockSkewSeconds,
            @ConfigProperty(name = "chat.rooms.private") Optional<String> privateRooms) {
        this.mode = AuthMode.parse(mode);
        this.tokens = new TokenSettings(issuer, audience, secret, publicKey, jwksFile.map(Path::of),
                roomsClaim.strip(), Duration.ofSeconds(clockSkewSeconds));
        // Read as one string: not every server's config producer injects Optional<List<String>>.
        this.privateRooms = Arrays.stream(privateRooms.orElse("").split(","))
                .map(String::strip).filter(room -> !room.isEmpty()).collect(Collectors.toUnmodifiableSet());
        this.tokenVerifier = this.mode == AuthMode.TOKEN ? Optional.of(new TokenVerifier(tokens)) : Optional.empty();
    }

    /**
     * Reads the settings when the application starts, so that token mode without a usable key
     * stops the deployment instead of refusing every handshake later.
     */
    void checkAtStartup(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted) {
        if (mode == AuthMode.TOKEN && (tokens.issuer().isEmpty() || tokens.audience().isEmpty())) {
            LOG.warning("Token mode without chat.auth.issuer or chat.auth.audience: those claims are not checked");
        }
    }

    public AuthMode mode() {
        return mode;
    }

    public TokenSettings tokens() {
        return tokens;
    }

    /** The verifier of handshake tokens in token mode; empty in anonymous mode. */
    public Optional<TokenVerifier> tokenVerifier() {
        return tokenVerifier;
    }

    /** Rooms private from the start. */
    public Set<String> privateRooms() {
        return privateRooms;
    }
}
