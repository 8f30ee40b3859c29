package org.relaychat.cluster;

import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import org.relaychat.delivery.Envelope;
import org.relaychat.delivery.LocalDelivery;

/**
 * Hands what arrives from other nodes to this node's delivery lanes, each stored message once, on
 * the thread it arrives on, which it never holds up with a delivery: it skips
 * the node's own events coming back, and stored messages it has delivered already (a retried
 * publish, or the catch-up after an interruption racing the live events). It also remembers, per
 * room, the highest message id delivered, which is where the catch-up starts.
 */
final class ClusterInbox {

    /** Stored messages remembered as delivered; far more than an interruption lets through. */
    static final int REMEMBERED = 16_384;

    private final String ownNode;
    private final LocalDelivery local;
    private final LinkedHashSet<Seen> delivered = new LinkedHashSet<>();
    private final Map<String, Long> highestByRoom = new HashMap<>();
    private long highest;
    private Map<String, Long> resumeByRoom;
    private long resumeDefault;

    ClusterInbox(String ownNode, LocalDelivery local) {
        this.ownNode = ownNode;
        this.local = local;
    }

    /** What became of an envelope that arrived on a channel. */
    enum Outcome {
        /** Handed to this node's connections. */
        DELIVERED,
        /** A stored message delivered here already. */
        DUPLICATE,
        /** This node's own event coming back: delivered here before it was published. */
        OWN
    }

    /** Delivers an envelope from a channel unless this node sent it or delivered it already. */
    Outcome receive(String text) {
        EnvelopeCodec.Received received = EnvelopeCodec.decode(text);
        if (ownNode.equals(received.node())) {
            return Outcome.OWN;
        }
        return deliver(received.envelope()) ? Outcome.DELIVERED : Outcome.DUPLICATE;
    }

    /** Hands an envelope to this node's members, unless it is a stored message delivered already. */
    boolean deliver(Envelope envelope) {
        if (!firstDelivery(envelope)) {
            return false;
        }
        local.deliver(envelope);
        return true;
    }

    /** Notes an envelope this node delivered to its own members before publishing it. */
    void deliveredLocally(Envelope envelope) {
        firstDelivery(envelope);
    }

    /**
     * Notes that every message up to {@code id} was stored before this node joined: a room without
     * a mark of its own catches up from there, never from the beginning of its history.
     */
    synchronized void deliveredUpTo(long id) {
        highest = Math.max(highest, id);
    }

    /**
     * A stored message delivered to a room, or to one user: a direct message reaches a node once
     * for each side of the conversation connected there.
     */
    private record Seen(long id, String user) {
    }

    /** Whether a stored message is new here for anyone it is for; remembers it for all of them. */
    private synchronized boolean firstDelivery(Envelope envelope) {
        if (!envelope.isStoredMessage()) {
            return true;
        }
        long id = envelope.messageId();
        boolean first = false;
        if (envelope.audience() == Envelope.Audience.USERS) {
            for (String user : envelope.users()) {
                first |= remember(new Seen(id, user));
            }
        } else {
            first = remember(new Seen(id, null));
        }
        if (!first) {
            return false;
        }
        if (envelope.audience() == Envelope.Audience.ROOM) {
            highestByRoom.merge(envelope.room(), id, Math::max);
        }
        highest = Math.max(highest, id);
        return true;
    }

    private boolean remember(Seen seen) {
        if (!delivered.add(seen)) {
            return false;
        }
        if (delivered.size() > REMEMBERED) {
            Iterator<Seen> oldest = delivered.iterator();
            oldest.next();
            oldest.remove();
        }
        return true;
    }

    /**
     * The channel stopped delivering: remembers, the first time until the next catch-up, how far
     * each room had got, since messages delivered locally meanwhile move the marks on. True for
     * the first notice of an interruption.
     */
    synchronized boolean interrupted() {
        if (resumeByRoom != null) {
            return false;
        }
        resumeByRoom = new HashMap<>(highestByRoom);
        resumeDefault = highest;
        return true;
    }

    /**
     * After an interruption, the id after which each of {@code rooms} has to catch up from the
     * store: its mark when the interruption began, or for a room without one the highest id this
     * node had delivered anywhere. Empty when there was no interruption.
     */
    synchronized Optional<Map<String, Long>> takeResumePoints(Collection<String> rooms) {
        if (resumeByRoom == null) {
            return Optional.empty();
        }
        Map<String, Long> points = new HashMap<>();
        for (String room : rooms) {
            points.put(room, resumeByRoom.getOrDefault(room, resumeDefault));
        }
        resumeByRoom = null;
        return Optional.of(points);
    }
}
