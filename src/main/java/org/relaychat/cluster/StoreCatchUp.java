package org.relaychat.cluster;

import java.util.Map;
import org.relaychat.delivery.Envelope;
import org.relaychat.delivery.MessageEvents;
import org.relaychat.history.Conversation;
import org.relaychat.history.MessageHistory;
import org.relaychat.history.StoredMessage;
import org.relaychat.protocol.ServerEventEncoder;

/**
 * After the broker was out of reach, delivers from the message store the room messages that the
 * other nodes stored meanwhile: what a channel drops while a node is away is gone, but every room
 * message is stored first. The inbox skips those delivered already.
 */
final class StoreCatchUp {

    private static final int PAGE = 200;

    private final MessageHistory history;
    private final ClusterInbox inbox;

    StoreCatchUp(MessageHistory history, ClusterInbox inbox) {
        this.history = history;
        this.inbox = inbox;
    }

    /** Delivers each room's messages after its resume point; returns how many were new here. */
    int catchUp(Map<String, Long> resumePoints) {
        int delivered = 0;
        for (Map.Entry<String, Long> point : resumePoints.entrySet()) {
            Long after = point.getValue();
            MessageHistory.Page page;
            do {
                page = history.page(Conversation.room(point.getKey()), null, after, PAGE);
                for (StoredMessage message : page.messages()) {
                    if (inbox.deliver(Envelope.storedMessage(message,
                            ServerEventEncoder.toJson(MessageEvents.of(message))))) {
                        delivered++;
                    }
                    after = message.id();
                }
            } while (page.hasMore());
        }
        return delivered;
    }
}
