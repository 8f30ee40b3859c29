package org.relaychat.cluster;

/**
 * The names of the keys and channels the nodes share in Redis, all under one prefix. A room's
 * channel and its presence hash carry the room's name as their hash tag ({@code {...}}), so that
 * in a Redis Cluster each room lives on one shard, and the rooms spread over the shards.
 */
record RedisKeys(String prefix) {

    /** Events for the members of a room, to which the nodes where it has members subscribe. */
    String roomChannel(String room) {
        return prefix + ":room:{" + room + "}";
    }

    /** Events for one user's connections (direct messages), to which the nodes where it is connected subscribe. */
    String userChannel(String user) {
        return prefix + ":user:{" + user + "}";
    }

    /** Events for every connection of every node (broadcasts), to which every node subscribes. */
    String everyoneChannel() {
        return prefix + ":everyone";
    }

    /** The live nodes: a sorted set of node ids scored by when each one's heartbeat runs out. */
    String nodes() {
        return prefix + ":nodes";
    }

    /** The members of a room on every node (see {@link PresenceEntries}). */
    String presence(String room) {
        return prefix + ":presence:{" + room + "}";
    }

    /** The rooms where a node has entered members, so that it can correct them after an interruption. */
    String roomsOf(String node) {
        return prefix + ":node-rooms:{" + node + "}";
    }
}
