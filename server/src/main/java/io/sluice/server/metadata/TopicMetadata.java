package io.sluice.server.metadata;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;

/**
 * One topic as the cluster knows it. Immutable; the {@link MetadataCache} replaces it whole when the
 * topic changes in ZooKeeper.
 */
public record TopicMetadata(String name, UUID topicId, SortedMap<Integer, PartitionMetadata> partitions,
        boolean internal, boolean markedForDeletion) {

    public TopicMetadata {
        partitions = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(partitions));
    }

    public PartitionMetadata partition(int partition) {
        return partitions.get(partition);
    }

    public int partitionCount() {
        return partitions.size();
    }

    /** Kafka's internal topics: hidden from pattern subscriptions and flagged in Metadata. */
    public static boolean isInternal(String topic) {
        return "__consumer_offsets".equals(topic) || "__transaction_state".equals(topic);
    }

    static TopicMetadata of(String name, UUID topicId, Map<Integer, PartitionMetadata> partitions, boolean deleting) {
        return new TopicMetadata(name, topicId, new TreeMap<>(partitions), isInternal(name), deleting);
    }
}
