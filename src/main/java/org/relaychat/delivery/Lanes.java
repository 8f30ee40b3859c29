package org.relaychat.delivery;

/**
 * Where deliveries run: every task handed over with the same key runs after the ones handed over
 * with it before, one at a time, so events to one room or conversation keep their order.
 */
public interface Lanes {

    /** Runs {@code task} after the tasks already handed over with {@code key}; never blocks. */
    void execute(String key, Runnable task);

    /**
     * Lanes that run every task on the caller's thread, after the task that caller is running, if
     * any: for a service wired by hand, whose deliveries are then done when a call returns.
     */
    static Lanes inline() {
        return new InlineLanes();
    }
}
