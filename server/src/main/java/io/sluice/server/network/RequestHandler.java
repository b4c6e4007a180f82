package io.sluice.server.network;

import io.sluice.common.Send;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

/**
 * The boundary between the network layer, which knows frames, and the protocol layer, which knows APIs.
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li><b>Input.</b> {@code frame} is exactly one request without its 4-byte size prefix: a heap buffer
 *       with position 0 and limit equal to the frame size. It is never reused by the network layer, so the
 *       handler may keep it, or slices of it, as long as it likes.</li>
 *   <li><b>Output.</b> The future completes with the response body <em>without</em> the size prefix (the
 *       network layer writes the prefix), or with {@code null} meaning "no response" (Produce with
 *       acks=0): the connection then proceeds to its next request. Buffers in the {@link Send} must not be
 *       changed after completion; {@link io.sluice.record.FileSlice} channels must stay open until the
 *       response has been written (the network layer never closes them).</li>
 *   <li><b>Failure.</b> Completing exceptionally with {@link CloseConnectionException} (malformed header,
 *       unknown API, ...) closes this connection only, with one log line naming the client and the reason.
 *       Any other exception, thrown or completed, does the same but is logged with its stack trace as a
 *       handler bug.</li>
 * </ul>
 *
 * <h2>Threads</h2>
 * {@code handle} is called on a request-handler pool thread ({@code num.io.threads} of them), never on a
 * network event loop, so it may do short blocking work such as a log append. It must not wait for another
 * request. Calls for one connection never overlap and arrive in the order the frames were received: the
 * next frame of a connection is handed over only after the previous future completed and its response was
 * written. The future may be completed on any thread (a purgatory timer, a replica fetcher, ...).
 */
@FunctionalInterface
public interface RequestHandler {

    CompletableFuture<Send> handle(RequestContext context, ByteBuffer frame);
}
