package io.sluice.tools.topics;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.clients.admin.Config;
import io.sluice.clients.admin.ConfigEntry;
import io.sluice.clients.admin.TopicDescription;
import io.sluice.clients.admin.TopicPartitionInfo;
import io.sluice.clients.common.Node;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.common.Uuid;
import org.junit.jupiter.api.Test;

class TopicDescriptionFormatTest {

    private static final Node B1 = new Node(1, "127.0.0.1", 9092);
    private static final Node B2 = new Node(2, "127.0.0.1", 9093);
    private static final Node B3 = new Node(3, "127.0.0.1", 9094);

    @Test
    void topicLineHasKafkasColumnsAndOnlyNonDefaultConfigs() {
        UUID id = new UUID(0x30dee7e1887e42b0L, 0x9ba7852806371f2L);
        TopicDescription topic = new TopicDescription("orders", id, false, List.of(
                new TopicPartitionInfo(0, B1, List.of(B1, B2), List.of(B1, B2)),
                new TopicPartitionInfo(1, B2, List.of(B2, B3), List.of(B2))));
        Config config = new Config(List.of(
                entry("cleanup.policy", "compact", ConfigEntry.Source.DYNAMIC_TOPIC_CONFIG),
                entry("retention.ms", "604800000", ConfigEntry.Source.DEFAULT_CONFIG),
                entry("segment.bytes", "1073741824", ConfigEntry.Source.STATIC_BROKER_CONFIG)));

        assertThat(TopicDescriptionFormat.topicLine(topic, config)).isEqualTo(
                "Topic: orders\tTopicId: " + new Uuid(id.getMostSignificantBits(), id.getLeastSignificantBits())
                        + "\tPartitionCount: 2\tReplicationFactor: 2\tConfigs: cleanup.policy=compact,segment.bytes=1073741824");
        assertThat(TopicDescriptionFormat.partitionLine("orders", topic.partitions().get(1))).isEqualTo(
                "\tTopic: orders\tPartition: 1\tLeader: 2\tReplicas: 2,3\tIsr: 2\tElr: N/A\tLastKnownElr: N/A");
    }

    @Test
    void aPartitionWithoutLeaderShowsNoneAndCountsAsUnavailableAndUnderReplicated() {
        TopicPartitionInfo offline = new TopicPartitionInfo(0, null, List.of(new Node(4, "", -1)), List.of());
        assertThat(TopicDescriptionFormat.partitionLine("t", offline))
                .isEqualTo("\tTopic: t\tPartition: 0\tLeader: none\tReplicas: 4\tIsr: \tElr: N/A\tLastKnownElr: N/A");
        assertThat(TopicDescriptionFormat.isUnavailable(offline, Set.of(1))).isTrue();
        assertThat(TopicDescriptionFormat.isUnderReplicated(offline)).isTrue();

        TopicPartitionInfo healthy = new TopicPartitionInfo(0, B1, List.of(B1), List.of(B1));
        assertThat(TopicDescriptionFormat.isUnavailable(healthy, Set.of(1))).isFalse();
        assertThat(TopicDescriptionFormat.isUnavailable(healthy, Set.of(2))).as("leader not alive").isTrue();
        assertThat(TopicDescriptionFormat.isUnderReplicated(healthy)).isFalse();
    }

    @Test
    void aTopicWithoutIdLeavesTheColumnOut() {
        TopicDescription topic = new TopicDescription("t", null, false, List.of(new TopicPartitionInfo(0, B1, List.of(B1), List.of(B1))));
        assertThat(TopicDescriptionFormat.topicLine(topic, new Config(List.of())))
                .isEqualTo("Topic: t\tPartitionCount: 1\tReplicationFactor: 1\tConfigs: ");
    }

    /** Kafka's Uuid.toString is the oracle for how topic ids are printed. */
    @Test
    void topicIdsPrintAsKafkaPrintsThem() {
        java.util.Random random = new java.util.Random(7);
        for (int i = 0; i < 200; i++) {
            long most = random.nextLong();
            long least = random.nextLong();
            assertThat(TopicIds.toBase64(new UUID(most, least))).isEqualTo(new Uuid(most, least).toString());
        }
    }

    private static ConfigEntry entry(String name, String value, ConfigEntry.Source source) {
        return new ConfigEntry(name, value, source, false, false, List.of());
    }
}
