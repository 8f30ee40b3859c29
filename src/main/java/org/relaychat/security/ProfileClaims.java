package org.relaychat.security;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;
import org.relaychat.protocol.ClientFrameDecoder;

/**
 * What a token says of how its user looks, in the standard OpenID Connect claims: {@code name}
 * and {@code picture}. They fill in the profile where the user set nothing. A claim that would not
 * be a valid display name, or a picture that is not an absolute {@code https} address, is left out
 * rather than refusing the token.
 *
 * @param name null when the token has no usable one
 * @param picture null when the token has no usable one
 */
public record ProfileClaims(String name, String picture) {

    public static final ProfileClaims NONE = new ProfileClaims(null, null);

    private static final int MAX_PICTURE_LENGTH = 1000;

    /** The claims of a verified token, as its library hands them over. */
    static ProfileClaims of(Map<String, Object> claims) {
        return new ProfileClaims(usable(claims.get("name")), picture(claims.get("picture")));
    }

    private static String usable(Object name) {
        return name instanceof String text && ClientFrameDecoder.isDisplayName(text) ? text : null;
    }

    private static String picture(Object value) {
        if (!(value instanceof String address) || address.length() > MAX_PICTURE_LENGTH) {
            return null;
        }
        try {
            URI uri = new URI(address);
            return "https".equalsIgnoreCase(uri.getScheme()) && uri.getHost() != null ? address : null;
        } catch (URISyntaxException malformed) {
            return null;
        }
    }
}
