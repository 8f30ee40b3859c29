package org.relaychat.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.relaychat.delivery.Envelope;
import org.relaychat.history.StoredMessage;

class UnsentTest {

    private final Unsent cut = new Unsent();

    @Test
    void givesBackWhatItKeptOldestFirstAndOnce() {
        cut.keep(message(1));
        cut.keep(message(2));

        assertEquals(List.of(message(1), message(2)), cut.takeAll());
        assertEquals(List.of(), cut.takeAll());
    }

    @Test
    void keepsTheNewestWhenFull() {
        for (long id = 1; id <= Unsent.CAPACITY + 2; id++) {
            cut.keep(message(id));
        }

        List<Envelope> kept = cut.takeAll();
        assertEquals(Unsent.CAPACITY, kept.size());
        assertEquals(3, kept.get(0).messageId());
        assertEquals(Unsent.CAPACITY + 2, kept.get(kept.size() - 1).messageId());
    }

    private static Envelope message(long id) {
        return Envelope.storedMessage(new StoredMessage(id, "dev", null, "c", "u", "text", Instant.EPOCH), "m" + id);
    }
}
