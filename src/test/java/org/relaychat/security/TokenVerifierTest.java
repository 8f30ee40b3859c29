package org.relaychat.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TokenVerifierTest {

    private static final String SECRET = "a shared secret of at least thirty-two bytes";
    private static final String ISSUER = "https://login.example.com";
    private static final String AUDIENCE = "relay";

    private static KeyPair rsa;
    private static KeyPair ec;

    @BeforeAll
    static void generateKeys() throws Exception {
        KeyPairGenerator rsaGenerator = KeyPairGenerator.getInstance("RSA");
        rsaGenerator.initialize(2048);
        rsa = rsaGenerator.generateKeyPair();
        KeyPairGenerator ecGenerator = KeyPairGenerator.getInstance("EC");
        ecGenerator.initialize(new ECGenParameterSpec("secp256r1"));
        ec = ecGenerator.generateKeyPair();
    }

    // --- accepted --------------------------------------------------------------------------

    @Test
    void anHs256TokenWithTheSecretGivesItsSubjectAndExpiryPlusTheSkew() throws Exception {
        Instant exp = Instant.now().plusSeconds(600).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        String token = hs256(claims().expirationTime(Date.from(exp)));

        Identity identity = verifier(settings()).verify(token);

        assertEquals("ana", identity.user());
        assertEquals(Optional.empty(), identity.rooms());
        assertEquals(Optional.of(exp.plusSeconds(30)), identity.expiresAt());
    }

    @Test
    void anRs256TokenIsVerifiedWithAPemPublicKey() throws Exception {
        String token = sign(new RSASSASigner(rsa.getPrivate()), JWSAlgorithm.RS256, claims());

        assertEquals("ana", verifier(settings().publicKey(pem(rsa.getPublic()))).verify(token).user());
    }

    @Test
    void anEs256TokenIsVerifiedWithAPemPublicKeyOrItsBareBase64() throws Exception {
        String token = sign(new ECDSASigner((ECPrivateKey) ec.getPrivate()), JWSAlgorithm.ES256, claims());
        String bare = Base64.getEncoder().encodeToString(ec.getPublic().getEncoded());

        assertEquals("ana", verifier(settings().publicKey(pem(ec.getPublic()))).verify(token).user());
        assertEquals("ana", verifier(settings().publicKey(bare)).verify(token).user());
    }

    @Test
    void tokensAreVerifiedWithTheKeyOfAJwksFileNamedByTheirKid(@TempDir Path dir) throws Exception {
        RSAKey first = new RSAKey.Builder((RSAPublicKey) rsa.getPublic()).keyID("k1").build();
        ECKey second = new ECKey.Builder(Curve.P_256, (ECPublicKey) ec.getPublic()).keyID("k2").build();
        Path file = dir.resolve("keys.json");
        Files.writeString(file, new JWKSet(List.of(first, second)).toString());
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("k2").build(), claims().build());
        jwt.sign(new ECDSASigner((ECPrivateKey) ec.getPrivate()));

        assertEquals("ana", verifier(settings().jwksFile(file)).verify(jwt.serialize()).user());
    }

    @Test
    void theRoomsClaimIsAListOrAStringOfNames() throws Exception {
        TokenVerifier cut = verifier(settings());

        assertEquals(Optional.of(Set.of("sales", "ops")),
                cut.verify(hs256(claims().claim("rooms", List.of("sales", "ops")))).rooms());
        assertEquals(Optional.of(Set.of("sales", "ops")), cut.verify(hs256(claims().claim("rooms", " sales ops"))).rooms());
        assertEquals(Optional.of(Set.of()), cut.verify(hs256(claims().claim("rooms", List.of()))).rooms());
    }

    @Test
    void theRoomsClaimNameIsConfigurable() throws Exception {
        TokenVerifier cut = verifier(settings().roomsClaim("relay_rooms"));

        assertEquals(Optional.of(Set.of("x")), cut.verify(hs256(claims().claim("relay_rooms", List.of("x")))).rooms());
        assertEquals(Optional.empty(), cut.verify(hs256(claims().claim("rooms", List.of("x")))).rooms());
    }

    @Test
    void issuerAndAudienceAreNotCheckedWhenNotConfigured() throws Exception {
        TokenVerifier cut = verifier(settings().issuer(null).audience(null));

        assertEquals("ana", cut.verify(hs256(claims().issuer("anyone").audience("anything"))).user());
    }

    @Test
    void anAudienceListContainingTheAudienceIsAccepted() throws Exception {
        assertEquals("ana", verifier(settings()).verify(hs256(claims().audience(List.of("other", AUDIENCE)))).user());
    }

    @Test
    void aTokenExpiredWithinTheClockSkewIsStillAccepted() throws Exception {
        String token = hs256(claims().expirationTime(Date.from(Instant.now().minusSeconds(10))));

        assertEquals("ana", verifier(settings()).verify(token).user());
    }

    // --- refused ---------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"", "garbage", "a.b.c", "eyJhbGciOiJIUzI1NiJ9.e30.", "....", "eyJ9.eyJ9.eyJ9"})
    void garbageIsMalformed(String token) {
        assertRejected("malformed token", () -> verifier(settings()).verify(token));
    }

    @Test
    void aTokenSignedWithAnotherSecretHasABadSignature() throws Exception {
        String token = sign(new MACSigner("another secret, also thirty-two bytes long"), JWSAlgorithm.HS256, claims());

        assertRejected("bad signature", () -> verifier(settings()).verify(token));
    }

    @Test
    void aTokenWithAnAlteredPayloadHasABadSignature() throws Exception {
        String[] parts = hs256(claims()).split("\\.");
        String forged = parts[0] + "." + Base64URL.encode(claims().subject("admin").build().toString()) + "." + parts[2];

        assertRejected("bad signature", () -> verifier(settings()).verify(forged));
    }

    @Test
    void anUnsignedTokenIsRefused() {
        String token = new PlainJWT(claims().build()).serialize();

        assertRejected("token is not signed", () -> verifier(settings()).verify(token));
    }

    @Test
    void anHs256TokenMacedWithThePublicKeyIsRefusedWhenOnlyThePublicKeyIsConfigured() throws Exception {
        byte[] publicKeyAsSecret = pem(rsa.getPublic()).getBytes(StandardCharsets.US_ASCII);
        String token = sign(new MACSigner(publicKeyAsSecret), JWSAlgorithm.HS256, claims());
        TokenSettings onlyRsa = settings().secret(null).publicKey(pem(rsa.getPublic())).build();

        assertRejected("no key for this token, or algorithm not accepted", () -> new TokenVerifier(onlyRsa).verify(token));
    }

    @Test
    void anRs512TokenIsRefusedEvenWithTheRightKey() throws Exception {
        String token = sign(new RSASSASigner(rsa.getPrivate()), JWSAlgorithm.RS512, claims());

        assertRejected("no key for this token, or algorithm not accepted",
                () -> verifier(settings().publicKey(pem(rsa.getPublic()))).verify(token));
    }

    @Test
    void anExpiredTokenIsRefused() throws Exception {
        String token = hs256(claims().expirationTime(Date.from(Instant.now().minusSeconds(120))));

        assertRejected("token expired", () -> verifier(settings()).verify(token));
    }

    @Test
    void aTokenNotYetValidIsRefused() throws Exception {
        String token = hs256(claims().notBeforeTime(Date.from(Instant.now().plusSeconds(120))));

        assertRejected("token not yet valid", () -> verifier(settings()).verify(token));
    }

    @Test
    void aTokenForAnotherAudienceOrWithoutOneIsRefused() throws Exception {
        assertRejected("wrong audience", () -> verifier(settings()).verify(hs256(claims().audience("other"))));
        assertRejected("wrong audience", () -> verifier(settings()).verify(hs256(claims().audience((String) null))));
    }

    @Test
    void aTokenFromAnotherIssuerOrWithoutOneIsRefused() throws Exception {
        assertRejected("wrong issuer", () -> verifier(settings()).verify(hs256(claims().issuer("https://evil.example"))));
        assertRejected("token lacks iss", () -> verifier(settings()).verify(hs256(claims().issuer(null))));
    }

    @Test
    void aTokenWithoutExpiryOrSubjectIsRefused() throws Exception {
        assertRejected("token lacks exp", () -> verifier(settings()).verify(hs256(claims().expirationTime(null))));
        assertRejected("token lacks sub", () -> verifier(settings()).verify(hs256(claims().subject(null))));
    }

    @ParameterizedTest
    @ValueSource(strings = {" ", "new\nline", "nul\u0000", "a name that is far too long for the chat"})
    void aSubjectThatIsNoUsableUserNameIsRefused(String subject) throws Exception {
        String token = hs256(claims().subject(subject));

        assertRejected("subject is not a usable user name", () -> verifier(settings()).verify(token));
    }

    @Test
    void aRoomsClaimThatIsNoListOfNamesIsRefused() throws Exception {
        assertRejected("'rooms' must list room names", () -> verifier(settings()).verify(hs256(claims().claim("rooms", 5))));
        assertRejected("'rooms' must list room names",
                () -> verifier(settings()).verify(hs256(claims().claim("rooms", List.of("a", 1)))));
    }

    @Test
    void rejectionReasonsNeverContainTheToken() throws Exception {
        String token = hs256(claims().audience("other"));

        TokenRejected rejected = assertThrows(TokenRejected.class, () -> verifier(settings()).verify(token));
        assertTrue(!rejected.getMessage().contains(token.substring(0, 20)));
    }

    // --- settings --------------------------------------------------------------------------

    @Test
    void settingsWithoutAnyKeyAreRefused() {
        IllegalArgumentException problem = assertThrows(IllegalArgumentException.class,
                () -> new TokenVerifier(settings().secret(null).build()));
        assertTrue(problem.getMessage().contains("chat.auth.secret"), problem.getMessage());
    }

    @Test
    void aSecretShorterThanThirtyTwoBytesIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new TokenVerifier(settings().secret("too short").build()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"not base64 !", "AAAA", "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----"})
    void aPublicKeyThatIsNoneIsRefused(String pem) {
        assertThrows(IllegalArgumentException.class, () -> new TokenVerifier(settings().publicKey(pem).build()));
    }

    @Test
    void anUnreadableJwksFileIsRefused(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("keys.json"), "{ not json");

        assertThrows(IllegalArgumentException.class, () -> new TokenVerifier(settings().jwksFile(file).build()));
        assertThrows(IllegalArgumentException.class,
                () -> new TokenVerifier(settings().jwksFile(dir.resolve("missing.json")).build()));
    }

    // --- helpers ---------------------------------------------------------------------------

    private static void assertRejected(String reason, org.junit.jupiter.api.function.Executable verification) {
        TokenRejected rejected = assertThrows(TokenRejected.class, verification);
        assertEquals(reason, rejected.getMessage());
    }

    private static JWTClaimsSet.Builder claims() {
        return new JWTClaimsSet.Builder().subject("ana").issuer(ISSUER).audience(AUDIENCE)
                .expirationTime(Date.from(Instant.now().plusSeconds(600)));
    }

    private static String hs256(JWTClaimsSet.Builder claims) throws JOSEException {
        return sign(new MACSigner(SECRET), JWSAlgorithm.HS256, claims);
    }

    private static String sign(JWSSigner signer, JWSAlgorithm algorithm, JWTClaimsSet.Builder claims)
            throws JOSEException {
        SignedJWT jwt = new SignedJWT(new JWSHeader(algorithm), claims.build());
        jwt.sign(signer);
        return jwt.serialize();
    }

    private static String pem(PublicKey key) {
        return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(key.getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
    }

    private static TokenVerifier verifier(Settings settings) {
        return new TokenVerifier(settings.build());
    }

    private static Settings settings() {
        return new Settings();
    }

    /** The settings of these tests, with the few a test changes. */
    private static final class Settings {
        private String issuer = ISSUER;
        private String audience = AUDIENCE;
        private String secret = SECRET;
        private String publicKey;
        private Path jwksFile;
        private String roomsClaim = "rooms";

        Settings issuer(String value) {
            issuer = value;
            return this;
        }

        Settings audience(String value) {
            audience = value;
            return this;
        }

        Settings secret(String value) {
            secret = value;
            return this;
        }

        Settings publicKey(String value) {
            publicKey = value;
            return this;
        }

        Settings jwksFile(Path value) {
            jwksFile = value;
            return this;
        }

        Settings roomsClaim(String value) {
            roomsClaim = value;
            return this;
        }

        TokenSettings build() {
            return new TokenSettings(Optional.ofNullable(issuer), Optional.ofNullable(audience),
                    Optional.ofNullable(secret), Optional.ofNullable(publicKey), Optional.ofNullable(jwksFile),
                    roomsClaim, Duration.ofSeconds(30));
        }
    }
}
