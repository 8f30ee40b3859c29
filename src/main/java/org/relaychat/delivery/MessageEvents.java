package org.relaychat.delivery;

import java.util.List;
import org.relaychat.history.StoredMessage;
import org.relaychat.protocol.ServerEvent;
import org.relaychat.protocol.ServerEvent.ChatMessage;

/** Stored messages as the protocol's events: live, in history pages, and caught up after an outage. */
public final class MessageEvents {

    private MessageEvents() {
    }

    public static ChatMessage of(StoredMessage message) {
        return message.isRoomMessage()
                ? new ServerEvent.RoomMessagePosted(message.id(), message.text(), message.from(), message.user(),
                        message.room(), message.at(), message.attachments())
                : new ServerEvent.DirectMessageSent(message.id(), message.text(), message.from(), message.user(),
                        message.to(), message.at(), message.attachments());
    }

    public static List<ChatMessage> of(List<StoredMessage> messages) {
        return messages.stream().map(MessageEvents::of).toList();
    }
}
