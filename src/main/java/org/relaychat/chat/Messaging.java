package org.relaychat.chat;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.relaychat.config.Limits;
import org.relaychat.connection.Connection;
import org.relaychat.delivery.Dispatcher;
import org.relaychat.delivery.Envelope;
import org.relaychat.history.Draft;
import org.relaychat.history.MessageHistory;
import org.relaychat.protocol.ClientCommand.SendBroadcast;
import org.relaychat.protocol.ClientCommand.SendDirectMessage;
import org.relaychat.protocol.ClientCommand.SendRoomMessage;
import org.relaychat.protocol.ClientCommand.SetTyping;
import org.relaychat.protocol.ErrorCode;
import org.relaychat.protocol.ServerEvent;
import org.relaychat.protocol.ServerEventEncoder;
import org.relaychat.security.HourlyQuota;

/**
 * What clients say to each other: room and direct messages (stored first, delivered and
 * acknowledged once committed), broadcasts and typing.
 */
final class Messaging {

    private final MessageHistory history;
    private final Dispatcher dispatcher;
    private final Replies replies;
    private final Limits limits;
    private final HourlyQuota directMessageQuota;
    private final FileCommands files;

    Messaging(MessageHistory history, Dispatcher dispatcher, Replies replies, Limits limits, FileCommands files) {
        this.history = history;
        this.files = files;
        this.dispatcher = dispatcher;
        this.replies = replies;
        this.limits = limits;
        this.directMessageQuota = new HourlyQuota(limits.directMessagesPerHour(), Clock.systemUTC());
    }

    void broadcast(Connection sender, SendBroadcast command) {
        String frame = ServerEventEncoder.toJson(
                new ServerEvent.BroadcastPosted(command.message(), sender.clientId(), sender.user(), Instant.now()));
        dispatcher.dispatch(Envelope.toEveryone(frame), sender, () -> replies.acknowledge(sender, command.ref()));
    }

    void roomMessage(Connection sender, SendRoomMessage command) {
        if (replies.memberRoom(sender, command.room(), command.ref()).isPresent()) {
            // The members when the message is delivered, right after its commit, are the ones who get it.
            store(sender, command.ref(), Draft.toRoom(command.room(), sender.clientId(), sender.user(),
                    command.message()), command.attachments());
        }
    }

    void directMessage(Connection sender, SendDirectMessage command) {
        if (!directMessageQuota.tryTake(sender.user())) {
            replies.reject(sender, ErrorCode.RATE_LIMITED, "at most " + limits.directMessagesPerHour()
                    + " direct messages an hour; try again later", command.ref());
            return;
        }
        store(sender, command.ref(), Draft.toUser(command.to(), sender.clientId(), sender.user(), command.message()),
                command.attachments());
    }

    void typing(Connection sender, SetTyping command) {
        replies.memberRoom(sender, command.room(), command.ref()).ifPresent(room -> {
            String frame = ServerEventEncoder.toJson(new ServerEvent.TypingChanged(command.room(),
                    sender.clientId(), sender.user(), command.typing()));
            dispatcher.dispatch(Envelope.toRoom(command.room(), frame), sender,
                    () -> replies.acknowledge(sender, command.ref()));
        });
    }

    /** Stores the message with the files it names, once they are tied to its conversation. */
    private void store(Connection sender, String ref, Draft draft, List<String> fileIds) {
        if (fileIds.isEmpty()) {
            store(sender, ref, draft);
        } else {
            files.attach(sender, ref, fileIds, draft.conversation(), attached -> store(sender, ref, draft.with(attached)));
        }
    }

    private void store(Connection sender, String ref, Draft draft) {
        history.store(draft).whenComplete((stored, failure) -> {
            if (failure != null) {
                replies.reject(sender, ErrorCode.UNAVAILABLE,
                        "the message could not be stored and was not delivered; retry", ref);
            } else {
                dispatcher.dispatchStored(stored, sender, () -> replies.acknowledge(sender, ref, stored));
            }
        });
    }
}
