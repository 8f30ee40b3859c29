package org.relaychat.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.relaychat.protocol.ServerEvent.ChatMessage;
import org.relaychat.protocol.ServerEvent.DirectMessageSent;
import org.relaychat.protocol.ServerEvent.RoomMessagePosted;

class MessageHistoryTest {

    private static final String ROOM = MessageHistory.roomKey("general");
    private static final Instant AT = Instant.parse("2026-11-22T10:15:30.120Z");

    private MessageHistory cut;

    @BeforeEach
    void createHistory() {
        cut = new MessageHistory();
    }

    @Test
    void unknownConversationHasAnEmptyPage() {
        MessageHistory.Page page = cut.page(ROOM, null, null, 50);
        assertEquals(List.of(), page.messages());
        assertFalse(page.hasMore());
    }

    @Test
    void newestPageComesOldestFirst() {
        appendRoomMessages(1, 10);

        MessageHistory.Page page = cut.page(ROOM, null, null, 3);

        assertEquals(List.of(8L, 9L, 10L), ids(page));
        assertTrue(page.hasMore());
    }

    @Test
    void hasMoreIsFalseWhenThePageHoldsEverything() {
        appendRoomMessages(1, 10);

        assertFalse(cut.page(ROOM, null, null, 10).hasMore());
        assertTrue(cut.page(ROOM, null, null, 9).hasMore());
        assertFalse(cut.page(ROOM, 6L, null, 5).hasMore());
        assertTrue(cut.page(ROOM, 6L, null, 4).hasMore());
        assertFalse(cut.page(ROOM, null, 5L, 5).hasMore());
        assertTrue(cut.page(ROOM, null, 5L, 4).hasMore());
    }

    @Test
    void beforeAndAfterExcludeTheGivenId() {
        appendRoomMessages(1, 10);

        assertEquals(List.of(3L, 4L), ids(cut.page(ROOM, 5L, null, 2)));
        assertEquals(List.of(6L, 7L), ids(cut.page(ROOM, null, 5L, 2)));
    }

    @Test
    void boundsBetweenStoredIdsWork() {
        for (long id = 10; id <= 100; id += 10) {
            cut.append(ROOM, message(id));
        }

        assertEquals(List.of(30L, 40L), ids(cut.page(ROOM, 45L, null, 2)));
        assertEquals(List.of(50L, 60L), ids(cut.page(ROOM, null, 45L, 2)));
        assertEquals(List.of(), ids(cut.page(ROOM, 10L, null, 5)));
        assertEquals(List.of(), ids(cut.page(ROOM, null, 100L, 5)));
        assertEquals(List.of(10L), ids(cut.page(ROOM, null, 0L, 1)));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 50, 437, 1_000})
    void walkingBackwardsWithBeforeReturnsEveryMessageExactlyOnce(int limit) {
        appendRoomMessages(1, 437);

        List<Long> seen = new ArrayList<>();
        MessageHistory.Page page = cut.page(ROOM, null, null, limit);
        seen.addAll(0, ids(page));
        while (page.hasMore()) {
            page = cut.page(ROOM, seen.get(0), null, limit);
            assertFalse(page.messages().isEmpty(), "has_more promised a page that is empty");
            seen.addAll(0, ids(page));
        }

        assertEquals(LongStream.rangeClosed(1, 437).boxed().toList(), seen);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 50, 437, 1_000})
    void walkingForwardsWithAfterReturnsEveryMessageExactlyOnce(int limit) {
        appendRoomMessages(1, 437);

        List<Long> seen = new ArrayList<>();
        MessageHistory.Page page = cut.page(ROOM, null, 0L, limit);
        seen.addAll(ids(page));
        while (page.hasMore()) {
            page = cut.page(ROOM, null, seen.get(seen.size() - 1), limit);
            assertFalse(page.messages().isEmpty(), "has_more promised a page that is empty");
            seen.addAll(ids(page));
        }

        assertEquals(LongStream.rangeClosed(1, 437).boxed().toList(), seen);
    }

    @Test
    void resumingAfterTheLastSeenIdReturnsOnlyWhatWasMissed() {
        appendRoomMessages(1, 20);
        long lastSeen = ids(cut.page(ROOM, null, null, 50)).get(19);
        appendRoomMessages(21, 25);

        MessageHistory.Page missed = cut.page(ROOM, null, lastSeen, 50);

        assertEquals(List.of(21L, 22L, 23L, 24L, 25L), ids(missed));
        assertFalse(missed.hasMore());
    }

    @Test
    void onlyTheNewestMessagesOfAConversationAreKept() {
        int kept = MessageHistory.KEPT_PER_CONVERSATION;
        appendRoomMessages(1, kept + 25);

        List<Long> all = ids(cut.page(ROOM, null, 0L, Integer.MAX_VALUE));

        assertEquals(kept, all.size());
        assertEquals(26L, all.get(0));
        assertEquals(kept + 25L, all.get(all.size() - 1));
    }

    @Test
    void conversationsAreKeptApart() {
        cut.append(ROOM, message(1));
        cut.append(MessageHistory.roomKey("dev"), message(2));
        cut.append(MessageHistory.directKey("ana", "bob"), new DirectMessageSent(3, "psst", "c1", "ana", "bob", AT));

        assertEquals(List.of(1L), ids(cut.page(ROOM, null, null, 50)));
        assertEquals(List.of(2L), ids(cut.page(MessageHistory.roomKey("dev"), null, null, 50)));
        assertEquals(List.of(3L), ids(cut.page(MessageHistory.directKey("bob", "ana"), null, null, 50)));
    }

    @Test
    void directKeyIsTheSameFromEitherSide() {
        assertEquals(MessageHistory.directKey("ana", "bob"), MessageHistory.directKey("bob", "ana"));
        assertEquals(MessageHistory.directKey("ana", "ana"), MessageHistory.directKey("ana", "ana"));
    }

    @Test
    void directKeysOfDifferentPairsDiffer() {
        assertNotEquals(MessageHistory.directKey("ana", "bob"), MessageHistory.directKey("an", "abob"));
        assertNotEquals(MessageHistory.directKey("a b", "c"), MessageHistory.directKey("a", "b c"));
        assertNotEquals(MessageHistory.directKey("general", "x"), MessageHistory.roomKey("general"));
    }

    @Test
    void roomKeyOfARoomNamedLikeADirectKeyDoesNotCollide() {
        assertNotEquals(MessageHistory.roomKey("dm"), MessageHistory.directKey("room", "dm"));
    }

    @Test
    void pageIsACopyThatLaterAppendsDoNotChange() {
        appendRoomMessages(1, 3);
        MessageHistory.Page page = cut.page(ROOM, null, null, 50);

        appendRoomMessages(4, 6);

        assertEquals(List.of(1L, 2L, 3L), ids(page));
    }

    private void appendRoomMessages(long first, long last) {
        for (long id = first; id <= last; id++) {
            cut.append(ROOM, message(id));
        }
    }

    private static ChatMessage message(long id) {
        return new RoomMessagePosted(id, "m" + id, "c1", "ana", "general", AT);
    }

    private static List<Long> ids(MessageHistory.Page page) {
        return page.messages().stream().map(ChatMessage::id).toList();
    }
}
