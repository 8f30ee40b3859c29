package org.relaychat.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.relaychat.protocol.ServerEvent.Member;

class PresenceEntriesTest {

    @Test
    void keepsMembersOfOtherLiveNodes() {
        var remote = PresenceEntries.remote(Map.of(
                PresenceEntries.field("b", "c1"), "ana",
                PresenceEntries.field("c", "c2"), "bo"), List.of("a", "b", "c"), "a");

        assertEquals(Set.of(new Member("c1", "ana"), new Member("c2", "bo")), Set.copyOf(remote));
    }

    @Test
    void leavesOutItsOwnMembersEvenBeforeItsFirstHeartbeat() {
        var remote = PresenceEntries.remote(Map.of(PresenceEntries.field("a", "c1"), "ana"), List.of(), "a");

        assertEquals(List.of(), remote);
    }

    @Test
    void leavesOutMembersOfDeadNodes() {
        var remote = PresenceEntries.remote(Map.of(
                PresenceEntries.field("gone", "c1"), "ana",
                PresenceEntries.field("b", "c2"), "bo"), List.of("a", "b"), "a");

        assertEquals(List.of(new Member("c2", "bo")), remote);
    }

    @Test
    void clientIdsMayHoldTheSeparator() {
        var remote = PresenceEntries.remote(Map.of(PresenceEntries.field("b", "x|y"), "ana"), List.of("b"), "a");

        assertEquals(List.of(new Member("x|y", "ana")), remote);
    }
}
