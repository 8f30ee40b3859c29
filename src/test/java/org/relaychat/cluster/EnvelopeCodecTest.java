package org.relaychat.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.relaychat.protocol.ServerEvent;

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
    void storedMessageKeepsItsId() {
        var message = new ServerEvent.RoomMessagePosted(9_007_199_254_740_000L, "hi \"there\"\n", "c1", "ana",
                "dev", Instant.parse("2026-11-29T10:15:30.120Z"));
        Envelope sent = Envelope.roomMessage(message, "{\"event\":\"room_message\"}");

        Envelope received = EnvelopeCodec.decode(EnvelopeCodec.encode("n", sent)).envelope();

        assertEquals(9_007_199_254_740_000L, received.messageId());
        assertEquals(sent, received);
    }

    @Test
    void directMessageGoesToRecipientAndSender() {
        var message = new ServerEvent.DirectMessageSent(7, "psst", "c1", "ana", "bo", Instant.now());

        Envelope received = EnvelopeCodec.decode(EnvelopeCodec.encode("n",
                Envelope.directMessage(message, FRAME))).envelope();

        assertEquals(Envelope.Audience.USERS, received.audience());
        assertEquals(Set.of("ana", "bo"), received.users());
        assertEquals(7, received.messageId());
    }

    @Test
    void directMessageToOneselfGoesToThatUser() {
        var message = new ServerEvent.DirectMessageSent(7, "note", "c1", "ana", "ana", Instant.now());

        assertEquals(Set.of("ana"), Envelope.directMessage(message, FRAME).users());
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
