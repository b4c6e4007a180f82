package io.sluice.clients.producer;

import io.sluice.clients.metadata.Cluster;
import io.sluice.clients.metadata.PartitionInfo;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Spreads records over the partitions of a topic in turn, whatever their keys: over the partitions
 * that have a leader when there are any, else over all. Kafka's
 * {@code org.apache.kafka.clients.producer.RoundRobinPartitioner} name maps to this class.
 */
public class RoundRobinPartitioner implements Partitioner {

    private final ConcurrentHashMap<String, AtomicInteger> counters = new ConcurrentHashMap<>();

    @Override
    public int partition(String topic, Object key, byte[] keyBytes, Object value, byte[] valueBytes, Cluster cluster) {
        int next = counters.computeIfAbsent(topic, t -> new AtomicInteger()).getAndIncrement() & Integer.MAX_VALUE;
        List<PartitionInfo> available = cluster.availablePartitionsFor(topic);
        if (!available.isEmpty()) {
            return available.get(next % available.size()).partition();
        }
        return next % cluster.partitionCount(topic);
    }
}
