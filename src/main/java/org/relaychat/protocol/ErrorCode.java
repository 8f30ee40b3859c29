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
    /**
     * No such file, or none the client may use or read (the two are not told apart); or an
     * {@code edit_message} or {@code delete_message} of an id that no stored message has.
     */
    NOT_FOUND,
    /** The message could not be stored; nothing was delivered and the client may retry. */
    UNAVAILABLE,
    /** {@code edit_message} or {@code delete_message} of a message the sender's user did not send. */
    NOT_AUTHOR,
    /** {@code edit_message} or {@code delete_message} after {@code chat.message.edit-window-seconds}. */
    EDIT_WINDOW_PASSED,
    /** {@code edit_message} or {@code delete_message} of a message deleted already. */
    ALREADY_DELETED;

    private final String wireName = name().toLowerCase(Locale.ROOT);

    public String wireName() {
        return wireName;
    }
}
