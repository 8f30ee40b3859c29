package org.relaychat.cluster;

import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;
import org.relaychat.protocol.ServerEvent.Member;

/**
 * The members of each room on every node, as Redis keeps them (see {@link PresenceEntries}), and
 * for each node the rooms where it entered members. A node writes its own entries as its members
 * join and leave, puts them right after an interruption, and removes a dead node's.
 */
final class RedisPresence {

    /** A member of a dead node, taken out of a room of {@code roomSize} members. */
    record Departure(String room, String clientId, String user, int roomSize) {
    }

    private final RedisKeys keys;
    private final String ownNode;

    RedisPresence(RedisKeys keys, String ownNode) {
        this.keys = keys;
        this.ownNode = ownNode;
    }

    CompletionStage<?> joined(RedisClusterAsyncCommands<String, String> redis, String room, String clientId,
            String user) {
        redis.sadd(keys.roomsOf(ownNode), room);
        return redis.hset(keys.presence(room), PresenceEntries.field(ownNode, clientId), user);
    }

    CompletionStage<?> left(RedisClusterAsyncCommands<String, String> redis, String room, String clientId) {
        return redis.hdel(keys.presence(room), PresenceEntries.field(ownNode, clientId));
    }

    /** The members of a room on the other nodes among {@code liveNodes}. */
    CompletionStage<List<Member>> elsewhere(RedisClusterAsyncCommands<String, String> redis, String room,
            CompletionStage<List<String>> liveNodes) {
        return redis.hgetall(keys.presence(room))
                .thenCombine(liveNodes, (entries, live) -> PresenceEntries.remote(entries, live, ownNode));
    }

    /**
     * Makes this node's entries exactly {@code wanted}: for each room, its members here by client
     * id, with their users.
     */
    void correct(RedisClusterCommands<String, String> redis, Map<String, Map<String, String>> wanted) {
        Map<String, Map<String, String>> fieldsByRoom = new HashMap<>();
        wanted.forEach((room, members) -> {
            Map<String, String> fields = new HashMap<>();
            members.forEach((clientId, user) -> fields.put(PresenceEntries.field(ownNode, clientId), user));
            fieldsByRoom.put(room, fields);
        });
        for (String room : redis.smembers(keys.roomsOf(ownNode))) {
            Set<String> stale = redis.hkeys(keys.presence(room)).stream()
                    .filter(field -> PresenceEntries.nodeOf(field).equals(ownNode)).collect(Collectors.toSet());
            stale.removeAll(fieldsByRoom.getOrDefault(room, Map.of()).keySet());
            if (!stale.isEmpty()) {
                redis.hdel(keys.presence(room), stale.toArray(String[]::new));
            }
            if (!fieldsByRoom.containsKey(room)) {
                redis.srem(keys.roomsOf(ownNode), room);
            }
        }
        fieldsByRoom.forEach((room, fields) -> {
            if (!fields.isEmpty()) {
                redis.sadd(keys.roomsOf(ownNode), room);
                redis.hset(keys.presence(room), fields);
            }
        });
    }

    /** Removes every entry of a node given up for dead; returns them, to tell the rooms. */
    List<Departure> removeNode(RedisClusterCommands<String, String> redis, String node) {
        List<Departure> departed = new ArrayList<>();
        for (String room : redis.smembers(keys.roomsOf(node))) {
            Map<String, String> entries = redis.hgetall(keys.presence(room));
            List<String> fields = new ArrayList<>();
            entries.forEach((field, user) -> {
                if (PresenceEntries.nodeOf(field).equals(node)) {
                    fields.add(field);
                    departed.add(new Departure(room, PresenceEntries.clientIdOf(field), user, entries.size()));
                }
            });
            if (!fields.isEmpty()) {
                redis.hdel(keys.presence(room), fields.toArray(String[]::new));
            }
        }
        redis.del(keys.roomsOf(node));
        return departed;
    }

    /** Forgets which rooms this node entered members in, as it leaves the cluster. */
    void leave(RedisClusterCommands<String, String> redis) {
        redis.del(keys.roomsOf(ownNode));
    }
}
