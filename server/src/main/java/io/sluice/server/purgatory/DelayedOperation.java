package io.sluice.server.purgatory;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A request that cannot be answered yet: an acks=all produce waiting for the high watermark, a fetch
 * waiting for {@code fetch.min.bytes}. It completes exactly once, either because {@link #tryComplete()}
 * found its condition met (called when something it watches changes) or because its timeout ran out.
 *
 * <p>{@link #tryComplete()} runs under the operation's own lock, so two threads never evaluate it at once;
 * {@link #onComplete()} runs once, on whichever thread completed it.
 */
public abstract class DelayedOperation {

    private final long delayMs;
    private final AtomicBoolean completed = new AtomicBoolean();
    private final ReentrantLock lock = new ReentrantLock();
    private volatile ScheduledFuture<?> timeout;

    protected DelayedOperation(long delayMs) {
        this.delayMs = Math.max(0, delayMs);
    }

    public long delayMs() {
        return delayMs;
    }

    /**
     * Checks whether the operation can complete now; if so, calls {@link #forceComplete()} and returns
     * its result. Called with the operation's lock held.
     */
    protected abstract boolean tryComplete();

    /** Sends the answer. Runs exactly once. */
    protected abstract void onComplete();

    /** Called before {@link #onComplete()} when the timeout ran out. */
    protected void onExpiration() {
    }

    /** Completes the operation if nobody has; true only for the caller that did. */
    public final boolean forceComplete() {
        if (completed.compareAndSet(false, true)) {
            ScheduledFuture<?> scheduled = timeout;
            if (scheduled != null) {
                scheduled.cancel(false);
            }
            onComplete();
            return true;
        }
        return false;
    }

    public final boolean isCompleted() {
        return completed.get();
    }

    /** tryComplete under the lock; skips the check when another thread is already checking. */
    final boolean safeTryComplete() {
        if (isCompleted()) {
            return false;
        }
        lock.lock();
        try {
            return !isCompleted() && tryComplete();
        } finally {
            lock.unlock();
        }
    }

    final void expire() {
        if (completed.compareAndSet(false, true)) {
            onExpiration();
            onComplete();
        }
    }

    final void setTimeout(ScheduledFuture<?> scheduled) {
        this.timeout = scheduled;
        if (isCompleted()) {
            scheduled.cancel(false);
        }
    }
}
