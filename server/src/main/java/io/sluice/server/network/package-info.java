/**
 * The broker's network layer: Netty listeners, bounded request framing, per-connection ordering and
 * zero-copy responses. It knows frames, not APIs.
 *
 * <p>The boundary to the protocol layer is {@link io.sluice.server.network.RequestHandler}: one call per
 * request frame (without its size prefix) on a request-handler pool thread, answered with an
 * {@link io.sluice.common.Send} (buffers and file slices), {@code null} for "no response", or a
 * {@link io.sluice.server.network.CloseConnectionException} to drop the client.
 *
 * <pre>
 *   socket --read--> Connection (event loop) --FrameDecoder--> frame --RequestSlots--> handler pool
 *   socket <--write-- ResponseWriter (event loop: size prefix, ByteBufs, sendfile regions) <-- future
 * </pre>
 *
 * <p>Threading in two lines: event loops own sockets and all per-connection state; handler threads own
 * nothing of it, and results return to the connection's event loop. One request per connection is in
 * flight at a time, so answers leave in request order.
 */
package io.sluice.server.network;
