package io.sluice.clients.producer.internals;

import io.sluice.clients.common.InterruptException;
import io.sluice.clients.common.TimeoutException;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The {@code buffer.memory} budget of the producer: a batch reserves its bytes when it is created
 * and gives them back when it completes. A reservation that does not fit waits, first come first
 * served, up to {@code max.block.ms}, then fails with {@link TimeoutException}. The bytes are
 * accounting only; batches allocate their own buffers. Thread-safe.
 */
public final class BufferPool {

    private final long totalMemory;
    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<Condition> waiters = new ArrayDeque<>();
    private long available;
    private boolean closed;

    public BufferPool(long totalMemory) {
        this.totalMemory = totalMemory;
        this.available = totalMemory;
    }

    public long totalMemory() {
        return totalMemory;
    }

    public long availableMemory() {
        lock.lock();
        try {
            return available;
        } finally {
            lock.unlock();
        }
    }

    /** True while some thread waits for memory: the sender should then send what it has. */
    public boolean hasWaiters() {
        lock.lock();
        try {
            return !waiters.isEmpty();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Reserves {@code bytes} (at most {@link #totalMemory()}, which the caller checks), waiting up to
     * {@code maxWaitMs}.
     */
    public void reserve(long bytes, long maxWaitMs) {
        lock.lock();
        try {
            if (closed) {
                throw new IllegalStateException("Producer closed while allocating memory");
            }
            if (waiters.isEmpty() && available >= bytes) {
                available -= bytes;
                return;
            }
            Condition turn = lock.newCondition();
            waiters.addLast(turn);
            long remaining = TimeUnit.MILLISECONDS.toNanos(maxWaitMs);
            try {
                while (waiters.peekFirst() != turn || available < bytes) {
                    if (closed) {
                        throw new IllegalStateException("Producer closed while allocating memory");
                    }
                    if (remaining <= 0) {
                        throw new TimeoutException("Failed to allocate " + bytes + " bytes within the configured max blocking time "
                                + maxWaitMs + " ms. Total memory: " + totalMemory + " bytes. Available memory: " + available + " bytes.");
                    }
                    remaining = turn.awaitNanos(remaining);
                }
                available -= bytes;
            } catch (InterruptedException e) {
                throw new InterruptException("Interrupted while waiting for buffer memory", e);
            } finally {
                waiters.remove(turn);
                signalFirst();
            }
        } finally {
            lock.unlock();
        }
    }

    public void release(long bytes) {
        lock.lock();
        try {
            available += bytes;
            signalFirst();
        } finally {
            lock.unlock();
        }
    }

    /** Wakes every waiter, which then fails. */
    public void close() {
        lock.lock();
        try {
            closed = true;
            for (Condition waiter : waiters) {
                waiter.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    private void signalFirst() {
        Condition first = waiters.peekFirst();
        if (first != null) {
            first.signal();
        }
    }
}
