package io.sluice.server.group;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The wall-clock {@link GroupTimer}: one daemon thread, {@code group-coordinator}, with cancelled tasks
 * removed at once (heartbeats cancel and re-arm a member's session timer every few seconds). A task that
 * throws is logged and does not stop the thread.
 *
 * <p>Thread-safe.
 */
public final class SystemGroupTimer implements GroupTimer, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SystemGroupTimer.class);

    private final ScheduledThreadPoolExecutor executor;

    public SystemGroupTimer() {
        executor = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "group-coordinator");
            thread.setDaemon(true);
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true);
    }

    @Override
    public long nowMs() {
        return System.currentTimeMillis();
    }

    @Override
    public Scheduled schedule(long delayMs, Runnable task) {
        try {
            ScheduledFuture<?> future = executor.schedule(guarded(task), Math.max(0, delayMs), TimeUnit.MILLISECONDS);
            return () -> future.cancel(false);
        } catch (RejectedExecutionException e) {
            return () -> { }; // shutting down: nothing is answered any more
        }
    }

    @Override
    public void execute(Runnable task) {
        try {
            executor.execute(guarded(task));
        } catch (RejectedExecutionException e) {
            log.debug("Group coordinator stopped; dropping a task");
        }
    }

    private static Runnable guarded(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                log.error("Group coordinator task failed", e);
            }
        };
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
