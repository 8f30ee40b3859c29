package org.relaychat.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.relaychat.delivery.Envelope;
import org.relaychat.history.StoredMessage;

class EnvelopeCodecTest {

    private static final String FRAME = "{\"event\":\"typing\",\"room\":\"général\",\"typing\":true}";

    @Test
    void roomEventComesBackAsSent() {
        Envelope sent = Envelope.toRoom("général", FRAME);

        EnvelopeCodec.Received received = EnvelopeCodec.decode(EnvelopeCodec.encode("node-a", sent));

        assertEquals("node-a", received.node());
        assertEquals(sent, received.envelope());
    }

    @Test
    void aMembershipChangeKeepsItsRoomSizeLimit() {
        Envelope sent = Envelope.membershipChange("dev", "{\"event\":\"user_left\"}", 500);

        assertEquals(sent, EnvelopeCodec.decode(EnvelopeCodec.encode("n", sent)).envelope());
    }

    @Test
    void storedMessageKeepsItsId() {
        var message = new StoredMessage(9_007_199_254_740_000L, "dev", null, "c1", "ana", "hi \"there\"\n",
                Instant.parse("2026-11-29T10:15:30.120Z"));
        Envelope sent = Envelope.storedMessage(message, "{\"event\":\"room_message\"}");

        Envelope received = EnvelopeCodec.decode(EnvelopeCodec.encode("n", sent)).envelope();

        assertEquals(9_007_199_254_740_000L, received.messageId());
        assertEquals(sent, received);
    }

    @Test
    void directMessageGoesToRecipientAndSender() {
        var message = new StoredMessage(7, null, "bo", "c1", "ana", "psst", Instant.now());

        Envelope received = EnvelopeCodec.decode(EnvelopeCodec.encode("n",
                Envelope.storedMessage(message, FRAME))).envelope();

        assertEquals(Envelope.Audience.USERS, received.audience());
        assertEquals(Set.of("ana", "bo"), received.users());
        assertEquals(7, received.messageId());
    }

    @Test
    void editOfADirectMessageGoesToBothSidesWithoutTheStoredMessagesId() {
        var message = new StoredMessage(7, null, "bo", "c1", "ana", "psst!", Instant.now(), List.of(), Instant.now(), null);
        Envelope sent = Envelope.aboutStoredMessage(message, "{\"event\":\"message_edited\"}");

        String text = EnvelopeCodec.encode("n", sent);
        Envelope received = EnvelopeCodec.decode(text).envelope();

        assertEquals(sent, received);
        assertEquals(Set.of("ana", "bo"), received.users());
        assertEquals(0, received.messageId());
        assertFalse(received.isStoredMessage());
        assertFalse(text.contains("\"id\""), text);
    }

    @Test
    void directMessageToOneselfGoesToThatUser() {
        var message = new StoredMessage(7, null, "ana", "c1", "ana", "note", Instant.now());

        assertEquals(Set.of("ana"), Envelope.storedMessage(message, FRAME).users());
    }

    @Test
    void broadcastHasNoRoom() {
        Envelope received = EnvelopeCodec.decode(EnvelopeCodec.encode("n", Envelope.toEveryone(FRAME))).envelope();

        assertEquals(Envelope.toEveryone(FRAME), received);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "[]", "{}", "{\"node\":\"n\",\"audience\":\"planet\",\"frame\":\"x\"}",
            "{\"node\":\"n\",\"audience\":\"room\"}", "{\"node\":1,\"audience\":\"room\",\"frame\":\"x\"}",
            "{\"node\":\"n\",\"audience\":\"room\",\"id\":1.5,\"frame\":\"x\"}"})
    void refusesWhatIsNoEnvelope(String text) {
        assertThrows(IllegalArgumentException.class, () -> EnvelopeCodec.decode(text));
    }
}
