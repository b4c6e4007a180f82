package io.sluice.server.network;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The broker-wide bound {@code queued.max.requests}: how many requests may be waiting for, or running on,
 * the request-handler pool at once. A connection holding a complete frame takes a slot before handing it
 * over and gives it back when {@code RequestHandler.handle} returns (not when the response is written: a
 * request parked in purgatory no longer occupies a handler thread, as in Kafka's request queue).
 *
 * <p>A connection that finds no free slot stays muted (reads off) and registers a wake-up; every release
 * wakes the oldest waiter, which retries on its own event loop. Nothing is read from a muted socket, so
 * while the pool is saturated the broker buffers no more than the frames already taken from sockets.
 *
 * <p>Thread-safe. A waiter that is woken but no longer needs the slot (closed meanwhile) must call
 * {@link #wakeNext()} so the wake-up is not lost.
 */
final class RequestSlots {

    private final int capacity;
    private final AtomicInteger available;
    private final ConcurrentLinkedQueue<Runnable> waiters = new ConcurrentLinkedQueue<>();

    RequestSlots(int capacity) {
        this.capacity = capacity;
        this.available = new AtomicInteger(capacity);
    }

    /**
     * Takes a slot, or registers {@code wakeUp} to be run when one may be free. The wake-up only schedules a
     * retry; it must not assume the slot is still free when it runs.
     */
    boolean tryAcquire(Runnable wakeUp) {
        if (tryTake()) {
            return true;
        }
        waiters.add(wakeUp);
        // A release between the failed take and the add found no waiter to wake: look again.
        if (tryTake()) {
            waiters.remove(wakeUp);
            return true;
        }
        return false;
    }

    void release() {
        available.incrementAndGet();
        wakeNext();
    }

    /** Wakes the oldest waiter if a slot is free. */
    void wakeNext() {
        if (available.get() > 0) {
            Runnable waiter = waiters.poll();
            if (waiter != null) {
                waiter.run();
            }
        }
    }

    void cancel(Runnable wakeUp) {
        if (waiters.remove(wakeUp)) {
            wakeNext();
        }
    }

    int inUse() {
        return capacity - available.get();
    }

    int waiting() {
        return waiters.size();
    }

    private boolean tryTake() {
        while (true) {
            int free = available.get();
            if (free <= 0) {
                return false;
            }
            if (available.compareAndSet(free, free - 1)) {
                return true;
            }
        }
    }
}
