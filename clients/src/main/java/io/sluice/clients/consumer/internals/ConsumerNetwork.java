package io.sluice.clients.consumer.internals;

import io.sluice.clients.common.InterruptException;
import io.sluice.clients.common.Node;
import io.sluice.clients.common.TimeoutException;
import io.sluice.clients.consumer.WakeupException;
import io.sluice.clients.metadata.Metadata;
import io.sluice.clients.network.ClientRequest;
import io.sluice.clients.network.ClientResponse;
import io.sluice.clients.network.NetworkClient;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * The consumer's view of the shared {@link NetworkClient}: every response (and metadata update)
 * bumps an activity counter and wakes the application thread, which handles responses itself.
 * That keeps all consumer state on the polling thread: the network thread only completes futures.
 *
 * <p>Waiting without missing a signal: read {@link #activity()} first, then inspect state, then
 * {@link #await(long, long) await(seen, ms)}, which returns at once if anything happened since.
 * {@link #wakeup()} makes the current or next wait throw {@link WakeupException}.
 * Thread-safe.
 */
public final class ConsumerNetwork {

    private final NetworkClient client;
    private final Metadata metadata;
    private final Object monitor = new Object();
    private long activity;
    private volatile boolean wakeupRequested;

    public ConsumerNetwork(NetworkClient client, Metadata metadata) {
        this.client = client;
        this.metadata = metadata;
        metadata.addListener(cluster -> signal());
    }

    public NetworkClient client() {
        return client;
    }

    public Metadata metadata() {
        return metadata;
    }

    public CompletableFuture<ClientResponse> send(Node node, ClientRequest request) {
        CompletableFuture<ClientResponse> f = client.send(node, request);
        f.whenComplete((r, e) -> signal());
        return f;
    }

    public void signal() {
        synchronized (monitor) {
            activity++;
            monitor.notifyAll();
        }
    }

    public long activity() {
        synchronized (monitor) {
            return activity;
        }
    }

    /** Waits up to {@code maxWaitMs} for activity after {@code seen}; throws WakeupException when woken. */
    public void await(long seen, long maxWaitMs) {
        maybeTriggerWakeup();
        long deadline = System.nanoTime() + Math.max(0, maxWaitMs) * 1_000_000L;
        synchronized (monitor) {
            while (activity == seen && !wakeupRequested) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                try {
                    monitor.wait(Math.max(1, left / 1_000_000L));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptException(e);
                }
            }
        }
        maybeTriggerWakeup();
    }

    /** Blocks until {@code f} completes or the deadline passes (TimeoutException); honours wakeup. */
    public <T> T get(CompletableFuture<T> f, long deadlineNanos, String what) {
        while (!f.isDone()) {
            long seen = activity();
            if (f.isDone()) {
                break;
            }
            long leftMs = (deadlineNanos - System.nanoTime()) / 1_000_000L;
            if (leftMs <= 0) {
                throw new TimeoutException("Timed out waiting for " + what);
            }
            await(seen, leftMs);
        }
        try {
            return f.get();
        } catch (ExecutionException | CompletionException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new CompletionException(cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptException(e);
        }
    }

    public void wakeup() {
        wakeupRequested = true;
        signal();
    }

    /** Forgets a pending wakeup (close() must finish its group requests regardless). */
    public void clearWakeup() {
        wakeupRequested = false;
    }

    public void maybeTriggerWakeup() {
        if (wakeupRequested) {
            wakeupRequested = false;
            throw new WakeupException();
        }
    }
}
