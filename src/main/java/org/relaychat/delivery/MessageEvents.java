package org.relaychat.delivery;

import java.util.List;
import org.relaychat.history.StoredMessage;
import org.relaychat.protocol.ServerEvent;
import org.relaychat.protocol.ServerEvent.ChatMessage;

/** Stored messages as the protocol's events: live, in history pages, and caught up after an outage. */
public final class MessageEvents {

    private MessageEvents() {
    }

    /** The message as it is now: edited, or a tombstone once deleted. */
    public static ChatMessage of(StoredMessage message) {
        return message.isRoomMessage()
                ? new ServerEvent.RoomMessagePosted(message.id(), message.text(), message.from(), message.user(),
                        message.room(), message.at(), message.attachments(), message.editedAt(), message.deletedAt())
                : new ServerEvent.DirectMessageSent(message.id(), message.text(), message.from(), message.user(),
                        message.to(), message.at(), message.attachments(), message.editedAt(), message.deletedAt());
    }

    /** What the others are told of an author's change: {@code message_edited} or {@code message_deleted}. */
    public static ServerEvent changeOf(StoredMessage changed) {
        return changed.isDeleted()
                ? new ServerEvent.MessageDeleted(changed.id(), changed.user(), changed.room(), changed.to(),
                        changed.deletedAt())
                : new ServerEvent.MessageEdited(changed.id(), changed.user(), changed.room(), changed.to(),
                        changed.text(), changed.editedAt());
    }

    public static List<ChatMessage> of(List<StoredMessage> messages) {
        return messages.stream().map(MessageEvents::of).toList();
    }
}
