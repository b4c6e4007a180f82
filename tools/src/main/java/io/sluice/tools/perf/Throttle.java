package io.sluice.tools.perf;

import java.util.concurrent.locks.LockSupport;

/**
 * Holds a sender to {@code perSecond} records per second on average since {@code startNs}: after each
 * record it sleeps until the time that record count is due. A negative rate means no limit; the rate
 * must not be 0. Not thread-safe (the sending thread owns it).
 */
final class Throttle {

    private final double perSecond;
    private final long startNs;

    Throttle(double perSecond, long startNs) {
        if (perSecond == 0 || Double.isNaN(perSecond)) {
            throw new IllegalArgumentException("A throughput must be positive, or negative for no limit: " + perSecond);
        }
        this.perSecond = perSecond;
        this.startNs = startNs;
    }

    /** How long to wait, in nanoseconds, after {@code sent} records at {@code nowNs} (0 when on time). */
    long delayNs(long sent, long nowNs) {
        if (perSecond < 0) {
            return 0;
        }
        long dueNs = startNs + (long) (sent * 1e9 / perSecond);
        return Math.max(0, dueNs - nowNs);
    }

    /** Sleeps as long as {@link #delayNs} says. */
    void throttle(long sent) {
        long delay = delayNs(sent, System.nanoTime());
        while (delay > 0) {
            LockSupport.parkNanos(Math.min(delay, 100_000_000L));
            delay = delayNs(sent, System.nanoTime());
        }
    }
}
