package org.relaychat.security;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** Reads the configured secret, public key and key set file into one set of verification keys. */
final class VerificationKeys {

    /** RFC 7518 3.2: an HS256 key must be at least as long as the hash. */
    static final int MIN_SECRET_BYTES = 32;

    private VerificationKeys() {
    }

    /** All configured keys; throws {@link IllegalArgumentException} naming the setting that is wrong. */
    static JWKSet load(TokenSettings settings) {
        List<JWK> keys = new ArrayList<>();
        settings.secret().ifPresent(secret -> keys.add(secretKey(secret)));
        settings.publicKey().ifPresent(pem -> keys.add(publicKey(pem)));
        settings.jwksFile().ifPresent(file -> keys.addAll(keySet(file).getKeys()));
        if (keys.isEmpty()) {
            throw new IllegalArgumentException(
                    "token mode needs chat.auth.secret, chat.auth.public-key or chat.auth.jwks-file");
        }
        return new JWKSet(keys);
    }

    private static JWK secretKey(String secret) {
        byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
        if (bytes.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("chat.auth.secret must be at least " + MIN_SECRET_BYTES + " bytes");
        }
        return new OctetSequenceKey.Builder(bytes).algorithm(JWSAlgorithm.HS256).build();
    }

    static JWK publicKey(String pem) {
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", "").strip());
        } catch (IllegalArgumentException notBase64) {
            throw new IllegalArgumentException("chat.auth.public-key is not a PEM public key");
        }
        PublicKey key = decode(der, "RSA");
        if (key == null) {
            key = decode(der, "EC");
        }
        if (key instanceof RSAPublicKey rsa) {
            return new RSAKey.Builder(rsa).build();
        }
        if (key instanceof ECPublicKey ec && Curve.forECParameterSpec(ec.getParams()) != null) {
            return new ECKey.Builder(Curve.forECParameterSpec(ec.getParams()), ec).build();
        }
        throw new IllegalArgumentException("chat.auth.public-key is not an RSA or EC public key");
    }

    private static PublicKey decode(byte[] der, String algorithm) {
        try {
            return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException notThisKind) {
            return null;
        }
    }

    private static JWKSet keySet(Path file) {
        try {
            return JWKSet.load(file.toFile());
        } catch (IOException | java.text.ParseException unreadable) {
            throw new IllegalArgumentException("chat.auth.jwks-file " + file + " is not a readable JWK set: "
                    + unreadable.getMessage());
        }
    }
}
