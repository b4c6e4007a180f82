package io.sluice.clients.metadata;

import io.sluice.clients.common.Node;
import io.sluice.clients.common.TopicPartition;
import io.sluice.protocol.Errors;
import java.util.List;

/**
 * One partition as the last metadata response described it.
 *
 * @param leader      null when the partition has no leader (leader_id -1 or an unknown broker)
 * @param leaderEpoch -1 when the broker did not send one (Metadata v6 and older)
 * @param error       the partition-level error code (NONE, LEADER_NOT_AVAILABLE, ...)
 */
public record PartitionInfo(String topic, int partition, Node leader, int leaderEpoch,
                            List<Node> replicas, List<Node> inSyncReplicas, List<Node> offlineReplicas, Errors error) {

    public TopicPartition topicPartition() {
        return new TopicPartition(topic, partition);
    }
}
