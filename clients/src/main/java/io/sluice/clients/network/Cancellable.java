package io.sluice.clients.network;

/** A handle to a task scheduled with {@link NetworkClient#schedule}. */
@FunctionalInterface
public interface Cancellable {

    /** Stops the task from running if it has not started yet; safe to call from any thread, any number of times. */
    void cancel();
}
