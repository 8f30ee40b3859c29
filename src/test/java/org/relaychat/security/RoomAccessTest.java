package org.relaychat.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RoomAccessTest {

    private final RoomAccess cut = new RoomAccess(List.of("board"));

    @Test
    void anyoneWithoutARoomListMayJoinPublicRoomsButNoPrivateOne() {
        Identity ana = Identity.anonymous("ana");

        assertTrue(cut.mayJoin(ana, "general"));
        assertFalse(cut.mayJoin(ana, "board"));
    }

    @Test
    void aPrivateRoomAdmitsTheUsersOnItsListAndThoseWhoseTokenListsIt() {
        cut.allow("board", "ana");

        assertTrue(cut.mayJoin(Identity.anonymous("ana"), "board"));
        assertTrue(cut.mayJoin(withRooms("bob", "board"), "board"));
        assertFalse(cut.mayJoin(Identity.anonymous("carol"), "board"));
        assertFalse(cut.mayJoin(withRooms("carol", "general"), "board"));
    }

    @Test
    void aTokenRoomListAdmitsOnlyToTheRoomsItLists() {
        Identity bob = withRooms("bob", "sales");

        assertTrue(cut.mayJoin(bob, "sales"));
        assertFalse(cut.mayJoin(bob, "general"));
        assertFalse(cut.mayJoin(new Identity("dan", Optional.of(Set.of()), Optional.empty()), "general"));
    }

    @Test
    void theListOfARoomStillCountsForAUserWhoseTokenListsOtherRooms() {
        cut.allow("board", "bob");

        assertTrue(cut.mayJoin(withRooms("bob", "sales"), "board"));
    }

    @Test
    void roomsTurnPrivateAndPublicAtRunTime() {
        cut.allow("ops", "ana");
        cut.makePrivate("ops");

        assertEquals(Set.of("board", "ops"), cut.privateRooms());
        assertTrue(cut.isPrivate("ops"));
        assertFalse(cut.mayJoin(Identity.anonymous("bob"), "ops"));
        assertTrue(cut.mayJoin(Identity.anonymous("ana"), "ops"));

        cut.makePublic("ops");
        assertFalse(cut.isPrivate("ops"));
        assertTrue(cut.mayJoin(Identity.anonymous("bob"), "ops"));
        assertEquals(Set.of(), cut.allowedUsers("ops"));
    }

    @Test
    void disallowingTakesAUserOffTheList() {
        cut.allow("board", "ana");
        cut.allow("board", "bob");

        cut.disallow("board", "ana");

        assertEquals(Set.of("bob"), cut.allowedUsers("board"));
        assertFalse(cut.mayJoin(Identity.anonymous("ana"), "board"));
    }

    private static Identity withRooms(String user, String... rooms) {
        return new Identity(user, Optional.of(Set.of(rooms)), Optional.empty());
    }
}
