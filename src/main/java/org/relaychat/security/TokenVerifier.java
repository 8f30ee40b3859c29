package org.relaychat.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.BadJWSException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimNames;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.jwt.proc.ExpiredJWTException;
import java.text.ParseException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.relaychat.protocol.ClientFrameDecoder;

/**
 * Verifies a compact JWS token: an accepted algorithm (HS256, RS256, ES256) with a configured key,
 * the signature, {@code exp} (required), {@code nbf}, the issuer and the audience, and a subject
 * that is a usable user name. Thread-safe.
 */
public final class TokenVerifier {

    private static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.HS256, JWSAlgorithm.RS256,
            JWSAlgorithm.ES256);

    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
    private final String roomsClaim;
    private final Duration clockSkew;

    /** Throws {@link IllegalArgumentException} when the settings hold no usable key. */
    public TokenVerifier(TokenSettings settings) {
        this.roomsClaim = settings.roomsClaim();
        this.clockSkew = settings.clockSkew();
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT,
                new JOSEObjectType("at+jwt"), null));
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS,
                new ImmutableJWKSet<>(VerificationKeys.load(settings))));
        JWTClaimsSet.Builder exact = new JWTClaimsSet.Builder();
        settings.issuer().ifPresent(exact::issuer);
        DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(
                settings.audience().map(audience -> new HashSet<>(List.of(audience))).orElse(null), exact.build(),
                Set.of(JWTClaimNames.SUBJECT, JWTClaimNames.EXPIRATION_TIME), null);
        claims.setMaxClockSkew((int) clockSkew.toSeconds());
        processor.setJWTClaimsSetVerifier(claims);
    }

    /** The identity the token speaks for, or why it is refused; never throws anything else. */
    public Identity verify(String token) throws TokenRejected {
        SignedJWT signed;
        try {
            if (!(JWTParser.parse(token) instanceof SignedJWT jws)) {
                throw new TokenRejected("token is not signed");
            }
            signed = jws;
        } catch (ParseException | RuntimeException malformed) {
            // Whatever a client sends as its token, the answer is a refusal, never a server error.
            throw new TokenRejected("malformed token");
        }
        JWTClaimsSet claims;
        try {
            claims = processor.process(signed, null);
        } catch (BadJWSException badSignature) {
            throw new TokenRejected("bad signature");
        } catch (ExpiredJWTException expired) {
            throw new TokenRejected("token expired");
        } catch (BadJWTException badClaims) {
            throw new TokenRejected(reason(badClaims));
        } catch (BadJOSEException | JOSEException | RuntimeException unverifiable) {
            throw new TokenRejected("no key for this token, or algorithm not accepted");
        }
        String user = claims.getSubject();
        if (!ClientFrameDecoder.isUserName(user)) {
            throw new TokenRejected("subject is not a usable user name");
        }
        return new Identity(user, rooms(claims), Optional.of(claims.getExpirationTime().toInstant().plus(clockSkew)),
                ProfileClaims.of(claims.getClaims()));
    }

    private static String reason(BadJWTException problem) {
        // The claims verifier's messages name claims, never values; reduce them to a few stable reasons.
        String message = String.valueOf(problem.getMessage());
        if (message.contains("before use time")) {
            return "token not yet valid";
        } else if (message.contains(" aud ")) {
            return "wrong audience";
        } else if (message.contains(" iss ")) {
            return "wrong issuer";
        } else if (message.matches("JWT missing required claims: \\[[a-z, ]+]")) {
            return "token lacks " + message.substring(message.indexOf('[') + 1, message.length() - 1);
        }
        return "claims rejected";
    }

    /** The rooms claim: a list of room names or one string of names separated by spaces. */
    private Optional<Set<String>> rooms(JWTClaimsSet claims) throws TokenRejected {
        Object value = claims.getClaim(roomsClaim);
        if (value == null) {
            return Optional.empty();
        }
        if (value instanceof String names) {
            return Optional.of(Arrays.stream(names.split("\\s+")).filter(name -> !name.isEmpty())
                    .collect(Collectors.toSet()));
        }
        if (value instanceof List<?> list && list.stream().allMatch(String.class::isInstance)) {
            Set<String> rooms = new HashSet<>();
            list.forEach(room -> rooms.add((String) room));
            return Optional.of(rooms);
        }
        throw new TokenRejected("'" + roomsClaim + "' must list room names");
    }
}
