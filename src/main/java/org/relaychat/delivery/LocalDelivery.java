package org.relaychat.delivery;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.relaychat.connection.Connection;
import org.relaychat.registry.ChatRegistry;

/**
 * Hands events to this node's connections, on the lane of their room or conversation: what the
 * node sends itself and what arrives from the other nodes alike.
 */
@ApplicationScoped
public class LocalDelivery {

    private ChatRegistry registry;
    private Lanes lanes;

    protected LocalDelivery() {
        // for the CDI proxy
    }

    @Inject
    public LocalDelivery(ChatRegistry registry, Lanes lanes) {
        this.registry = registry;
        this.lanes = lanes;
    }

    /** Delivers an envelope to every connection of its audience on this node, on its lane. */
    public void deliver(Envelope envelope) {
        lanes.execute(envelope.lane(), () -> deliverNow(envelope, null));
    }

    /** Runs {@code task} after the deliveries already queued on the lane of {@code key}. */
    void execute(String key, Runnable task) {
        lanes.execute(key, task);
    }

    /** On the caller's thread, which is the envelope's lane: to its audience but {@code except}. */
    void deliverNow(Envelope envelope, Connection except) {
        switch (envelope.audience()) {
            case ROOM -> registry.room(envelope.room())
                    .filter(room -> envelope.roomsUpTo() <= 0 || room.size() <= envelope.roomsUpTo())
                    .ifPresent(room -> room.send(envelope.frame(), except));
            case USERS -> {
                for (String user : envelope.users()) {
                    for (Connection connection : registry.connectionsOf(user)) {
                        if (connection != except) {
                            connection.send(envelope.frame());
                        }
                    }
                }
            }
            case EVERYONE -> registry.sendToAll(envelope.frame(), except);
        }
    }
}
