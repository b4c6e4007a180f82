package io.sluice.server.network;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Plain counters of the socket server, kept until a metrics layer exposes them (JMX names to come). All
 * counts are since start and only grow, except {@link #activeConnections()}. Thread-safe; written from every
 * event loop, so adders rather than atomics.
 */
public final class NetworkStats {

    private final LongAdder connectionsAccepted = new LongAdder();
    private final LongAdder connectionsRefused = new LongAdder();
    private final LongAdder connectionsClosed = new LongAdder();
    private final LongAdder idleConnectionsClosed = new LongAdder();
    private final AtomicInteger activeConnections = new AtomicInteger();
    private final LongAdder requestsReceived = new LongAdder();
    private final LongAdder responsesSent = new LongAdder();
    private final LongAdder responsesSkipped = new LongAdder();
    private final LongAdder invalidFrames = new LongAdder();
    private final LongAdder handlerCloses = new LongAdder();
    private final LongAdder bytesReceived = new LongAdder();
    private final LongAdder bytesSent = new LongAdder();

    void connectionOpened() {
        connectionsAccepted.increment();
        activeConnections.incrementAndGet();
    }

    void connectionClosed() {
        connectionsClosed.increment();
        activeConnections.decrementAndGet();
    }

    void connectionRefused() {
        connectionsRefused.increment();
    }

    void idleConnectionClosed() {
        idleConnectionsClosed.increment();
    }

    void requestReceived() {
        requestsReceived.increment();
    }

    void responseSent(long bytes) {
        responsesSent.increment();
        bytesSent.add(bytes);
    }

    void responseSkipped() {
        responsesSkipped.increment();
    }

    void invalidFrame() {
        invalidFrames.increment();
    }

    void handlerClose() {
        handlerCloses.increment();
    }

    void bytesReceived(long bytes) {
        bytesReceived.add(bytes);
    }

    /** Connections accepted and admitted (refused ones are not counted here). */
    public long connectionsAccepted() {
        return connectionsAccepted.sum();
    }

    /** Connections closed at once because their IP was at {@code max.connections.per.ip}. */
    public long connectionsRefused() {
        return connectionsRefused.sum();
    }

    public long connectionsClosed() {
        return connectionsClosed.sum();
    }

    public long idleConnectionsClosed() {
        return idleConnectionsClosed.sum();
    }

    public int activeConnections() {
        return activeConnections.get();
    }

    public long requestsReceived() {
        return requestsReceived.sum();
    }

    public long responsesSent() {
        return responsesSent.sum();
    }

    /** Requests the handler answered with "no response" (Produce acks=0). */
    public long responsesSkipped() {
        return responsesSkipped.sum();
    }

    /** Connections closed for a size prefix below 0 or above {@code socket.request.max.bytes}. */
    public long invalidFrames() {
        return invalidFrames.sum();
    }

    /** Connections closed because the handler failed a request (malformed, unknown API, or a bug). */
    public long handlerCloses() {
        return handlerCloses.sum();
    }

    public long bytesReceived() {
        return bytesReceived.sum();
    }

    /** Response bytes handed to sockets, size prefixes included. */
    public long bytesSent() {
        return bytesSent.sum();
    }

    @Override
    public String toString() {
        return "NetworkStats(active=" + activeConnections() + ", accepted=" + connectionsAccepted() + ", refused="
                + connectionsRefused() + ", closed=" + connectionsClosed() + ", idleClosed=" + idleConnectionsClosed()
                + ", requests=" + requestsReceived() + ", responses=" + responsesSent() + ", skipped="
                + responsesSkipped() + ", invalidFrames=" + invalidFrames() + ", handlerCloses=" + handlerCloses()
                + ", bytesIn=" + bytesReceived() + ", bytesOut=" + bytesSent() + ")";
    }
}
