package org.relaychat.protocol;

/** A frame that is not carried out, and the {@code error} it is answered with. */
public record InvalidFrame(ErrorCode code, String message, String ref) implements ClientFrame {
}
