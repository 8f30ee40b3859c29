package org.relaychat.protocol;

/** What one text frame from a client decodes to: a command to carry out, or a refusal. */
public sealed interface ClientFrame permits ClientCommand, InvalidFrame {

    /** The frame's {@code ref}, or {@code null} when it had none or an invalid one. */
    String ref();
}
