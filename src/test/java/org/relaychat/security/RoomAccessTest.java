package org.relaychat.security;

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
    void aPrivateRoomAdmitsTheUsersWhoseTokenListsIt() {
        assertTrue(cut.mayJoin(withRooms("bob", "board"), "board"));
        assertFalse(cut.mayJoin(withRooms("carol", "general"), "board"));
    }

    @Test
    void aTokenRoomListAdmitsOnlyToTheRoomsItLists() {
        Identity bob = withRooms("bob", "sales");

        assertTrue(cut.mayJoin(bob, "sales"));
        assertFalse(cut.mayJoin(bob, "general"));
        assertFalse(cut.mayJoin(new Identity("dan", Optional.of(Set.of()), Optional.empty(), ProfileClaims.NONE),
                "general"));
    }

    private static Identity withRooms(String user, String... rooms) {
        return new Identity(user, Optional.of(Set.of(rooms)), Optional.empty(), ProfileClaims.NONE);
    }
}
