package io.sluice.server;

import io.sluice.server.api.ApiRegistry;
import io.sluice.server.api.DeleteRecordsHandler;
import io.sluice.server.api.FetchHandler;
import io.sluice.server.api.InitProducerIdHandler;
import io.sluice.server.api.ListOffsetsHandler;
import io.sluice.server.api.OffsetForLeaderEpochHandler;
import io.sluice.server.api.ProduceHandler;
import io.sluice.server.partition.PartitionManager;
import java.util.Deque;

/**
 * Registers the broker's API handlers (beside ApiVersions) and the parts they need. Parts that must be
 * closed at shutdown are pushed onto {@code closeables}, which the server closes newest first.
 */
final class BrokerApis {

    private BrokerApis() {
    }

    static void register(ApiRegistry registry, BrokerServices services, Deque<AutoCloseable> closeables) {
        registerDataPlane(registry, services);
    }

    /** Produce, Fetch, ListOffsets, OffsetForLeaderEpoch, DeleteRecords and InitProducerId. */
    private static void registerDataPlane(ApiRegistry registry, BrokerServices services) {
        PartitionManager partitions = services.partitionManager();
        registry.register(new ProduceHandler(partitions));
        registry.register(new FetchHandler(partitions));
        registry.register(new ListOffsetsHandler(partitions));
        registry.register(new OffsetForLeaderEpochHandler(partitions));
        registry.register(new DeleteRecordsHandler(partitions));
        registry.register(new InitProducerIdHandler(services.producerIds()));
    }
}
