package org.relaychat.delivery;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Runs tasks on the caller's thread. A task handed over while another runs on the same thread
 * waits until that one is done, as on a real lane: a delivery never runs inside another.
 */
final class InlineLanes implements Lanes {

    private final ThreadLocal<Deque<Runnable>> running = new ThreadLocal<>();

    @Override
    public void execute(String key, Runnable task) {
        Deque<Runnable> waiting = running.get();
        if (waiting != null) {
            waiting.add(task);
            return;
        }
        waiting = new ArrayDeque<>();
        running.set(waiting);
        try {
            for (Runnable next = task; next != null; next = waiting.poll()) {
                ShardedLanes.runLogged(next);
            }
        } finally {
            running.remove();
        }
    }
}
