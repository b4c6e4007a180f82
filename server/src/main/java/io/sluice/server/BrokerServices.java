package io.sluice.server;

import io.sluice.server.config.BrokerConfig;
import io.sluice.server.log.LogManager;
import io.sluice.server.metadata.MetadataCache;
import io.sluice.server.partition.PartitionManager;
import io.sluice.zk.ZkClient;
import io.sluice.zk.config.ConfigStore;
import io.sluice.zk.producer.ProducerIdManager;
import io.sluice.zk.topic.TopicStore;

/**
 * The parts of a running broker that API handlers use, handed to them at startup. Every part is
 * thread-safe on its own.
 */
public record BrokerServices(
        BrokerConfig config,
        String clusterId,
        ZkClient zk,
        TopicStore topicStore,
        ConfigStore configStore,
        MetadataCache metadataCache,
        LogManager logManager,
        ProducerIdManager producerIds,
        PartitionManager partitionManager) {

    public int brokerId() {
        return config.brokerId();
    }
}
