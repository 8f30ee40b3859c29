package org.relaychat.security;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * What token mode checks, kept apart from CDI so the verifier can be built and tested by hand.
 *
 * @param issuer the required {@code iss}; empty: not checked
 * @param audience a value {@code aud} must contain; empty: not checked
 * @param secret the HS256 shared secret, at least 32 bytes
 * @param publicKey an RSA (RS256) or EC P-256 (ES256) public key, PEM or its base64 body
 * @param jwksFile a JSON Web Key Set file holding the verification keys
 * @param roomsClaim the claim listing the rooms a user may join
 * @param clockSkew how far the clocks of issuer and server may differ for {@code exp} and {@code nbf}
 */
public record TokenSettings(
        Optional<String> issuer,
        Optional<String> audience,
        Optional<String> secret,
        Optional<String> publicKey,
        Optional<Path> jwksFile,
        String roomsClaim,
        Duration clockSkew) {
}
