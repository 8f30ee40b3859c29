package org.relaychat.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.relaychat.config.DefaultLimits;
import org.relaychat.connection.Connection;
import org.relaychat.connection.RecordingTransport;
import org.relaychat.delivery.Envelope;
import org.relaychat.delivery.Lanes;
import org.relaychat.delivery.LocalDelivery;
import org.relaychat.history.StoredMessage;
import org.relaychat.registry.ChatRegistry;

class ClusterInboxTest {

    private ChatRegistry registry;
    private ClusterInbox cut;
    private RecordingTransport anaInDev;
    private RecordingTransport boElsewhere;

    @BeforeEach
    void connectTwoMembers() {
        registry = new ChatRegistry();
        cut = new ClusterInbox("here", new LocalDelivery(registry, Lanes.inline()));
        anaInDev = connect("ana", "dev");
        boElsewhere = connect("bo", "ops");
    }

    private RecordingTransport connect(String user, String room) {
        RecordingTransport transport = new RecordingTransport();
        Connection connection = new Connection(user + "-1", user, transport, DefaultLimits.limits(), slow -> { });
        registry.admit(connection, 10);
        registry.join(connection, room);
        return transport;
    }

    @Test
    void deliversAnotherNodesRoomEventToTheRoomOnly() {
        assertEquals(ClusterInbox.Outcome.DELIVERED,
                cut.receive(EnvelopeCodec.encode("there", Envelope.toRoom("dev", "typing"))));

        assertEquals(List.of("typing"), anaInDev.texts());
        assertEquals(List.of(), boElsewhere.texts());
    }

    @Test
    void ignoresItsOwnEcho() {
        assertEquals(ClusterInbox.Outcome.OWN, cut.receive(EnvelopeCodec.encode("here", Envelope.toRoom("dev", "typing"))));

        assertEquals(List.of(), anaInDev.texts());
    }

    @Test
    void deliversAStoredMessageOnce() {
        String published = EnvelopeCodec.encode("there", Envelope.storedMessage(message(5, "dev"), "m5"));

        assertEquals(ClusterInbox.Outcome.DELIVERED, cut.receive(published));
        assertEquals(ClusterInbox.Outcome.DUPLICATE, cut.receive(published));

        assertEquals(List.of("m5"), anaInDev.texts());
    }

    @Test
    void skipsWhatItDeliveredLocallyWhenCatchingUp() {
        Envelope local = Envelope.storedMessage(message(5, "dev"), "m5");
        cut.deliveredLocally(local);

        assertFalse(cut.deliver(local));
        assertEquals(List.of(), anaInDev.texts());
    }

    @Test
    void directMessageReachesEveryNamedUser() {
        var dm = new StoredMessage(8, null, "ana", "c9", "bo", "psst", Instant.now());

        cut.receive(EnvelopeCodec.encode("there", Envelope.storedMessage(dm, "dm8")));

        assertEquals(List.of("dm8"), anaInDev.texts());
        assertEquals(List.of("dm8"), boElsewhere.texts());
    }

    /** A node where both sides are connected gets the part for each on that user's channel. */
    @Test
    void theTwoPartsOfADirectMessageAreEachDeliveredOnce() {
        String toAna = EnvelopeCodec.encode("there",
                new Envelope(Envelope.Audience.USERS, null, Set.of("ana"), 8, "dm8", 0));
        String toBo = EnvelopeCodec.encode("there",
                new Envelope(Envelope.Audience.USERS, null, Set.of("bo"), 8, "dm8", 0));

        assertEquals(ClusterInbox.Outcome.DELIVERED, cut.receive(toAna));
        assertEquals(ClusterInbox.Outcome.DELIVERED, cut.receive(toBo));
        assertEquals(ClusterInbox.Outcome.DUPLICATE, cut.receive(toBo));

        assertEquals(List.of("dm8"), anaInDev.texts());
        assertEquals(List.of("dm8"), boElsewhere.texts());
    }

    @Test
    void broadcastReachesEveryone() {
        cut.receive(EnvelopeCodec.encode("there", Envelope.toEveryone("hello all")));

        assertEquals(List.of("hello all"), anaInDev.texts());
        assertEquals(List.of("hello all"), boElsewhere.texts());
    }

    @Test
    void catchesUpFromWhereEachRoomWasWhenInterrupted() {
        cut.deliveredUpTo(3);
        cut.deliver(Envelope.storedMessage(message(10, "dev"), "m10"));
        cut.interrupted();
        cut.deliveredLocally(Envelope.storedMessage(message(12, "dev"), "m12"));
        cut.interrupted();

        Optional<Map<String, Long>> points = cut.takeResumePoints(List.of("dev", "ops"));

        assertEquals(Optional.of(Map.of("dev", 10L, "ops", 10L)), points);
        assertEquals(Optional.empty(), cut.takeResumePoints(List.of("dev")));
    }

    @Test
    void forgetsTheOldestIdsPastItsMemory() {
        for (long id = 1; id <= ClusterInbox.REMEMBERED + 1; id++) {
            cut.deliveredLocally(Envelope.storedMessage(message(id, "ops"), "m"));
        }

        assertFalse(cut.deliver(Envelope.storedMessage(message(ClusterInbox.REMEMBERED + 1, "ops"), "again")));
        assertTrue(cut.deliver(Envelope.storedMessage(message(1, "ops"), "again")));
    }

    private static StoredMessage message(long id, String room) {
        return new StoredMessage(id, room, null, "c", "u", "text", Instant.now());
    }
}
