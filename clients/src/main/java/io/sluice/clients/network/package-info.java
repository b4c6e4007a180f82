/**
 * Connections to brokers for our client library.
 *
 * <p>{@link io.sluice.clients.network.NetworkClient} owns one I/O thread (a java.nio Selector) and all
 * connections; any thread may {@link io.sluice.clients.network.NetworkClient#send send} a
 * {@link io.sluice.clients.network.ClientRequest} to a {@link io.sluice.clients.common.Node} and gets a
 * {@code CompletableFuture<ClientResponse>} completed on the I/O thread. Per connection it negotiates
 * versions with ApiVersions ({@link io.sluice.clients.network.NodeApiVersions}: highest version within
 * the caller's range that both sides support), keeps up to {@code max.in.flight.requests.per.connection}
 * requests unanswered, matches responses by correlation id, times requests out, and backs off before
 * reconnecting. Requests are framed with {@code io.sluice.protocol} (RequestHeader, Frames, Messages);
 * record buffers are written as they are.
 *
 * <pre>{@code
 * NetworkClient client = new NetworkClient(NetworkClientOptions.from(config, "my-client", 5));
 * Struct body = Messages.request(ApiKeys.INIT_PRODUCER_ID).newStruct()
 *         .set("transactional_id", null).set("transaction_timeout_ms", Integer.MAX_VALUE);
 * client.send(node, ClientRequest.of(ApiKeys.INIT_PRODUCER_ID, body).versions(0, 5))
 *       .thenAccept(response -> ...);      // runs on the I/O thread: keep it short, never block
 * client.schedule(100, () -> ...);          // a timer on the I/O thread
 * }</pre>
 *
 * Retries are not done here: callers look at error codes and failures and decide.
 */
package io.sluice.clients.network;
