package io.sluice.clients.network;

import io.sluice.clients.common.NetworkException;
import io.sluice.clients.common.Node;
import io.sluice.clients.common.SluiceException;
import io.sluice.clients.common.TimeoutException;
import io.sluice.common.Send;
import io.sluice.protocol.ApiKeys;
import io.sluice.protocol.Errors;
import io.sluice.protocol.Frames;
import io.sluice.protocol.MalformedMessageException;
import io.sluice.protocol.Messages;
import io.sluice.protocol.RequestHeader;
import io.sluice.protocol.Struct;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.channels.UnresolvedAddressException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connection to one node and the requests for it. Only the I/O thread calls the methods; the
 * volatile fields are there so that other threads can read the state for {@link NetworkClient#isReady}
 * and friends.
 *
 * <pre>
 * DISCONNECTED --request, backoff over--> CONNECTING --TCP up--> NEGOTIATING --ApiVersions ok--> READY
 *      ^                                       |                      |                          |
 *      +--------- failure / timeout / idle / disconnect(), failing every request on it -----------+
 * </pre>
 *
 * Queues: {@code waiting} (submitted, not yet serialized: the version is chosen only in READY, and
 * at most {@code maxInFlight} are serialized at once), {@code writing} (serialized, bytes not all
 * written yet), {@code awaiting} (serialized and expecting a response, in write order, which is
 * the order the broker answers in).
 */
final class Connection {

    enum State { DISCONNECTED, CONNECTING, NEGOTIATING, READY }

    private static final Logger log = LoggerFactory.getLogger(Connection.class);
    /** How often outstanding requests are checked for timeouts (the I/O loop's longest sleep then). */
    static final long CHECK_MS = 20;
    private static final short API_VERSIONS_FIRST_TRY = Messages.request(ApiKeys.API_VERSIONS).highestVersion();

    private final NetworkClient client;
    private final NetworkClientOptions options;
    private final Selector selector;
    private volatile Node node;
    private volatile State state = State.DISCONNECTED;
    private volatile NodeApiVersions apiVersions;
    private volatile int pendingCount;
    private volatile long backoffUntilNanos;
    private volatile Throwable lastError;
    private int failures;

    private SocketChannel channel;
    private SelectionKey key;
    private long setupDeadlineNanos;
    private long lastActivityNanos;
    private final ArrayDeque<PendingRequest> waiting = new ArrayDeque<>();
    private final ArrayDeque<PendingRequest> writing = new ArrayDeque<>();
    private final ArrayDeque<PendingRequest> awaiting = new ArrayDeque<>();
    private int inFlight;
    private final ByteBuffer sizeBuffer = ByteBuffer.allocate(4);
    private ByteBuffer payload;

    Connection(NetworkClient client, Node node, NetworkClientOptions options, Selector selector) {
        this.client = client;
        this.node = node;
        this.options = options;
        this.selector = selector;
    }

    State state() {
        return state;
    }

    Node node() {
        return node;
    }

    NodeApiVersions apiVersions() {
        return apiVersions;
    }

    int pendingCount() {
        return pendingCount;
    }

    Throwable lastError() {
        return lastError;
    }

    boolean isBackingOff(long now) {
        return state == State.DISCONNECTED && now - backoffUntilNanos < 0;
    }

    /** A broker may come back on another address (a restart); only used for the next connect. */
    void updateAddress(Node latest) {
        if (!latest.equals(node)) {
            node = latest;
        }
    }

    void submit(PendingRequest request, long now) {
        request.deadlineNanos = now + request.timeoutNanos;
        waiting.add(request);
        updateCount();
        if (state == State.READY) {
            pump(now);
        } else if (state == State.DISCONNECTED && !isBackingOff(now)) {
            connect(now);
        }
    }

    // ------------------------------------------------------------ connecting

    private void connect(long now) {
        lastActivityNanos = now;
        setupDeadlineNanos = now + options.connectionSetupTimeoutMs() * 1_000_000L;
        state = State.CONNECTING;
        Node target = node;
        try {
            channel = SocketChannel.open();
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            channel.setOption(StandardSocketOptions.SO_KEEPALIVE, true);
            if (options.sendBufferBytes() > 0) {
                channel.setOption(StandardSocketOptions.SO_SNDBUF, options.sendBufferBytes());
            }
            if (options.receiveBufferBytes() > 0) {
                channel.setOption(StandardSocketOptions.SO_RCVBUF, options.receiveBufferBytes());
            }
            InetSocketAddress address = new InetSocketAddress(target.host(), target.port());
            if (address.isUnresolved()) {
                throw new IOException("cannot resolve host " + target.host());
            }
            boolean connected = channel.connect(address);
            key = channel.register(selector, connected ? SelectionKey.OP_READ : SelectionKey.OP_CONNECT, this);
            log.debug("Connecting to {}", target);
            if (connected) {
                onConnected(now);
            }
        } catch (IOException | UnresolvedAddressException | SecurityException e) {
            close(new NetworkException("Cannot connect to " + target + ": " + e.getMessage(), e), true);
        }
    }

    private void onConnected(long now) {
        state = State.NEGOTIATING;
        sendApiVersions(API_VERSIONS_FIRST_TRY, now);
    }

    private void sendApiVersions(short version, long now) {
        Struct body = Messages.request(ApiKeys.API_VERSIONS).newStruct()
                .set("client_software_name", "sluice-java")
                .set("client_software_version", "0.1.0");
        PendingRequest request = new PendingRequest(node, ClientRequest.of(ApiKeys.API_VERSIONS, body).versions(version, version),
                new java.util.concurrent.CompletableFuture<>(), options);
        request.future.whenComplete((response, error) -> {
            if (error == null) {
                onApiVersions(response, System.nanoTime());
            }
        });
        frame(request, version, body, now);
        request.deadlineNanos = setupDeadlineNanos;
        write(now);
    }

    private void onApiVersions(ClientResponse response, long now) {
        Struct body = response.body();
        Errors error = Errors.forCode(body.getShort("error_code"));
        if (error == Errors.UNSUPPORTED_VERSION) {
            NodeApiVersions ranges = new NodeApiVersions(body);
            short retry = (short) Math.min(API_VERSIONS_FIRST_TRY, Math.max(0, ranges.brokerMax(ApiKeys.API_VERSIONS)));
            if (response.apiVersion() > retry) {
                log.debug("{} does not support ApiVersions v{}; retrying with v{}", node, response.apiVersion(), retry);
                sendApiVersions(retry, now);
                return;
            }
        }
        if (error != Errors.NONE) {
            close(new NetworkException("ApiVersions to " + node + " failed: " + error), true);
            return;
        }
        apiVersions = new NodeApiVersions(body);
        failures = 0;
        lastError = null;
        state = State.READY;
        log.debug("Connected to {} with {}", node, apiVersions);
        pump(now);
    }

    // ------------------------------------------------------------ requests

    /** Serializes waiting requests while there is room in flight, then writes. */
    private void pump(long now) {
        while (state == State.READY && inFlight < options.maxInFlightPerConnection() && !waiting.isEmpty()) {
            PendingRequest request = waiting.poll();
            try {
                short version = apiVersions.choose(request.request.api(), request.request.minVersion(), request.request.maxVersion());
                frame(request, version, request.request.buildBody(version), now);
            } catch (RuntimeException e) {
                request.future.completeExceptionally(e instanceof SluiceException ? e : new SluiceException("Cannot send " + request.request + " to " + node + ": " + e, e));
            }
        }
        updateCount();
        write(now);
    }

    private void frame(PendingRequest request, short version, Struct body, long now) {
        request.version = version;
        request.correlationId = client.nextCorrelationId();
        RequestHeader header = new RequestHeader(request.request.api().id(), version, request.correlationId, options.clientId());
        Send send = Frames.request(header, body);
        List<Object> parts = send.parts();
        ByteBuffer[] frame = new ByteBuffer[parts.size() + 1];
        frame[0] = ByteBuffer.allocate(4).putInt(0, (int) send.sizeInBytes());
        for (int i = 0; i < parts.size(); i++) {
            frame[i + 1] = (ByteBuffer) parts.get(i);
        }
        request.frame = frame;
        request.deadlineNanos = now + request.timeoutNanos;
        inFlight++;
        writing.add(request);
        if (request.request.expectResponse()) {
            awaiting.add(request);
        }
    }

    private void write(long now) {
        if (channel == null || state == State.DISCONNECTED || state == State.CONNECTING) {
            return;
        }
        try {
            while (!writing.isEmpty()) {
                PendingRequest request = writing.peek();
                channel.write(request.frame, request.frameIndex, request.frame.length - request.frameIndex);
                if (!request.advanceWritten()) {
                    break;
                }
                writing.poll();
                lastActivityNanos = now;
                if (!request.request.expectResponse()) {
                    inFlight--;
                    updateCount();
                    request.future.complete(new ClientResponse(node, request.request.api(), request.version, null));
                }
            }
        } catch (IOException e) {
            close(new NetworkException("Connection to " + node + " failed while writing: " + e.getMessage(), e), true);
            return;
        }
        if (key.isValid()) {
            key.interestOps(writing.isEmpty() ? SelectionKey.OP_READ : SelectionKey.OP_READ | SelectionKey.OP_WRITE);
        }
        if (state == State.READY && !waiting.isEmpty() && inFlight < options.maxInFlightPerConnection()) {
            // A no-response request freed its slot.
            pump(now);
        }
    }

    void onSelected(SelectionKey selected, long now) {
        if (selected != key || !selected.isValid()) {
            return;
        }
        try {
            if (selected.isConnectable()) {
                if (channel.finishConnect()) {
                    selected.interestOps(SelectionKey.OP_READ);
                    onConnected(now);
                } else {
                    return;
                }
            }
            if (selected.isValid() && selected.isReadable()) {
                read(now);
            }
            if (selected.isValid() && key == selected && selected.isWritable()) {
                write(now);
            }
        } catch (IOException e) {
            close(new NetworkException("Connection to " + node + " failed: " + e.getMessage(), e), true);
        }
    }

    private void read(long now) throws IOException {
        while (key != null && key.isValid()) {
            if (payload == null) {
                int n = channel.read(sizeBuffer);
                if (n < 0) {
                    close(new NetworkException("Connection to " + node + " was closed by the broker"), true);
                    return;
                }
                if (sizeBuffer.hasRemaining()) {
                    return;
                }
                int size = sizeBuffer.getInt(0);
                sizeBuffer.clear();
                if (size < 4 || size > options.maxResponseBytes()) {
                    close(new NetworkException("Invalid response size " + size + " from " + node), true);
                    return;
                }
                payload = ByteBuffer.allocate(size);
            }
            int n = channel.read(payload);
            if (n < 0) {
                close(new NetworkException("Connection to " + node + " was closed by the broker"), true);
                return;
            }
            if (payload.hasRemaining()) {
                return;
            }
            ByteBuffer frame = payload.flip();
            payload = null;
            lastActivityNanos = now;
            onResponse(frame, now);
        }
    }

    private void onResponse(ByteBuffer frame, long now) {
        PendingRequest request = awaiting.poll();
        int correlationId = frame.getInt(0);
        if (request == null || request.correlationId != correlationId) {
            if (request != null) {
                awaiting.addFirst(request);
            }
            close(new NetworkException("Correlation id mismatch from " + node + ": got " + correlationId + ", expected "
                    + (request == null ? "none" : request.correlationId)), true);
            return;
        }
        if (writing.contains(request)) {
            // Cannot happen with an ordered broker: it answered before the request was fully written.
            awaiting.addFirst(request);
            close(new NetworkException("Response from " + node + " before its request was written"), true);
            return;
        }
        inFlight--;
        updateCount();
        ApiKeys api = request.request.api();
        Struct body;
        try {
            short version = request.version;
            if (api == ApiKeys.API_VERSIONS && frame.getShort(4) == Errors.UNSUPPORTED_VERSION.code()) {
                // The broker answers an ApiVersions version it does not know with a v0 body.
                version = 0;
            }
            body = Frames.readResponse(frame, api, version);
        } catch (MalformedMessageException | IllegalArgumentException e) {
            request.future.completeExceptionally(new SluiceException("Malformed response to " + request + ": " + e.getMessage(), e));
            pump(now);
            return;
        }
        request.future.complete(new ClientResponse(node, api, request.version, body));
        if (state == State.READY) {
            pump(now);
        }
    }

    // ------------------------------------------------------------ timers

    /** Checks timeouts, idleness and reconnects; returns how long the I/O loop may sleep for this connection. */
    long maintain(long now) {
        switch (state) {
            case DISCONNECTED -> {
                expireWaiting(now);
                if (!waiting.isEmpty()) {
                    long untilBackoffEnds = backoffUntilNanos - now;
                    if (untilBackoffEnds <= 0) {
                        connect(now);
                    } else {
                        return Math.max(1, untilBackoffEnds / 1_000_000L);
                    }
                }
            }
            case CONNECTING, NEGOTIATING -> {
                if (now - setupDeadlineNanos > 0) {
                    close(new NetworkException("Connection setup to " + node + " timed out after "
                            + options.connectionSetupTimeoutMs() + " ms"), true);
                    return CHECK_MS;
                }
                expireWaiting(now);
            }
            case READY -> {
                for (PendingRequest request : awaiting) {
                    if (now - request.deadlineNanos > 0) {
                        long waitedMs = (request.timeoutNanos) / 1_000_000L;
                        request.future.completeExceptionally(new TimeoutException(request + " timed out after " + waitedMs + " ms"));
                        close(new NetworkException("Disconnected from " + node + " after a request timed out"), true);
                        return CHECK_MS;
                    }
                }
                for (PendingRequest request : writing) {
                    if (now - request.deadlineNanos > 0) {
                        request.future.completeExceptionally(new TimeoutException(request + " could not be written within "
                                + request.timeoutNanos / 1_000_000L + " ms"));
                        close(new NetworkException("Disconnected from " + node + " after a request timed out"), true);
                        return CHECK_MS;
                    }
                }
                expireWaiting(now);
                if (inFlight == 0 && waiting.isEmpty()
                        && now - lastActivityNanos > options.connectionsMaxIdleMs() * 1_000_000L) {
                    log.debug("Closing idle connection to {}", node);
                    close(new NetworkException("Idle connection to " + node + " closed"), false);
                }
            }
            default -> throw new IllegalStateException();
        }
        return pendingCount > 0 || state == State.CONNECTING || state == State.NEGOTIATING
                ? CHECK_MS : 1_000;
    }

    private void expireWaiting(long now) {
        if (waiting.isEmpty()) {
            return;
        }
        List<PendingRequest> expired = null;
        for (Iterator<PendingRequest> it = waiting.iterator(); it.hasNext(); ) {
            PendingRequest request = it.next();
            if (now - request.deadlineNanos > 0) {
                it.remove();
                if (expired == null) {
                    expired = new ArrayList<>();
                }
                expired.add(request);
            }
        }
        if (expired != null) {
            updateCount();
            for (PendingRequest request : expired) {
                Throwable cause = lastError;
                String why = cause == null ? "" : " (last connection error: " + cause.getMessage() + ")";
                request.future.completeExceptionally(new TimeoutException(request.request + " to " + node
                        + " was not sent within " + request.timeoutNanos / 1_000_000L + " ms" + why, cause));
            }
        }
    }

    /**
     * Closes the socket and fails every request on this connection with {@code cause}. A
     * {@code failure} starts (or lengthens) the reconnect backoff.
     */
    void close(SluiceException cause, boolean failure) {
        if (key != null) {
            key.cancel();
            key = null;
        }
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                log.debug("Closing connection to {}", node, e);
            }
            channel = null;
        }
        State previous = state;
        state = State.DISCONNECTED;
        if (failure) {
            failures++;
            lastError = cause;
            backoffUntilNanos = System.nanoTime() + backoffMs() * 1_000_000L;
            if (previous == State.READY) {
                log.info("Disconnected from {}: {}", node, cause.getMessage());
            } else {
                log.debug("Connection to {} failed: {}", node, cause.getMessage());
            }
        }
        sizeBuffer.clear();
        payload = null;
        inFlight = 0;
        List<PendingRequest> failed = new ArrayList<>(writing.size() + awaiting.size() + waiting.size());
        // writing and awaiting overlap; a request is failed once (completeExceptionally is idempotent).
        failed.addAll(awaiting);
        failed.addAll(writing);
        failed.addAll(waiting);
        awaiting.clear();
        writing.clear();
        waiting.clear();
        updateCount();
        for (PendingRequest request : failed) {
            request.future.completeExceptionally(cause);
        }
    }

    private long backoffMs() {
        long base = options.reconnectBackoffMs();
        long max = Math.max(base, options.reconnectBackoffMaxMs());
        long exponential = base << Math.min(failures - 1, 20);
        long bounded = Math.min(max, exponential <= 0 ? max : exponential);
        double jitter = 0.8 + 0.4 * ThreadLocalRandom.current().nextDouble();
        return (long) (bounded * jitter);
    }

    private void updateCount() {
        pendingCount = waiting.size() + inFlight;
    }
}
