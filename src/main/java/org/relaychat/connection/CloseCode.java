package org.relaychat.connection;

/** The WebSocket close codes (RFC 6455) the server closes with. */
public enum CloseCode {
    /** Server shutting down, missed pongs, idle timeout. */
    GOING_AWAY(1001),
    /** Slow consumer, sustained flooding, an unacceptable name. */
    POLICY_VIOLATION(1008),
    /** Frame larger than the configured maximum. */
    TOO_BIG(1009),
    /** Max clients reached. */
    TRY_AGAIN_LATER(1013);

    private final int code;

    CloseCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
