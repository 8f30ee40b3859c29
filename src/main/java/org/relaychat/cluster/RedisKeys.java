package org.relaychat.cluster;

/** The names of the keys and the channel the nodes share in Redis, all under one prefix. */
record RedisKeys(String prefix) {

    /** Where every node publishes its envelopes, and which every node subscribes to. */
    String channel() {
        return prefix + ":events";
    }

    /** The live nodes: a sorted set of node ids scored by when each one's heartbeat runs out. */
    String nodes() {
        return prefix + ":nodes";
    }

    /** The members of a room on every node (see {@link PresenceEntries}). */
    String presence(String room) {
        return prefix + ":presence:" + room;
    }

    /** The rooms where a node has entered members, so that it can correct them after an interruption. */
    String roomsOf(String node) {
        return prefix + ":node-rooms:" + node;
    }
}
