package org.relaychat.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.relaychat.security.NameKeys.Decision;
import org.relaychat.security.NameKeys.Keeping;

class NameKeysTest {

    private static final Duration KEEP = Duration.ofDays(30);
    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    private static final String MINE = NameKeys.hash("mine-mine-mine-mine-mine");
    private static final String THEIRS = NameKeys.hash("theirs-theirs-theirs-theirs");

    @Test
    void aNameNobodyKeepsIsKeptForTheFirstKeyThatUsesItAndForNobodyWithoutOne() {
        assertEquals(Decision.KEEP, NameKeys.decide(Optional.empty(), Optional.of(MINE), NOW, KEEP));
        assertEquals(Decision.LEAVE, NameKeys.decide(Optional.empty(), Optional.empty(), NOW, KEEP));
    }

    @Test
    void aKeptNameIsRefusedToAnotherKeyAndToNoKey() {
        Optional<Keeping> kept = Optional.of(new Keeping(MINE, NOW.minus(Duration.ofDays(29))));
        assertEquals(Decision.REFUSE, NameKeys.decide(kept, Optional.of(THEIRS), NOW, KEEP));
        assertEquals(Decision.REFUSE, NameKeys.decide(kept, Optional.empty(), NOW, KEEP));
    }

    @Test
    void itsOwnKeyUsesItAndWritesTheUseDownAtMostHourly() {
        assertEquals(Decision.LEAVE, NameKeys.decide(Optional.of(new Keeping(MINE, NOW.minus(Duration.ofMinutes(59)))),
                Optional.of(MINE), NOW, KEEP));
        assertEquals(Decision.REFRESH, NameKeys.decide(Optional.of(new Keeping(MINE, NOW.minus(Duration.ofHours(2)))),
                Optional.of(MINE), NOW, KEEP));
    }

    @Test
    void aNameUnusedForTheKeepingPeriodGoesToWhoeverUsesItNext() {
        Optional<Keeping> lapsed = Optional.of(new Keeping(MINE, NOW.minus(KEEP)));
        assertEquals(Decision.KEEP, NameKeys.decide(lapsed, Optional.of(THEIRS), NOW, KEEP));
        assertEquals(Decision.LEAVE, NameKeys.decide(lapsed, Optional.empty(), NOW, KEEP));
    }

    @Test
    void aKeyNoBrowserMakesIsRefusedBeforeTheDatabaseIsAsked() {
        NameKeys keys = new NameKeys(null, 30, 20);
        for (String key : new String[] {"", "short", "twenty-two-but-one-spa ce", "x".repeat(129), "plus+is+not+base64url+"}) {
            assertEquals(NameKeys.Verdict.BAD_KEY, keys.check("ana", Optional.of(key), "127.0.0.1"), key);
        }
    }

    @Test
    void withKeepingOffEveryNameIsFreeAndNothingIsLookedUp() {
        assertEquals(NameKeys.Verdict.FREE, new NameKeys(null, 0, 20).check("ana", Optional.of("short"), "127.0.0.1"));
    }

    @Test
    void onlyAHashOfTheKeyIsStored() {
        assertEquals(64, MINE.length());
        assertEquals(MINE, NameKeys.hash("mine-mine-mine-mine-mine"));
        assertNotEquals(MINE, THEIRS);
    }
}
