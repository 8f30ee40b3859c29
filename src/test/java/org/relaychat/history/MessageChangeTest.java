package org.relaychat.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.relaychat.history.MessageChange.Refusal;

class MessageChangeTest {

    private static final Instant SENT = Instant.parse("2026-11-22T10:15:30.120Z");
    private static final Duration WINDOW = Duration.ofMinutes(15);

    private final StoredMessage message = new StoredMessage(42, "general", null, "c1", "ana", "helo", SENT);

    @Test
    void anEditByItsAuthorReplacesTheTextAndNotesWhen() {
        Instant at = SENT.plusSeconds(60);

        MessageChange.Result result = MessageChange.edit(42, "ana", "hello", at, WINDOW).resultFor(Optional.of(message));

        assertTrue(result.isChanged());
        StoredMessage edited = result.changed();
        assertEquals("hello", edited.text());
        assertEquals(at, edited.editedAt());
        assertNull(edited.deletedAt());
        assertEquals(SENT, edited.at());
        assertEquals("ana", edited.user());
        assertEquals(message.conversation(), edited.conversation());
    }

    @Test
    void aDeletionEmptiesTheTextAndKeepsWhenItWasEdited() {
        Instant editedAt = SENT.plusSeconds(10);
        StoredMessage edited = new StoredMessage(42, "general", null, "c1", "ana", "hello", SENT, List.of(), editedAt, null);
        Instant at = SENT.plusSeconds(20);

        StoredMessage deleted = MessageChange.deletion(42, "ana", at, WINDOW).resultFor(Optional.of(edited)).changed();

        assertTrue(deleted.isDeleted());
        assertEquals("", deleted.text());
        assertEquals(at, deleted.deletedAt());
        assertEquals(editedAt, deleted.editedAt());
    }

    @Test
    void refusalsComeInOrderNotFoundNotAuthorDeletedThenWindow() {
        Instant late = SENT.plus(WINDOW).plusMillis(1);
        StoredMessage deleted = new StoredMessage(42, "general", null, "c1", "ana", "", SENT, List.of(), null, SENT);

        assertEquals(Refusal.NOT_FOUND, MessageChange.edit(42, "ana", "x", late, WINDOW)
                .resultFor(Optional.empty()).refusal());
        assertEquals(Refusal.NOT_AUTHOR, MessageChange.deletion(42, "bob", late, WINDOW)
                .resultFor(Optional.of(deleted)).refusal());
        assertEquals(Refusal.ALREADY_DELETED, MessageChange.edit(42, "ana", "x", late, WINDOW)
                .resultFor(Optional.of(deleted)).refusal());
        assertEquals(Refusal.WINDOW_PASSED, MessageChange.deletion(42, "ana", late, WINDOW)
                .resultFor(Optional.of(message)).refusal());
    }

    @Test
    void theWindowIncludesItsLastMillisecondAndZeroMeansNoLimit() {
        assertFalse(MessageChange.edit(42, "ana", "x", SENT.plus(WINDOW), WINDOW)
                .refusalFor(Optional.of(message)).isPresent());
        assertFalse(MessageChange.edit(42, "ana", "x", SENT.plus(Duration.ofDays(3650)), Duration.ZERO)
                .refusalFor(Optional.of(message)).isPresent());
    }

    @Test
    void theAuthorIsTheStoredUserExactly() {
        assertEquals(Optional.of(Refusal.NOT_AUTHOR), MessageChange.edit(42, "Ana", "x", SENT, WINDOW)
                .refusalFor(Optional.of(message)));
    }

    @Test
    void aRefusedChangeLeavesNoMessage() {
        MessageChange.Result result = MessageChange.edit(42, "bob", "x", SENT, WINDOW).resultFor(Optional.of(message));

        assertFalse(result.isChanged());
        assertNull(result.changed());
    }
}
