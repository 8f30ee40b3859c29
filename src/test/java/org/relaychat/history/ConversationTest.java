package org.relaychat.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ConversationTest {

    @Test
    void directConversationIsTheSameFromEitherSide() {
        assertEquals(Conversation.direct("ana", "ben"), Conversation.direct("ben", "ana"));
    }

    @Test
    void directConversationsOfDifferentPairsDiffer() {
        // Without a separator, "a"+"bc" and "ab"+"c" would share a key.
        assertNotEquals(Conversation.direct("a", "bc"), Conversation.direct("ab", "c"));
    }

    @Test
    void roomAndDirectKeysNeverCollide() {
        assertNotEquals(Conversation.room("ana"), Conversation.direct("ana", "ana"));
    }

    @Test
    void aDirectConversationIsBetweenItsTwoUsersOnly() {
        String key = Conversation.direct("ana:1", "b");
        assertTrue(Conversation.isBetween(key, "ana:1"));
        assertTrue(Conversation.isBetween(key, "b"));
        assertFalse(Conversation.isBetween(key, "ana"));
        assertFalse(Conversation.isBetween(key, "1:b"));
        assertFalse(Conversation.isBetween(Conversation.room("b"), "b"));
    }
}
