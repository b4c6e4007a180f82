package io.sluice.tools.topics;

import io.sluice.clients.admin.Config;
import io.sluice.clients.admin.TopicDescription;
import io.sluice.clients.admin.TopicPartitionInfo;
import io.sluice.clients.common.Node;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The lines of {@code sluice-topics.sh --describe}, in the layout of Kafka 3.9's
 * {@code kafka-topics.sh --describe} against a ZooKeeper cluster, so scripts written for one read
 * the other:
 * <pre>
 * Topic: orders	TopicId: 3fQ...	PartitionCount: 2	ReplicationFactor: 1	Configs: cleanup.policy=compact
 * 	Topic: orders	Partition: 0	Leader: 1	Replicas: 1	Isr: 1	Elr: N/A	LastKnownElr: N/A
 * </pre>
 * "Configs" lists the configs that are not built-in defaults; "Leader: none" for a partition
 * without a leader. Kafka prints "Elr: N/A" and "LastKnownElr: N/A" when the cluster has no
 * eligible-leader-replica information, which is always the case in ZooKeeper mode, and so do we.
 * Pure functions; thread-safe.
 */
final class TopicDescriptionFormat {

    private TopicDescriptionFormat() {
    }

    static String topicLine(TopicDescription topic, Config config) {
        StringBuilder line = new StringBuilder("Topic: ").append(topic.name());
        if (topic.topicId() != null) {
            line.append("\tTopicId: ").append(TopicIds.toBase64(topic.topicId()));
        }
        line.append("\tPartitionCount: ").append(topic.partitions().size());
        line.append("\tReplicationFactor: ").append(topic.partitions().isEmpty() ? 0 : topic.partitions().get(0).replicas().size());
        line.append("\tConfigs: ").append(overrides(config));
        return line.toString();
    }

    static String partitionLine(String topic, TopicPartitionInfo partition) {
        return "\tTopic: " + topic
                + "\tPartition: " + partition.partition()
                + "\tLeader: " + (partition.leader() == null ? "none" : Integer.toString(partition.leader().id()))
                + "\tReplicas: " + ids(partition.replicas())
                + "\tIsr: " + ids(partition.isr())
                + "\tElr: N/A\tLastKnownElr: N/A";
    }

    /**
     * The configs that are not built-in defaults, as {@code name=value,...} in the broker's order:
     * topic overrides and, like Kafka, values inherited from the broker's own config file (so a
     * server.properties with log.segment.bytes shows segment.bytes here).
     */
    static String overrides(Config config) {
        if (config == null) {
            return "";
        }
        return config.entries().stream()
                .filter(e -> !e.isDefault())
                .map(e -> e.name() + "=" + e.value())
                .collect(Collectors.joining(","));
    }

    static boolean isUnderReplicated(TopicPartitionInfo partition) {
        return partition.isr().size() < partition.replicas().size();
    }

    static boolean isUnavailable(TopicPartitionInfo partition, Collection<Integer> liveBrokers) {
        return partition.leader() == null || !liveBrokers.contains(partition.leader().id());
    }

    private static String ids(List<Node> nodes) {
        return nodes.stream().map(n -> Integer.toString(n.id())).collect(Collectors.joining(","));
    }
}
