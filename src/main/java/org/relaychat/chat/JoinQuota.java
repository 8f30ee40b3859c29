package org.relaychat.chat;

import java.util.Optional;

import org.relaychat.config.Limits;
import org.relaychat.connection.Connection;
import org.relaychat.registry.ChatRegistry;

/**
 * The rooms one client can make the server hold: a cap per connection and a cap on the rooms of this
 * node. Joining a room one is already in, or one that already exists, never counts against the node.
 * Concurrent joins may overshoot the node cap by a few rooms; it bounds memory, it is not a quota.
 */
final class JoinQuota {

    private final ChatRegistry registry;
    private final Limits limits;

    JoinQuota(ChatRegistry registry, Limits limits) {
        this.registry = registry;
        this.limits = limits;
    }

    /** Why the connection may not join the room, or empty when it may. */
    Optional<String> refusal(Connection connection, String room) {
        if (connection.rooms().contains(room)) {
            return Optional.empty();
        }
        if (connection.rooms().size() >= limits.maxRoomsPerConnection()) {
            return Optional.of("already in " + limits.maxRoomsPerConnection() + " rooms; leave one first");
        }
        if (registry.room(room).isEmpty() && registry.rooms().size() >= limits.maxRoomsPerNode()) {
            return Optional.of("this server holds " + limits.maxRoomsPerNode() + " rooms; join an existing one");
        }
        return Optional.empty();
    }
}
