package org.relaychat.rest;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbConfig;
import jakarta.json.bind.JsonbException;
import jakarta.json.bind.config.PropertyNamingStrategy;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Optional;

/**
 * The HTTP API's JSON, written and read with JSON-B and named as the WebSocket protocol names
 * fields ({@code client_id}, not {@code clientId}). Resources hand over the text themselves rather
 * than leave it to the server's choice of JSON provider, which differs between servers (WildFly
 * and Payara pick Jackson for a WAR that contains Jackson), so the JSON is the same everywhere.
 */
public final class ApiJson {

    private static final Jsonb JSONB = JsonbBuilder.create(
            new JsonbConfig().withPropertyNamingStrategy(PropertyNamingStrategy.LOWER_CASE_WITH_UNDERSCORES));

    private ApiJson() {
    }

    /** What every refusal of the HTTP API says: {@code {"error": "..."}}. */
    public record Problem(String error) {
    }

    /** A refusal with its status and reason, as JSON rather than the container's error page. */
    public static Response problem(Response.Status status, String error) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(write(new Problem(error))).build();
    }

    public static String write(Object value) {
        return JSONB.toJson(value);
    }

    /** The body as a {@code type}, or empty when it is not JSON of that shape. */
    public static <T> Optional<T> read(String body, Class<T> type) {
        try {
            return Optional.ofNullable(JSONB.fromJson(body, type));
        } catch (JsonbException malformed) {
            return Optional.empty();
        }
    }
}
