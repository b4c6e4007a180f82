package io.sluice.server.purgatory;

import java.util.Collection;
import java.util.Iterator;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where delayed operations wait, watched under keys (a topic partition, say). Whoever changes what a
 * key stands for (an append, a high-watermark move) calls {@link #checkAndComplete(Object)}, which
 * retries the operations watching that key. A single timer thread expires the rest.
 *
 * <p>Thread-safe. Completed operations are dropped from a key's watch list when that key is next
 * checked, and by a purge when too many accumulate, so an idle key cannot hold memory forever.
 */
public final class DelayedOperationPurgatory<T extends DelayedOperation> implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DelayedOperationPurgatory.class);

    private final String name;
    private final int purgeInterval;
    private final Map<Object, Queue<T>> watchers = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer;
    private final AtomicInteger watchedSinceLastPurge = new AtomicInteger();
    /** Set by {@link #expireAll()}: from then on nothing waits, every operation is answered at once. */
    private volatile boolean expiring;

    public DelayedOperationPurgatory(String name, int purgeInterval) {
        this.name = name;
        this.purgeInterval = purgeInterval;
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "purgatory-" + name);
            thread.setDaemon(true);
            return thread;
        });
        // Cancelled timeouts (the usual case: the operation completed early) must not linger in the queue.
        executor.setRemoveOnCancelPolicy(true);
        this.timer = Executors.unconfigurableScheduledExecutorService(executor);
    }

    /**
     * Completes the operation at once if it can; otherwise watches it under every key and starts its
     * timer. Returns true when it completed here (the caller need not wait for it).
     */
    public boolean tryCompleteElseWatch(T operation, Collection<?> keys) {
        if (operation.safeTryComplete()) {
            return true;
        }
        if (expiring) {
            operation.expire();
            return true;
        }
        for (Object key : keys) {
            if (operation.isCompleted()) {
                return false;
            }
            watchers.computeIfAbsent(key, k -> new ConcurrentLinkedQueue<>()).add(operation);
        }
        // Something may have changed between the first check and the watch: check once more.
        if (operation.safeTryComplete()) {
            return true;
        }
        if (!operation.isCompleted()) {
            operation.setTimeout(timer.schedule(operation::expire, operation.delayMs(), TimeUnit.MILLISECONDS));
        }
        if (watchedSinceLastPurge.incrementAndGet() >= purgeInterval) {
            watchedSinceLastPurge.set(0);
            purgeCompleted();
        }
        return false;
    }

    /** Retries the operations watching {@code key}; returns how many completed. */
    public int checkAndComplete(Object key) {
        Queue<T> queue = watchers.get(key);
        if (queue == null) {
            return 0;
        }
        int completed = 0;
        for (Iterator<T> it = queue.iterator(); it.hasNext(); ) {
            T operation = it.next();
            if (operation.isCompleted()) {
                it.remove();
            } else if (operation.safeTryComplete()) {
                it.remove();
                completed++;
            }
        }
        if (queue.isEmpty()) {
            watchers.remove(key, queue);
        }
        return completed;
    }

    /** Operations watched under a key and not yet completed (an estimate while others change it). */
    public int watched(Object key) {
        Queue<T> queue = watchers.get(key);
        if (queue == null) {
            return 0;
        }
        int count = 0;
        for (T operation : queue) {
            if (!operation.isCompleted()) {
                count++;
            }
        }
        return count;
    }

    public int keys() {
        return watchers.size();
    }

    private void purgeCompleted() {
        int purged = 0;
        for (Map.Entry<Object, Queue<T>> entry : watchers.entrySet()) {
            Queue<T> queue = entry.getValue();
            int before = queue.size();
            queue.removeIf(DelayedOperation::isCompleted);
            purged += before - queue.size();
            if (queue.isEmpty()) {
                watchers.remove(entry.getKey(), queue);
            }
        }
        if (purged > 0) {
            log.debug("Purgatory {} purged {} completed operations", name, purged);
        }
    }

    /**
     * Answers every waiting operation now, as if its time had run out, and every later one at once:
     * the first step of a broker shutdown, so that parked fetches and produces are answered and their
     * connections can drain instead of waiting out max_wait_ms.
     */
    public void expireAll() {
        expiring = true;
        for (Queue<T> queue : watchers.values()) {
            for (T operation : queue) {
                operation.expire();
            }
        }
        watchers.clear();
    }

    /** Stops the timer and forgets waiting operations; the broker closes their connections as it shuts down. */
    @Override
    public void close() {
        timer.shutdownNow();
        watchers.clear();
    }
}
