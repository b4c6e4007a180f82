package io.sluice.server.group;

import java.util.concurrent.Executor;

/**
 * The clock and the timers of the group coordinator: held JoinGroup replies (rebalance timeout, initial
 * rebalance delay), pending SyncGroups, member session timeouts. One timer thread serves every group;
 * there is no thread per member. {@link #execute} also runs work that must leave the thread it was started
 * on (the answer of a replicated {@code __consumer_offsets} write, see {@link OffsetManager}).
 *
 * <p>{@link SystemGroupTimer} is the broker's; tests drive a manual one to control time.
 *
 * <p>Implementations are thread-safe.
 */
public interface GroupTimer extends Executor {

    /** A scheduled task; cancelling a task that already ran does nothing. */
    interface Scheduled {
        void cancel();
    }

    /** Milliseconds since the epoch, as this timer counts them. */
    long nowMs();

    /** Runs {@code task} once, {@code delayMs} from now, on the timer's thread. */
    Scheduled schedule(long delayMs, Runnable task);

    /** Runs {@code task} soon on the timer's thread. */
    @Override
    void execute(Runnable task);
}
