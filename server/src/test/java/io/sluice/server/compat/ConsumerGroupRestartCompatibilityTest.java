package io.sluice.server.compat;

import static io.sluice.server.compat.ConsumerGroupCompatibilityTest.admin;
import static io.sluice.server.compat.ConsumerGroupCompatibilityTest.consumerProps;
import static io.sluice.server.compat.ConsumerGroupCompatibilityTest.createTopics;
import static io.sluice.server.compat.ConsumerGroupCompatibilityTest.pollUntilAssigned;
import static io.sluice.server.compat.ConsumerGroupCompatibilityTest.produce;
import static io.sluice.server.compat.ConsumerGroupCompatibilityTest.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.server.cluster.SluiceTestCluster;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.ConsumerGroupState;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Group state outlives a broker restart because the coordinator rebuilds it from the group metadata
 * records in {@code __consumer_offsets}: a Stable group's member carries on after the restart as the same
 * member, and an Empty group keeps its protocol type, generation and offsets.
 */
class ConsumerGroupRestartCompatibilityTest {

    private SluiceTestCluster cluster;

    @BeforeEach
    void start() {
        cluster = SluiceTestCluster.start(1, Map.of("offsets.topic.num.partitions", "4"));
    }

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void stableAndEmptyGroupsSurviveARestart() throws Exception {
        String topic = "restart";
        createTopics(cluster, 2, topic);
        TopicPartition p0 = new TopicPartition(topic, 0);
        TopicPartition p1 = new TopicPartition(topic, 1);
        List<String> produced = new ArrayList<>(produce(cluster, topic, 2, 0, 20));

        // An Empty group: a member committed, then left.
        int emptyGeneration;
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerProps(cluster, "restart-empty"))) {
            consumer.subscribe(List.of(topic));
            pollUntilAssigned(consumer);
            consumer.commitSync(Map.of(p0, new OffsetAndMetadata(4, "four"), p1, new OffsetAndMetadata(6)));
            emptyGeneration = consumer.groupMetadata().generationId();
        }

        // A Stable group whose member keeps running through the restart.
        Properties props = consumerProps(cluster, "restart-stable");
        props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "45000");
        Set<String> read = GroupMemberThread.newReadSet();
        try (Admin admin = admin(cluster);
             GroupMemberThread member = new GroupMemberThread("restart-member", props, List.of(topic), read)) {
            waitUntil("the member read everything", () -> read.containsAll(produced), ConsumerGroupRestartCompatibilityTest::pause);
            waitUntil("the group is Empty", () -> state(admin, "restart-empty") == ConsumerGroupState.EMPTY,
                    ConsumerGroupRestartCompatibilityTest::pause);
            int generation = member.generation();
            String memberId = member.memberId();
            assertThat(generation).isPositive();

            cluster.stopBroker(0);
            cluster.startBroker(0);

            produced.addAll(produce(cluster, topic, 2, 20, 20));
            waitUntil("the member read what was produced after the restart", () -> read.containsAll(produced),
                    ConsumerGroupRestartCompatibilityTest::pause);
            ConsumerGroupDescription stable = admin.describeConsumerGroups(List.of("restart-stable")).all().get()
                    .get("restart-stable");
            assertThat(stable.state()).isEqualTo(ConsumerGroupState.STABLE);
            assertThat(stable.members()).singleElement().satisfies(m -> {
                assertThat(m.consumerId()).isEqualTo(memberId);
                assertThat(m.assignment().topicPartitions()).containsExactlyInAnyOrder(p0, p1);
            });
            // Still the same member: a coordinator that had lost the group would have answered its heartbeat
            // with UNKNOWN_MEMBER_ID and it would have joined afresh under a new id. Usually the generation
            // is unchanged too, but a leader that saw partition metadata missing while the broker came
            // back rejoins to reassign (Kafka clients 4.x do), which makes one more generation.
            assertThat(member.memberId()).isEqualTo(memberId);
            assertThat(member.generation()).isBetween(generation, generation + 1);
            assertThat(member.failure()).isNull();

            ConsumerGroupDescription empty = admin.describeConsumerGroups(List.of("restart-empty")).all().get()
                    .get("restart-empty");
            assertThat(empty.state()).isEqualTo(ConsumerGroupState.EMPTY);
            assertThat(empty.isSimpleConsumerGroup()).isFalse(); // protocol type "consumer" was kept
            assertThat(empty.members()).isEmpty();
            Map<TopicPartition, OffsetAndMetadata> offsets =
                    admin.listConsumerGroupOffsets("restart-empty").partitionsToOffsetAndMetadata().get();
            assertThat(offsets.get(p0).offset()).isEqualTo(4);
            assertThat(offsets.get(p0).metadata()).isEqualTo("four");
            assertThat(offsets.get(p1).offset()).isEqualTo(6);
        }

        // The Empty group's generation went on: leaving made one more, the next member one more again.
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerProps(cluster, "restart-empty"))) {
            consumer.subscribe(List.of(topic));
            pollUntilAssigned(consumer);
            assertThat(consumer.groupMetadata().generationId()).isEqualTo(emptyGeneration + 2);
            assertThat(consumer.committed(Set.of(p0)).get(p0).offset()).isEqualTo(4);
        }
    }

    private static ConsumerGroupState state(Admin admin, String group) {
        try {
            return admin.describeConsumerGroups(List.of(group)).all().get().get(group).state();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
