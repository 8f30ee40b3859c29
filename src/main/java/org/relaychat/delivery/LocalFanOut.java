package org.relaychat.delivery;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.relaychat.protocol.ServerEvent.Member;

/** A node on its own: every member is local, so there is nothing to carry anywhere. */
public final class LocalFanOut implements FanOut {

    private static final CompletionStage<List<Member>> NOBODY = CompletableFuture.completedStage(List.of());

    @Override
    public void publish(Envelope envelope) {
        // no other node
    }

    @Override
    public CompletionStage<List<Member>> membersElsewhere(String room) {
        return NOBODY;
    }

    @Override
    public boolean isConnected() {
        return true;
    }

    @Override
    public void close() {
        // nothing held
    }
}
