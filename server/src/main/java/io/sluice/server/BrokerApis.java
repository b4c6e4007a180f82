package io.sluice.server;

import io.sluice.server.api.ApiRegistry;
import io.sluice.server.api.DeleteRecordsHandler;
import io.sluice.server.api.FetchHandler;
import io.sluice.server.api.InitProducerIdHandler;
import io.sluice.server.api.ListOffsetsHandler;
import io.sluice.server.api.OffsetForLeaderEpochHandler;
import io.sluice.server.api.ProduceHandler;
import io.sluice.server.log.LogConfig;
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
        registerDataPlane(registry, services, closeables);
    }

    /**
     * Produce, Fetch, ListOffsets, OffsetForLeaderEpoch, DeleteRecords and InitProducerId, around the
     * {@link PartitionManager}, which must listen to the metadata cache before it starts so that it
     * hears about every existing topic.
     */
    private static void registerDataPlane(ApiRegistry registry, BrokerServices services,
                                          Deque<AutoCloseable> closeables) {
        PartitionManager partitions = new PartitionManager(services.brokerId(), services.logManager(),
                services.metadataCache(),
                topic -> LogConfig.fromProperties(services.config().originals(), services.configStore().topicConfig(topic)));
        services.metadataCache().addListener(partitions);
        closeables.push(partitions);
        registry.register(new ProduceHandler(partitions));
        registry.register(new FetchHandler(partitions));
        registry.register(new ListOffsetsHandler(partitions));
        registry.register(new OffsetForLeaderEpochHandler(partitions));
        registry.register(new DeleteRecordsHandler(partitions));
        registry.register(new InitProducerIdHandler(services.producerIds()));
    }
}
