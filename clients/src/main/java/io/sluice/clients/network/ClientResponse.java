package io.sluice.clients.network;

import io.sluice.clients.common.Node;
import io.sluice.protocol.ApiKeys;
import io.sluice.protocol.Struct;

/**
 * A response and what it answered: the node, the api and the version that was negotiated (needed to
 * interpret version-dependent fields), and the body; {@code body} is null for a request sent with
 * {@link ClientRequest#noResponse()}. Bytes and records fields of the body are slices of the
 * received frame, which nobody else holds, so they may be kept.
 */
public record ClientResponse(Node node, ApiKeys api, short apiVersion, Struct body) {
}
