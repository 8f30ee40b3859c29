package org.relaychat.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MessageRowTest {

    private static final Instant CREATED = Instant.parse("2026-11-22T10:15:30.120Z");

    @Test
    void aNewRowMapsToAMessageNeitherEditedNorDeleted() {
        MessageRow row = new MessageRow(5, Draft.toUser("bob", "c1", "ana", "psst"), CREATED);

        assertEquals(new StoredMessage(5, null, "bob", "c1", "ana", "psst", CREATED, List.of(), null, null), row.toMessage());
    }

    @Test
    void anEditedRowMapsItsTextAndTime() {
        MessageRow row = new MessageRow(6, Draft.toRoom("general", "c1", "ana", "helo"), CREATED);
        Instant at = CREATED.plusSeconds(30);

        row.update(MessageChange.edit(6, "ana", "hello", at, Duration.ZERO).applyTo(row.toMessage()));

        StoredMessage read = row.toMessage();
        assertEquals("hello", read.text());
        assertEquals(at, read.editedAt());
        assertNull(read.deletedAt());
        assertEquals(CREATED, read.at());
    }

    @Test
    void aDeletedRowMapsToATombstone() {
        MessageRow row = new MessageRow(7, Draft.toRoom("general", "c1", "ana", "regret"), CREATED);
        Instant at = CREATED.plusSeconds(5);
        MessageChange deletion = MessageChange.deletion(7, "ana", at, Duration.ZERO);

        row.update(deletion.resultFor(Optional.of(row.toMessage())).changed());

        StoredMessage read = row.toMessage();
        assertEquals("", read.text());
        assertEquals(at, read.deletedAt());
        assertEquals("ana", read.user());
        assertEquals("general", read.room());
    }
}
