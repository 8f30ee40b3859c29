package org.relaychat.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What is stored instead of a random secret (a browser's name key, an upload slot, a download
 * ticket): its SHA-256 in hex, so that a copy of the database opens nothing. The secrets are long
 * random tokens, so a plain hash suffices; no salt or stretching is needed as for passwords.
 */
public final class SecretHash {

    private SecretHash() {
    }

    public static String of(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
