package io.sluice.server.group;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A {@link GroupTimer} whose clock moves only when a test says so: scheduled tasks run in due order on
 * the test's thread during {@link #advance}, and work handed to {@link #execute} (possibly from other
 * threads) runs at the next {@link #runPending} or {@link #advance}.
 */
final class ManualGroupTimer implements GroupTimer {

    private static final class Task {
        final long due;
        final long sequence;
        final Runnable action;
        volatile boolean cancelled;

        Task(long due, long sequence, Runnable action) {
            this.due = due;
            this.sequence = sequence;
            this.action = action;
        }
    }

    private final PriorityQueue<Task> tasks = new PriorityQueue<>((a, b) ->
            a.due != b.due ? Long.compare(a.due, b.due) : Long.compare(a.sequence, b.sequence));
    private final ConcurrentLinkedQueue<Runnable> ready = new ConcurrentLinkedQueue<>();
    private long now = 1_000_000L;
    private long sequence;

    @Override
    public synchronized long nowMs() {
        return now;
    }

    @Override
    public synchronized Scheduled schedule(long delayMs, Runnable task) {
        Task t = new Task(now + Math.max(0, delayMs), sequence++, task);
        tasks.add(t);
        return () -> t.cancelled = true;
    }

    @Override
    public void execute(Runnable task) {
        ready.add(task);
    }

    /** Runs handed-over work and tasks already due. */
    void runPending() {
        advance(0);
    }

    /** Moves the clock {@code ms} forward, running every task that falls due, in order. */
    void advance(long ms) {
        long target;
        synchronized (this) {
            target = now + ms;
        }
        while (true) {
            runReady();
            Task next;
            synchronized (this) {
                next = tasks.peek();
                if (next == null || next.due > target) {
                    now = target;
                    break;
                }
                tasks.poll();
                now = Math.max(now, next.due);
            }
            if (!next.cancelled) {
                next.action.run();
            }
        }
        runReady();
    }

    private void runReady() {
        Runnable r;
        while ((r = ready.poll()) != null) {
            r.run();
        }
    }

    /** Live (not cancelled) scheduled tasks, for checks that nothing is left armed. */
    synchronized List<Long> pendingDueTimes() {
        List<Long> due = new ArrayList<>();
        for (Task t : tasks) {
            if (!t.cancelled) {
                due.add(t.due);
            }
        }
        return due;
    }
}
