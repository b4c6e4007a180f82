package io.sluice.server.api;

import io.sluice.server.SluiceServer;
import io.sluice.server.log.TopicPartition;

/** Test access to a broker's data-plane state. */
final class PartitionManagerAccess {

    private PartitionManagerAccess() {
    }

    static int fetchWaiters(SluiceServer broker, String topic, int partition) {
        return broker.services().partitionManager().fetchPurgatory().watched(new TopicPartition(topic, partition));
    }
}
