package io.sluice.clients.admin;

import io.sluice.clients.common.Node;
import io.sluice.protocol.Errors;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What one Metadata response said, as the admin client needs it: the live brokers by id, the
 * controller and each requested topic with its partitions. Immutable.
 */
record MetadataSnapshot(String clusterId, int controllerId, Map<Integer, Node> brokers, Map<String, TopicMetadata> topics) {

    record TopicMetadata(String name, Errors error, UUID topicId, boolean internal, List<PartitionMetadata> partitions) {
    }

    record PartitionMetadata(int partition, Errors error, int leaderId, int leaderEpoch, List<Integer> replicas,
            List<Integer> isr) {
    }

    /** The node of a broker id: the live broker, or a placeholder with only the id (as Kafka shows offline replicas). */
    Node node(int id) {
        Node node = brokers.get(id);
        return node != null ? node : new Node(id, "", -1);
    }

    /** The leader's node, or null when the partition has no live leader. */
    Node leader(PartitionMetadata partition) {
        return partition.leaderId() < 0 ? null : brokers.get(partition.leaderId());
    }
}
