package org.relaychat.history;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * An author's change to one stored message: a new text, or its deletion ({@code text} null), by
 * {@code user} at {@code at}, allowed within {@code window} of the message's sending (zero: no
 * limit). The rules are here, so that every store applies the same ones.
 */
public record MessageChange(long id, String user, String text, Instant at, Duration window) {

    /** Why a change was not made. */
    public enum Refusal {
        NOT_FOUND,
        NOT_AUTHOR,
        WINDOW_PASSED,
        ALREADY_DELETED
    }

    /** What became of a change: the message as changed, or why it was not. */
    public record Result(StoredMessage changed, Refusal refusal) {

        public static Result changed(StoredMessage message) {
            return new Result(message, null);
        }

        public static Result refused(Refusal refusal) {
            return new Result(null, refusal);
        }

        public boolean isChanged() {
            return changed != null;
        }
    }

    public static MessageChange edit(long id, String user, String text, Instant at, Duration window) {
        return new MessageChange(id, user, text, at, window);
    }

    public static MessageChange deletion(long id, String user, Instant at, Duration window) {
        return new MessageChange(id, user, null, at, window);
    }

    public boolean isDeletion() {
        return text == null;
    }

    /**
     * Why this change may not be made to {@code current}, the message as stored now (empty when there
     * is none): only its author may change it, only within the window, and never once deleted.
     */
    public Optional<Refusal> refusalFor(Optional<StoredMessage> current) {
        if (current.isEmpty()) {
            return Optional.of(Refusal.NOT_FOUND);
        }
        StoredMessage message = current.get();
        if (!message.user().equals(user)) {
            return Optional.of(Refusal.NOT_AUTHOR);
        }
        if (message.isDeleted()) {
            return Optional.of(Refusal.ALREADY_DELETED);
        }
        if (!window.isZero() && at.isAfter(message.at().plus(window))) {
            return Optional.of(Refusal.WINDOW_PASSED);
        }
        return Optional.empty();
    }

    /** The message as this change leaves it; see {@link #refusalFor} first. */
    public StoredMessage applyTo(StoredMessage message) {
        return isDeletion()
                ? new StoredMessage(message.id(), message.room(), message.to(), message.from(), message.user(), "",
                        message.at(), List.of(), message.editedAt(), at)
                : new StoredMessage(message.id(), message.room(), message.to(), message.from(), message.user(), text,
                        message.at(), message.attachments(), at, null);
    }

    /** The outcome for {@code current}: refused, or the message as changed. */
    public Result resultFor(Optional<StoredMessage> current) {
        return refusalFor(current).map(Result::refused).orElseGet(() -> Result.changed(applyTo(current.get())));
    }
}
