package org.relaychat.chat;

import java.util.Optional;
import org.relaychat.config.Limits;
import org.relaychat.delivery.Dispatcher;
import org.relaychat.delivery.Lanes;
import org.relaychat.delivery.LocalDelivery;
import org.relaychat.delivery.LocalFanOut;
import org.relaychat.history.MessageHistory;
import org.relaychat.profiles.InMemoryProfileStore;
import org.relaychat.registry.ChatRegistry;
import org.relaychat.security.RoomAccess;

/** A chat service wired by hand: one node that delivers and reads on its callers' threads. */
public final class StandaloneChat {

    private StandaloneChat() {
    }

    /** A service whose rooms are all public. */
    public static ChatService service(ChatRegistry registry, MessageHistory history, Limits limits,
            Optional<String> defaultRoom, int historyOnJoin) {
        return service(registry, history, limits, defaultRoom, historyOnJoin, new RoomAccess());
    }

    public static ChatService service(ChatRegistry registry, MessageHistory history, Limits limits,
            Optional<String> defaultRoom, int historyOnJoin, RoomAccess access) {
        return new ChatService(registry, history, limits, defaultRoom, historyOnJoin, access, dispatcher(registry),
                Runnable::run, FileAccess.NONE, new InMemoryProfileStore());
    }

    /** Delivers on the caller's thread, to this node only. */
    public static Dispatcher dispatcher(ChatRegistry registry) {
        return new Dispatcher(new LocalDelivery(registry, Lanes.inline()), new LocalFanOut());
    }
}
