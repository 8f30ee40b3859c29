package org.relaychat.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MessageIdsTest {

    private static final long JAVASCRIPT_SAFE_LIMIT = 1L << 53;

    private final ExecutorService workers = Executors.newFixedThreadPool(8);

    private MessageIds cut;

    @BeforeEach
    void createIds() {
        cut = new MessageIds();
    }

    @AfterEach
    void stopWorkers() {
        workers.shutdownNow();
    }

    @Test
    void idsStrictlyIncrease() {
        long previous = cut.next();
        for (int i = 0; i < 1_000_000; i++) {
            long next = cut.next();
            assertTrue(next > previous, next + " after " + previous);
            previous = next;
        }
    }

    @Test
    void idsArePositiveIntegersBelowTwoToTheFiftyThird() {
        long id = cut.next();
        assertTrue(id > 0);
        assertTrue(id < JAVASCRIPT_SAFE_LIMIT, Long.toString(id));
    }

    @Test
    void idsFollowTheClockSoTheyKeepIncreasingAcrossRestarts() {
        long before = System.currentTimeMillis();
        long id = new MessageIds().next();
        long after = System.currentTimeMillis();

        assertTrue(id >= before * 1024 && id <= after * 1024 + 1, Long.toString(id));
        assertTrue(new MessageIds().next() >= id);
    }

    @Test
    void concurrentCallersGetDistinctIdsThatIncreaseForEachCaller() throws Exception {
        int perThread = 100_000;
        CountDownLatch start = new CountDownLatch(1);
        List<Future<long[]>> running = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            running.add(workers.submit(() -> {
                start.await();
                long[] ids = new long[perThread];
                for (int i = 0; i < perThread; i++) {
                    ids[i] = cut.next();
                }
                return ids;
            }));
        }
        start.countDown();

        Set<Long> all = new HashSet<>();
        for (Future<long[]> worker : running) {
            long[] ids = worker.get(60, TimeUnit.SECONDS);
            for (int i = 0; i < ids.length; i++) {
                assertTrue(ids[i] < JAVASCRIPT_SAFE_LIMIT);
                if (i > 0) {
                    assertTrue(ids[i] > ids[i - 1], "ids went back for one caller");
                }
                all.add(ids[i]);
            }
        }
        assertEquals(8 * perThread, all.size(), "an id was handed out twice");
    }

    @Test
    void anIdTakenAfterAnotherCompletedIsLarger() throws Exception {
        for (int round = 0; round < 1_000; round++) {
            long first = workers.submit(cut::next).get(10, TimeUnit.SECONDS);
            long second = workers.submit(cut::next).get(10, TimeUnit.SECONDS);
            assertTrue(second > first);
        }
    }
}
