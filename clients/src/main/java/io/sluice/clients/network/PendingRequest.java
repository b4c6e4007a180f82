package io.sluice.clients.network;

import io.sluice.clients.common.Node;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

/**
 * A request between {@link NetworkClient#send} and its completion. Owned by the I/O thread once
 * submitted; the frame is the size prefix followed by the {@link io.sluice.common.Send} parts.
 */
final class PendingRequest {

    final Node node;
    final ClientRequest request;
    final CompletableFuture<ClientResponse> future;
    final long timeoutNanos;
    long deadlineNanos;
    short version;
    int correlationId;
    ByteBuffer[] frame;
    int frameIndex;

    PendingRequest(Node node, ClientRequest request, CompletableFuture<ClientResponse> future, NetworkClientOptions options) {
        this.node = node;
        this.request = request;
        this.future = future;
        long timeoutMs = request.timeoutMs() >= 0 ? request.timeoutMs() : options.requestTimeoutMs();
        this.timeoutNanos = Math.min(timeoutMs, Long.MAX_VALUE / 4_000_000L) * 1_000_000L;
    }

    /** Moves {@link #frameIndex} past fully written buffers; true when nothing is left to write. */
    boolean advanceWritten() {
        while (frameIndex < frame.length && !frame[frameIndex].hasRemaining()) {
            frame[frameIndex] = null; // let a written record buffer go as early as possible
            frameIndex++;
        }
        return frameIndex == frame.length;
    }

    @Override
    public String toString() {
        return request.api().displayName() + " v" + version + " (correlation id " + correlationId + ") to " + node;
    }
}
