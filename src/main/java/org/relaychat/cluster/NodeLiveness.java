package org.relaychat.cluster;

import io.lettuce.core.Range;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Which nodes are alive: a sorted set of node ids scored by when each one's heartbeat runs out.
 * Each node beats three times per time-to-live; a node whose time ran out is dead, and exactly one
 * of the nodes that notice it takes it out (and tells its rooms).
 */
final class NodeLiveness {

    private final RedisKeys keys;
    private final String ownNode;
    private final Duration ttl;

    NodeLiveness(RedisKeys keys, String ownNode, Duration ttl) {
        this.keys = keys;
        this.ownNode = ownNode;
        this.ttl = ttl;
    }

    /** How often a node beats. */
    Duration interval() {
        return ttl.dividedBy(3);
    }

    /**
     * Keeps this node alive for another time-to-live; true when it was not in the set: its first
     * beat, or Redis lost its data, or the node was given up for dead.
     */
    boolean beat(RedisClusterCommands<String, String> redis) {
        return redis.zadd(keys.nodes(), System.currentTimeMillis() + ttl.toMillis(), ownNode) > 0;
    }

    /** The nodes that stopped beating, each returned to only one of the nodes that ask. */
    List<String> takeDead(RedisClusterCommands<String, String> redis) {
        List<String> taken = new ArrayList<>();
        for (String dead : redis.zrangebyscore(keys.nodes(), Range.create(0, System.currentTimeMillis()))) {
            if (redis.zrem(keys.nodes(), dead) > 0) {
                taken.add(dead);
            }
        }
        return taken;
    }

    CompletionStage<List<String>> live(RedisClusterAsyncCommands<String, String> redis) {
        return redis.zrangebyscore(keys.nodes(), Range.from(
                Range.Boundary.including(System.currentTimeMillis()), Range.Boundary.unbounded()));
    }

    /** Leaves the set at once, on a clean shutdown. */
    void leave(RedisClusterCommands<String, String> redis) {
        redis.zrem(keys.nodes(), ownNode);
    }
}
