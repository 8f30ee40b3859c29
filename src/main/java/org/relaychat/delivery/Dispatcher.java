package org.relaychat.delivery;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.relaychat.connection.Connection;
import org.relaychat.history.Conversation;
import org.relaychat.history.StoredMessage;
import org.relaychat.protocol.ServerEvent.Member;
import org.relaychat.protocol.ServerEventEncoder;

/**
 * Every event that leaves the server for a set of connections (a room, a user's connections,
 * everyone) goes out here: on the lane of its room or conversation, it is delivered to this
 * node's connections, then published to the other nodes, then whatever the caller does next
 * (an ack) runs. The caller's thread only hands it over.
 */
@ApplicationScoped
public class Dispatcher {

    private LocalDelivery local;
    private FanOut fanOut;

    protected Dispatcher() {
        // for the CDI proxy
    }

    @Inject
    public Dispatcher(LocalDelivery local, FanOut fanOut) {
        this.local = local;
        this.fanOut = fanOut;
    }

    public void dispatch(Envelope envelope, Connection except) {
        dispatch(envelope, except, () -> { });
    }

    /** Delivers to the envelope's audience but {@code except}, publishes it, then runs {@code then}. */
    public void dispatch(Envelope envelope, Connection except, Runnable then) {
        onLane(envelope.lane(), () -> envelope, except, then);
    }

    /**
     * A stored message to everyone it is for but the connection that sent it, then {@code then};
     * encoded on its lane, so that the thread that stored it goes straight back to storing.
     */
    public void dispatchStored(StoredMessage message, Connection sender, Runnable then) {
        onLane(message.conversation(), () -> Envelope.storedMessage(message,
                ServerEventEncoder.toJson(MessageEvents.of(message))), sender, then);
    }

    /**
     * An author's change to a stored message ({@code message_edited} or {@code message_deleted}) to
     * the message's audience but the connection that made it, then {@code then}; on the message's
     * lane, after the message itself.
     */
    public void dispatchChange(StoredMessage changed, Connection author, Runnable then) {
        onLane(changed.conversation(), () -> Envelope.aboutStoredMessage(changed,
                ServerEventEncoder.toJson(MessageEvents.changeOf(changed))), author, then);
    }

    private void onLane(String lane, Supplier<Envelope> envelope, Connection except, Runnable then) {
        local.execute(lane, () -> {
            Envelope made = envelope.get();
            local.deliverNow(made, except);
            fanOut.publish(made);
            then.run();
        });
    }

    /** Runs {@code task} after the deliveries already queued on the lane of {@code key}, never inside one. */
    public void later(String key, Runnable task) {
        local.execute(key, task);
    }

    /**
     * Runs {@code task}, which belongs on the lane of {@code room} and is called there, once what
     * other nodes send to the room reaches this node: at once when it does already, else on the
     * room's lane when the subscription takes effect.
     */
    public void whenRoomReady(String room, Runnable task) {
        CompletableFuture<Void> ready = fanOut.roomReady(room).toCompletableFuture();
        if (ready.isDone()) {
            task.run();
        } else {
            ready.whenComplete((done, failed) -> local.execute(Conversation.room(room), task));
        }
    }

    /**
     * Runs {@code task} once what other nodes send to {@code user}, and to {@code room} if there
     * is one, reaches this node; on the caller's thread when it does already, else on the lane of
     * {@code key}.
     */
    public void whenReachable(String user, Optional<String> room, String key, Runnable task) {
        CompletableFuture<Void> ready = CompletableFuture.allOf(fanOut.userReady(user).toCompletableFuture(),
                room.map(fanOut::roomReady).orElse(CompletableFuture.completedStage(null)).toCompletableFuture());
        if (ready.isDone()) {
            task.run();
        } else {
            ready.whenComplete((done, failed) -> local.execute(key, task));
        }
    }

    /** The members of a room connected to other nodes; none when they cannot be asked. */
    public CompletionStage<List<Member>> membersElsewhere(String room) {
        return fanOut.membersElsewhere(room);
    }
}
