package org.relaychat.cluster;

import java.util.List;
import java.util.concurrent.CompletionStage;
import org.relaychat.protocol.ServerEvent.Member;

/**
 * Carries events to the members connected to other nodes. The node delivers every event to its own
 * members itself, then hands it here; no method blocks its caller.
 */
public interface FanOut {

    /** Sends an event, already delivered on this node, to the other nodes' members it is for. */
    void publish(Envelope envelope);

    /** The members of a room connected to other nodes; none when they cannot be asked. */
    CompletionStage<List<Member>> membersElsewhere(String room);

    /** Whether the other nodes are reachable; a single node always is. */
    boolean isConnected();

    /** Leaves the cluster. */
    void close();
}
