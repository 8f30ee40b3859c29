package org.relaychat.it;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.security.KeyFactory;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;

/**
 * Signs tokens the way an identity provider would for the token-mode test server, whose secret,
 * EC public key, issuer and audience are set in {@code arquillian.xml} (qualifier
 * {@code payara-micro-token}). These keys are for tests only.
 */
final class TestTokens {

    static final String SECRET = "relay-integration-test-secret-0123456789";
    static final String ISSUER = "https://login.relay.test";
    static final String AUDIENCE = "relay";
    /** PKCS#8 of the P-256 key whose public half the test server has as chat.auth.public-key. */
    private static final String EC_PRIVATE_KEY = "MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgfSmAvp9hp8YcX/2zYEH3sqys"
            + "NnqDPVf5FRP92AyN7quhRANCAARDQmvXsaMyXodC9I6wgBO+6BU5c4ujNft0RIuFBw/hmV4PdyDFEzUnI9MhZLjUWc8C355j0TAf"
            + "FcO0iaMKFNkz";

    private TestTokens() {
    }

    /** Claims the server accepts: subject, issuer, audience, an hour to live. */
    static JWTClaimsSet.Builder claims(String user) {
        return new JWTClaimsSet.Builder().subject(user).issuer(ISSUER).audience(AUDIENCE)
                .expirationTime(Date.from(Instant.now().plus(Duration.ofHours(1))));
    }

    static JWTClaimsSet.Builder claims(String user, List<String> rooms) {
        return claims(user).claim("rooms", rooms);
    }

    static String hs256(JWTClaimsSet.Builder claims) throws JOSEException {
        return hs256(claims, SECRET);
    }

    static String hs256(JWTClaimsSet.Builder claims, String secret) throws JOSEException {
        return sign(new MACSigner(secret), JWSAlgorithm.HS256, claims);
    }

    static String es256(JWTClaimsSet.Builder claims) throws Exception {
        ECPrivateKey key = (ECPrivateKey) KeyFactory.getInstance("EC")
                .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(EC_PRIVATE_KEY)));
        return sign(new ECDSASigner(key), JWSAlgorithm.ES256, claims);
    }

    private static String sign(JWSSigner signer, JWSAlgorithm algorithm, JWTClaimsSet.Builder claims)
            throws JOSEException {
        SignedJWT jwt = new SignedJWT(new JWSHeader(algorithm), claims.build());
        jwt.sign(signer);
        return jwt.serialize();
    }
}
