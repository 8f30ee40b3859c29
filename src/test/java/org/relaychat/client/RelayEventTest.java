package org.relaychat.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class RelayEventTest {

    @Test
    void aBatchedFrameIsSplitIntoItsEventsInOrder() {
        List<RelayEvent> events = RelayEvent.parseFrame("""
                {"event":"room_message","id":7,"room":"a","message":"one\\ntwo","user":"ana"}
                {"event":"typing","room":"a","user":"ben","typing":true}""");
        assertEquals(List.of("room_message", "typing"), events.stream().map(RelayEvent::type).toList());
        assertEquals("one\ntwo", events.get(0).message());
        assertEquals(7, events.get(0).id().getAsLong());
    }

    @Test
    void aSingleEventFrameGivesOneEvent() {
        List<RelayEvent> events = RelayEvent.parseFrame("{\"event\":\"ack\",\"ref\":\"r1\"}");
        assertEquals(1, events.size());
        assertEquals("r1", events.get(0).ref());
    }

    @Test
    void historyMessagesAreEventsOfTheirOwn() {
        RelayEvent page = RelayEvent.parseFrame("{\"event\":\"history\",\"room\":\"a\",\"has_more\":false,"
                + "\"messages\":[{\"event\":\"room_message\",\"id\":1},{\"event\":\"room_message\",\"id\":2}]}").get(0);
        assertEquals(List.of(1L, 2L), page.messages().stream().map(m -> m.id().getAsLong()).toList());
    }
}
