package io.sluice.server;

import io.sluice.server.api.ApiRegistry;
import java.util.Deque;

/**
 * Registers the broker's API handlers (beside ApiVersions) and the parts they need. Parts that must be
 * closed at shutdown are pushed onto {@code closeables}, which the server closes newest first.
 */
final class BrokerApis {

    private BrokerApis() {
    }

    static void register(ApiRegistry registry, BrokerServices services, Deque<AutoCloseable> closeables) {
        // Filled in as the handlers land: data plane (Produce, Fetch, ListOffsets, ...) and admin.
    }
}
