package io.sluice.clients.producer;

import io.sluice.clients.metadata.Cluster;
import java.util.Map;

/**
 * Chooses the partition of a record that names none ({@code partitioner.class}). Must be
 * thread-safe: {@code send} is called from any thread. Needs a public no-argument constructor.
 */
public interface Partitioner extends AutoCloseable {

    default void configure(Map<String, ?> configs) {
    }

    /**
     * @param cluster the current metadata; it has partitions for {@code topic}
     * @return a partition index in {@code [0, cluster.partitionCount(topic))}
     */
    int partition(String topic, Object key, byte[] keyBytes, Object value, byte[] valueBytes, Cluster cluster);

    @Override
    default void close() {
    }
}
