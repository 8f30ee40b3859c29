package org.relaychat.bench;

import java.lang.management.ManagementFactory;
import java.util.concurrent.locks.LockSupport;

/**
 * The share of one core the load generator itself used over the measured seconds, so that a run
 * whose load generator was the limit can be told apart (the benchmark pins it to one core).
 */
final class OwnCpu {

    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private volatile double percent = -1;

    /**
     * Samples this process's CPU time at {@code fromNanos} and {@code untilNanos}, on a thread of its
     * own, running {@code atStart} and {@code atEnd} there too.
     */
    void measure(long fromNanos, long untilNanos, Runnable atStart, Runnable atEnd) {
        Thread sampler = new Thread(() -> {
            LockSupport.parkNanos(fromNanos - System.nanoTime());
            atStart.run();
            long cpuFrom = os.getProcessCpuTime();
            long wallFrom = System.nanoTime();
            LockSupport.parkNanos(untilNanos - System.nanoTime());
            atEnd.run();
            long cpu = os.getProcessCpuTime() - cpuFrom;
            long wall = System.nanoTime() - wallFrom;
            percent = wall > 0 ? Math.round(cpu * 1000.0 / wall) / 10.0 : -1;
        }, "own-cpu");
        sampler.setDaemon(true);
        sampler.start();
    }

    /** Percent of one core over the measured seconds; -1 before they are over. */
    double percent() {
        return percent;
    }
}
