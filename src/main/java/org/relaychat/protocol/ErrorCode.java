package org.relaychat.protocol;

import java.util.Locale;

/** The {@code code} of an {@code error} event. */
public enum ErrorCode {
    BAD_JSON,
    UNSUPPORTED_FRAME,
    UNKNOWN_EVENT,
    MISSING_FIELD,
    BAD_FIELD,
    NOT_MEMBER,
    FORBIDDEN,
    RATE_LIMITED,
    TOO_LARGE,
    SERVER_FULL,
    /** A per-client limit other than the frame rate, such as the rooms one connection may be in. */
    LIMIT_EXCEEDED,
    /** No such file, or none the client may use or read; the two are not told apart. */
    NOT_FOUND,
    /** The message could not be stored; nothing was delivered and the client may retry. */
    UNAVAILABLE;

    private final String wireName = name().toLowerCase(Locale.ROOT);

    public String wireName() {
        return wireName;
    }
}
