package org.relaychat.delivery;

import java.util.List;
import java.util.concurrent.CompletionStage;
import org.relaychat.protocol.ServerEvent.Member;
import org.relaychat.registry.MemberJoined;
import org.relaychat.registry.MemberLeft;

/**
 * Carries events to the members connected to other nodes. The node delivers every event to its own
 * members itself, then hands it here; no method blocks its caller.
 */
public interface FanOut {

    /** Sends an event, already delivered on this node, to the other nodes' members it is for. */
    void publish(Envelope envelope);

    /** The members of a room connected to other nodes; none when they cannot be asked. */
    CompletionStage<List<Member>> membersElsewhere(String room);

    /** A member of this node joined a room: the other nodes count it in the room's presence. */
    default void memberJoined(MemberJoined joined) {
    }

    /** A member of this node left a room. */
    default void memberLeft(MemberLeft left) {
    }

    /** Whether the other nodes are reachable; a single node always is. */
    boolean isConnected();

    /** Leaves the cluster. */
    void close();
}
