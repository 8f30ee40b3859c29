package org.relaychat.security;

/**
 * A token that is not accepted. The message is a short reason ("token expired") that never
 * contains the token, so it is safe to log and to tell the client.
 */
public final class TokenRejected extends Exception {

    public TokenRejected(String reason) {
        super(reason, null, false, false);
    }
}
