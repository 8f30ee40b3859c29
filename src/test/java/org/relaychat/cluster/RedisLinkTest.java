package org.relaychat.cluster;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RedisLinkTest {

    @Test
    void severalHostsNameACluster() {
        assertTrue(RedisLink.namesCluster("redis://10.0.0.1:7000,10.0.0.2:7000,10.0.0.3:7000"));
        assertTrue(RedisLink.namesCluster("rediss://secret@a:7000,b:7000"));
    }

    @Test
    void oneHostOrSentinelsNameOneServer() {
        assertFalse(RedisLink.namesCluster("redis://localhost:6379"));
        assertFalse(RedisLink.namesCluster("redis://secret@localhost:6379/2"));
        assertFalse(RedisLink.namesCluster("redis-sentinel://s1:26379,s2:26379,s3:26379/0#relay"));
    }
}
