package org.relaychat.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ShardedLanesTest {

    private final ShardedLanes cut = new ShardedLanes(4, Executors.defaultThreadFactory(), "test-lane");

    @AfterEach
    void close() {
        cut.close();
    }

    @Test
    void tasksOfOneKeyRunOneAtATimeInTheOrderEachThreadHandedThemOver() throws Exception {
        int threads = 8;
        int perThread = 2_000;
        List<String> ran = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger running = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> producers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int producer = t;
            Thread thread = new Thread(() -> {
                awaitQuietly(start);
                for (int i = 0; i < perThread; i++) {
                    int sequence = i;
                    cut.execute("room:general", () -> {
                        if (running.incrementAndGet() > 1) {
                            overlaps.incrementAndGet();
                        }
                        ran.add(producer + ":" + sequence);
                        running.decrementAndGet();
                    });
                }
            });
            thread.start();
            producers.add(thread);
        }
        start.countDown();
        for (Thread producer : producers) {
            producer.join();
        }
        awaitDone("room:general");

        assertEquals(threads * perThread, ran.size());
        assertEquals(0, overlaps.get(), "two tasks of one key ran at once");
        Map<Integer, Integer> lastByProducer = new ConcurrentHashMap<>();
        for (String entry : ran) {
            int producer = Integer.parseInt(entry.substring(0, entry.indexOf(':')));
            int sequence = Integer.parseInt(entry.substring(entry.indexOf(':') + 1));
            assertEquals(lastByProducer.getOrDefault(producer, -1) + 1, sequence, "out of order: " + entry);
            lastByProducer.put(producer, sequence);
        }
    }

    @Test
    void keysSpreadOverEveryLane() {
        Set<Integer> used = new HashSet<>();
        for (int room = 0; room < 100; room++) {
            used.add(cut.laneOf("room:r" + room));
        }

        assertEquals(Set.of(0, 1, 2, 3), used);
    }

    @Test
    void aBlockedLaneHoldsUpNoOtherLane() throws Exception {
        String blocked = "room:a";
        String other = keyOnAnotherLaneThan(blocked);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch otherRan = new CountDownLatch(1);
        cut.execute(blocked, () -> awaitQuietly(release));

        cut.execute(other, otherRan::countDown);

        assertTrue(otherRan.await(5, TimeUnit.SECONDS), "a task waited for another lane");
        release.countDown();
    }

    @Test
    void aFailingTaskLosesNoneBehindIt() throws Exception {
        CountDownLatch next = new CountDownLatch(1);
        cut.execute("room:a", () -> {
            throw new IllegalStateException("expected by the test");
        });
        cut.execute("room:a", next::countDown);

        assertTrue(next.await(5, TimeUnit.SECONDS));
    }

    @Test
    void afterCloseTasksRunOnTheCaller() {
        cut.close();
        Thread[] ranOn = new Thread[1];

        cut.execute("room:a", () -> ranOn[0] = Thread.currentThread());

        assertEquals(Thread.currentThread(), ranOn[0]);
    }

    @Test
    void inlineLanesRunATaskHandedOverInsideAnotherAfterIt() {
        Lanes inline = Lanes.inline();
        List<String> ran = new ArrayList<>();

        inline.execute("room:a", () -> {
            inline.execute("room:a", () -> ran.add("inner"));
            ran.add("outer done");
        });

        assertEquals(List.of("outer done", "inner"), ran);
    }

    private String keyOnAnotherLaneThan(String key) {
        for (int i = 0; ; i++) {
            String candidate = "room:b" + i;
            if (cut.laneOf(candidate) != cut.laneOf(key)) {
                return candidate;
            }
        }
    }

    private void awaitDone(String key) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        cut.execute(key, done::countDown);
        assertTrue(done.await(30, TimeUnit.SECONDS));
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
