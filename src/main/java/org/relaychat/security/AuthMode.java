package org.relaychat.security;

import java.util.Locale;

/** How the handshake decides who a client is. */
public enum AuthMode {
    /** Anyone may connect and choose a name with {@code ?name=}, or is given a guest name. */
    ANONYMOUS,
    /** Every handshake must carry a valid signed token, whose subject is the user. */
    TOKEN;

    /** Reads {@code anonymous} or {@code token}, in any case. */
    public static AuthMode parse(String value) {
        try {
            return valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException unknown) {
            throw new IllegalArgumentException("chat.auth.mode must be 'anonymous' or 'token', not '" + value + "'");
        }
    }
}
