package org.relaychat.client;

import jakarta.json.JsonObject;
import java.util.Optional;

/**
 * Why a command failed: the server's error {@code code} ({@code not_member}, {@code rate_limited},
 * …) with its {@code error} event, or one of the client's own: {@code timeout}, {@code offline},
 * {@code disconnected}, {@code closed}.
 */
public final class RelayException extends RuntimeException {

    private final String code;
    private final transient JsonObject event;

    RelayException(String code, String message, JsonObject event) {
        super(code + ": " + message);
        this.code = code;
        this.event = event;
    }

    static RelayException fromServer(JsonObject error) {
        return new RelayException(error.getString("code", "unknown"), error.getString("message", ""), error);
    }

    static RelayException local(String code, String message) {
        return new RelayException(code, message, null);
    }

    public String code() {
        return code;
    }

    /** The server's {@code error} event, when the server refused the command. */
    public Optional<JsonObject> event() {
        return Optional.ofNullable(event);
    }
}
