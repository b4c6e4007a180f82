package io.sluice.clients.network;

import io.sluice.clients.common.Node;
import io.sluice.clients.common.SluiceException;
import io.sluice.clients.common.TimeoutException;
import io.sluice.protocol.ApiKeys;
import io.sluice.protocol.Struct;
import java.io.IOException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connections to brokers and the requests on them, driven by ONE I/O thread over a java.nio
 * {@link Selector}.
 *
 * <pre>{@code
 * try (NetworkClient client = new NetworkClient(NetworkClientOptions.from(config, clientId, 5))) {
 *     Node node = Node.bootstrap(0, config.bootstrapServers().get(0));
 *     Struct body = Messages.request(ApiKeys.METADATA).newStruct().set("topics", null);
 *     ClientResponse response = client.send(node, ClientRequest.of(ApiKeys.METADATA, body).versions(1, 12)).get();
 * }
 * }</pre>
 *
 * <h2>What it does per node</h2>
 * <ul>
 *   <li>Connects on the first request for a node (nodes are keyed by {@link Node#id()}; bootstrap
 *       addresses have negative ids), then sends ApiVersions (v4, falling back to the version the
 *       broker names on UNSUPPORTED_VERSION) and keeps the broker's ranges ({@link #apiVersions}).
 *       Requests queue until then; each is sent at the highest version within its
 *       {@link ClientRequest} range that both sides support, or fails with
 *       {@link io.sluice.clients.common.UnsupportedVersionException}.</li>
 *   <li>Keeps up to {@code max.in.flight.requests.per.connection} requests written and unanswered;
 *       more wait in submission order. Requests to one node are written in submission order and
 *       responses are matched to them by correlation id, in order (a mismatch closes the connection).</li>
 *   <li>A request fails with {@link TimeoutException} if it is not answered within its timeout
 *       ({@code request.timeout.ms} from the moment it is written; the same bound applies while it
 *       waits for the connection). An unanswered request that times out closes the connection,
 *       since later responses on it could no longer be trusted.</li>
 *   <li>A connection that fails (refused, reset, setup longer than
 *       {@code socket.connection.setup.timeout.ms}) fails every request queued or in flight on it
 *       with {@link io.sluice.clients.common.NetworkException}; the node is then in reconnect backoff
 *       ({@code reconnect.backoff.ms}, doubling per consecutive failure up to
 *       {@code reconnect.backoff.max.ms}, +-20% jitter). Requests sent during the backoff wait for it
 *       to end and then for the next attempt. Nothing is retried here: retry policy is the caller's.</li>
 *   <li>Connections with nothing in flight for {@code connections.max.idle.ms} are closed.</li>
 * </ul>
 *
 * <h2>Threading</h2>
 * Every public method is thread-safe. {@link #send} and {@link #schedule} only enqueue work for the
 * I/O thread and wake it. <b>Futures are completed, and scheduled tasks run, on the I/O thread</b>:
 * code chained to them with {@code thenAccept}/{@code whenComplete} (non-async) runs there too, so it
 * must be short and must never block (no {@code get()}, no locks held by threads waiting on this
 * client); hand longer work to another executor with the {@code *Async} variants. Calling
 * {@link #send} from such a callback is fine (it is queued for the next loop turn).
 *
 * <h2>Memory</h2>
 * A request is serialized into one buffer for the header and small fields; record fields of 4 KiB or
 * more stay separate buffers that are written to the socket as they are (a gathering write), never
 * copied. Each response is read into one heap buffer of its exact size, and the body's bytes and
 * records fields are slices of it.
 */
public final class NetworkClient implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(NetworkClient.class);

    private final NetworkClientOptions options;
    private final Selector selector;
    private final Thread ioThread;
    private final ConcurrentLinkedQueue<PendingRequest> newRequests = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Runnable> commands = new ConcurrentLinkedQueue<>();
    /** Written by the I/O thread only; read by any thread (for {@link #isReady} etc.). */
    private final ConcurrentHashMap<Integer, Connection> connections = new ConcurrentHashMap<>();
    private final PriorityQueue<ScheduledTask> timers = new PriorityQueue<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicLong taskSequence = new AtomicLong();
    private volatile boolean running = true;
    private volatile boolean selecting;
    private int nextCorrelationId;

    public NetworkClient(NetworkClientOptions options) {
        this.options = options;
        try {
            this.selector = Selector.open();
        } catch (IOException e) {
            throw new SluiceException("Cannot open a selector", e);
        }
        this.ioThread = new Thread(this::run, "sluice-network-" + options.clientId());
        this.ioThread.setDaemon(true);
        this.ioThread.start();
    }

    public NetworkClientOptions options() {
        return options;
    }

    /**
     * Sends {@code request} to {@code node}. The future completes on the I/O thread with the response,
     * or exceptionally with {@link TimeoutException}, {@link io.sluice.clients.common.NetworkException},
     * {@link io.sluice.clients.common.UnsupportedVersionException} or {@link SluiceException} (closed).
     * Error codes inside the body are not looked at: that is the caller's business.
     */
    public CompletableFuture<ClientResponse> send(Node node, ClientRequest request) {
        PendingRequest pending = new PendingRequest(node, request, new CompletableFuture<>(), options);
        if (!running) {
            pending.future.completeExceptionally(new SluiceException("The network client is closed"));
            return pending.future;
        }
        newRequests.offer(pending);
        wakeup();
        return pending.future;
    }

    /** {@link #send(Node, ClientRequest)} over every version this code defines, completing with the body. */
    public CompletableFuture<Struct> send(Node node, ApiKeys api, Struct body) {
        return send(node, ClientRequest.of(api, body)).thenApply(ClientResponse::body);
    }

    /** Runs {@code task} on the I/O thread after {@code delayMs}. Tasks must be short and must not block. */
    public Cancellable schedule(long delayMs, Runnable task) {
        ScheduledTask scheduled = new ScheduledTask(System.nanoTime() + Math.max(0, delayMs) * 1_000_000L,
                taskSequence.incrementAndGet(), task);
        execute(() -> timers.add(scheduled));
        return scheduled;
    }

    /** Runs {@code task} on the I/O thread as soon as possible. Dropped if the client is closed. */
    public void execute(Runnable task) {
        commands.offer(task);
        wakeup();
    }

    /** True when called from this client's I/O thread. */
    public boolean isIoThread() {
        return Thread.currentThread() == ioThread;
    }

    /** Closes the connection to {@code nodeId} (failing what is on it with a NetworkException), if any. */
    public void disconnect(int nodeId) {
        execute(() -> {
            Connection connection = connections.get(nodeId);
            if (connection != null && connection.state() != Connection.State.DISCONNECTED) {
                connection.close(new io.sluice.clients.common.NetworkException("Disconnected from " + connection.node()
                        + " on request"), false);
            }
        });
    }

    /** True when a connection to {@code nodeId} is established and its versions are known. */
    public boolean isReady(int nodeId) {
        Connection connection = connections.get(nodeId);
        return connection != null && connection.state() == Connection.State.READY;
    }

    /** The ranges {@code nodeId} advertised on its current or last connection, or null if never connected. */
    public NodeApiVersions apiVersions(int nodeId) {
        Connection connection = connections.get(nodeId);
        return connection == null ? null : connection.apiVersions();
    }

    /** Requests to {@code nodeId} written or queued and not yet completed. */
    public int pendingRequests(int nodeId) {
        Connection connection = connections.get(nodeId);
        return connection == null ? 0 : connection.pendingCount();
    }

    /** True while {@code nodeId} is waiting out its reconnect backoff after a failure. */
    public boolean isBackingOff(int nodeId) {
        Connection connection = connections.get(nodeId);
        return connection != null && connection.isBackingOff(System.nanoTime());
    }

    /** The last connection failure to {@code nodeId}, or null after a success. */
    public Throwable lastConnectionError(int nodeId) {
        Connection connection = connections.get(nodeId);
        return connection == null ? null : connection.lastError();
    }

    /**
     * The node to send a request to that can go to any broker (Metadata, InitProducerId): a ready node
     * with the fewest pending requests, else one being connected, else one not backing off (in the
     * given order), else null.
     */
    public Node leastLoadedNode(Collection<Node> nodes) {
        Node best = null;
        int bestLoad = Integer.MAX_VALUE;
        Node connecting = null;
        Node idle = null;
        long now = System.nanoTime();
        for (Node node : nodes) {
            Connection connection = connections.get(node.id());
            if (connection == null) {
                if (idle == null) {
                    idle = node;
                }
            } else if (connection.state() == Connection.State.READY) {
                int load = connection.pendingCount();
                if (load < bestLoad) {
                    best = node;
                    bestLoad = load;
                }
            } else if (connection.state() != Connection.State.DISCONNECTED) {
                if (connecting == null) {
                    connecting = node;
                }
            } else if (!connection.isBackingOff(now) && idle == null) {
                idle = node;
            }
        }
        return best != null ? best : connecting != null ? connecting : idle;
    }

    /**
     * Stops the I/O thread and closes every connection. Requests not yet completed fail with
     * {@link SluiceException} ("closed"). Waits up to 10 s for the thread; idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        running = false;
        selector.wakeup();
        if (!isIoThread()) {
            try {
                ioThread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        failNewRequests();
    }

    private void wakeup() {
        if (selecting && !isIoThread()) {
            selector.wakeup();
        }
    }

    // ---------------------------------------------------------------- I/O thread

    private void run() {
        try {
            while (running) {
                runOnce();
            }
        } catch (ClosedSelectorException e) {
            // closing
        } catch (Throwable t) {
            log.error("Network I/O thread of {} died", options.clientId(), t);
        } finally {
            shutdown();
        }
    }

    private void runOnce() throws IOException {
        drainCommands();
        long now = System.nanoTime();
        long sleepMs = maintain(now);
        runDueTimers(now);
        if (!timers.isEmpty()) {
            sleepMs = Math.min(sleepMs, Math.max(0, (timers.peek().dueNanos - now) / 1_000_000L));
        }
        selecting = true;
        int ready;
        if (!newRequests.isEmpty() || !commands.isEmpty() || sleepMs <= 0) {
            ready = selector.selectNow();
        } else {
            ready = selector.select(Math.max(1, sleepMs));
        }
        selecting = false;
        if (ready > 0) {
            var keys = selector.selectedKeys();
            for (SelectionKey key : keys) {
                Connection connection = (Connection) key.attachment();
                connection.onSelected(key, System.nanoTime());
            }
            keys.clear();
        }
    }

    private void drainCommands() {
        PendingRequest request;
        while ((request = newRequests.poll()) != null) {
            connectionFor(request.node).submit(request, System.nanoTime());
        }
        Runnable command;
        while ((command = commands.poll()) != null) {
            runSafely(command);
        }
    }

    private Connection connectionFor(Node node) {
        Connection connection = connections.get(node.id());
        if (connection == null) {
            connection = new Connection(this, node, options, selector);
            connections.put(node.id(), connection);
        } else {
            connection.updateAddress(node);
        }
        return connection;
    }

    /** Timeouts, idle connections and reconnects; returns how long the loop may sleep. */
    private long maintain(long now) {
        long sleepMs = 1_000;
        for (Connection connection : connections.values()) {
            sleepMs = Math.min(sleepMs, connection.maintain(now));
        }
        return sleepMs;
    }

    private void runDueTimers(long now) {
        while (!timers.isEmpty() && timers.peek().dueNanos <= now) {
            ScheduledTask task = timers.poll();
            if (!task.cancelled) {
                runSafely(task.task);
            }
        }
    }

    private void runSafely(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            log.error("Task on the network thread of {} failed", options.clientId(), e);
        }
    }

    int nextCorrelationId() {
        int id = nextCorrelationId;
        nextCorrelationId = id == Integer.MAX_VALUE ? 0 : id + 1;
        return id;
    }

    private void shutdown() {
        running = false;
        SluiceException closedError = new SluiceException("The network client is closed");
        List<Connection> all = new ArrayList<>(connections.values());
        for (Connection connection : all) {
            connection.close(closedError, false);
        }
        failNewRequests();
        commands.clear();
        timers.clear();
        try {
            selector.close();
        } catch (IOException e) {
            log.debug("Closing selector", e);
        }
    }

    private void failNewRequests() {
        PendingRequest request;
        while ((request = newRequests.poll()) != null) {
            request.future.completeExceptionally(new SluiceException("The network client is closed"));
        }
    }

    private static final class ScheduledTask implements Comparable<ScheduledTask>, Cancellable {
        final long dueNanos;
        final long sequence;
        final Runnable task;
        volatile boolean cancelled;

        ScheduledTask(long dueNanos, long sequence, Runnable task) {
            this.dueNanos = dueNanos;
            this.sequence = sequence;
            this.task = task;
        }

        @Override
        public void cancel() {
            cancelled = true;
        }

        @Override
        public int compareTo(ScheduledTask o) {
            int byTime = Long.compare(dueNanos - o.dueNanos, 0);
            return byTime != 0 ? byTime : Long.compare(sequence, o.sequence);
        }
    }
}
