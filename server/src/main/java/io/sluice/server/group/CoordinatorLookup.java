package io.sluice.server.group;

import io.sluice.protocol.Errors;
import io.sluice.record.CompressionType;
import io.sluice.server.metadata.BrokerNode;
import io.sluice.server.metadata.MetadataCache;
import io.sluice.server.metadata.PartitionMetadata;
import io.sluice.server.metadata.TopicMetadata;
import io.sluice.server.topic.TopicManager;
import io.sluice.zk.errors.AdminException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the coordinator of a group: the leader of partition {@link OffsetsTopicPartitioner#partitionFor}
 * of {@code __consumer_offsets}. The topic is created on first use (through
 * {@link TopicManager#autoCreate}, which applies {@code offsets.topic.num.partitions}, the replication
 * factor capped by the live brokers, and {@code cleanup.policy=compact}); until it exists with a leader
 * for the group's partition, and while that leader is not alive on the asked listener, the answer is
 * COORDINATOR_NOT_AVAILABLE, which every client retries.
 *
 * <p>The partition count is the existing topic's, falling back to {@code offsets.topic.num.partitions}
 * before the topic exists, so that every broker maps a group to the same partition. The topic's other
 * broker settings are applied by {@link TopicManager#autoCreate}: {@code offsets.topic.replication.factor}
 * (capped by the live brokers with a warning) and {@code offsets.topic.segment.bytes}; the codec of the
 * batches written to it, {@code offsets.topic.compression.codec}, is {@link #recordCompression()}.
 *
 * <p>Thread-safe: holds only thread-safe parts.
 */
public final class CoordinatorLookup {

    private static final Logger log = LoggerFactory.getLogger(CoordinatorLookup.class);

    /** The answer for one key: a node, or an error with the node left empty. */
    public record Result(Errors error, BrokerNode node) {

        static Result error(Errors error) {
            return new Result(error, null);
        }
    }

    private final MetadataCache metadataCache;
    private final TopicManager topicManager;
    private final int configuredPartitions;
    private final CompressionType recordCompression;

    public CoordinatorLookup(MetadataCache metadataCache, TopicManager topicManager, int configuredPartitions) {
        this(metadataCache, topicManager, configuredPartitions, CompressionType.NONE);
    }

    /** @param recordCompression {@code offsets.topic.compression.codec} */
    public CoordinatorLookup(MetadataCache metadataCache, TopicManager topicManager, int configuredPartitions,
                             CompressionType recordCompression) {
        this.metadataCache = metadataCache;
        this.topicManager = topicManager;
        this.configuredPartitions = configuredPartitions;
        this.recordCompression = recordCompression;
    }

    /** The codec of the batches the coordinator appends to {@code __consumer_offsets}. */
    public CompressionType recordCompression() {
        return recordCompression;
    }

    /** The {@code __consumer_offsets} partition holding {@code groupId}'s records. */
    public int partitionFor(String groupId) {
        return OffsetsTopicPartitioner.partitionFor(groupId, partitionCount());
    }

    /** The partitions of {@code __consumer_offsets}: the topic's, or the configured count before it exists. */
    public int partitionCount() {
        return metadataCache.topic(TopicManager.OFFSETS_TOPIC).map(TopicMetadata::partitionCount)
                .filter(n -> n > 0).orElse(configuredPartitions);
    }

    /** The coordinator of {@code groupId} as seen through {@code listenerName}. */
    public Result find(String groupId, String listenerName) {
        Optional<TopicMetadata> topic = metadataCache.topic(TopicManager.OFFSETS_TOPIC);
        if (topic.isEmpty()) {
            Optional<AdminException> refused = topicManager.autoCreate(TopicManager.OFFSETS_TOPIC);
            refused.ifPresent(e -> log.warn("Could not create {}: {}", TopicManager.OFFSETS_TOPIC, e.getMessage()));
            // Even when created just now, leaders are still being elected: the client asks again.
            return Result.error(Errors.COORDINATOR_NOT_AVAILABLE);
        }
        PartitionMetadata partition = topic.get().partition(partitionFor(groupId));
        if (partition == null || !partition.hasLeader()) {
            return Result.error(Errors.COORDINATOR_NOT_AVAILABLE);
        }
        for (BrokerNode node : metadataCache.aliveBrokers(listenerName)) {
            if (node.id() == partition.leader()) {
                return new Result(Errors.NONE, node);
            }
        }
        return Result.error(Errors.COORDINATOR_NOT_AVAILABLE);
    }
}
