package org.relaychat.delivery;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.relaychat.protocol.ServerEvent.Member;
import org.relaychat.registry.ConnectionAdmitted;
import org.relaychat.registry.ConnectionRemoved;
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

    /** A connection was admitted to this node: what is sent to its user elsewhere is to reach it. */
    default void connectionAdmitted(ConnectionAdmitted admitted) {
    }

    /** A connection left this node. */
    default void connectionRemoved(ConnectionRemoved removed) {
    }

    /**
     * Completes once what other nodes send to {@code room} reaches this node's members of it (at
     * once on a single node); never exceptionally.
     */
    default CompletionStage<Void> roomReady(String room) {
        return CompletableFuture.completedStage(null);
    }

    /** Completes once what other nodes send to {@code user} reaches its connections here; never exceptionally. */
    default CompletionStage<Void> userReady(String user) {
        return CompletableFuture.completedStage(null);
    }

    /** Whether the other nodes are reachable; a single node always is. */
    boolean isConnected();

    /** Leaves the cluster. */
    void close();
}
