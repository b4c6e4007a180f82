package io.sluice.server.compat;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.server.cluster.SluiceTestCluster;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.ConsumerGroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Committed offsets of groups without group management, through the official clients: a consumer that
 * assigns itself partitions commits with commitSync and reads its commits back; Admin lists and alters a
 * group's offsets; commits survive a broker restart (they are replayed from __consumer_offsets).
 */
class GroupOffsetsCompatibilityTest {

    private static final String TOPIC = "offsets-compat";
    private static final int RECORDS = 50;

    private SluiceTestCluster cluster;

    @BeforeEach
    void start() throws Exception {
        cluster = SluiceTestCluster.start(1, Map.of("offsets.topic.num.partitions", "4"));
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 2, (short) 1))).all().get();
        }
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            for (int i = 0; i < RECORDS; i++) {
                producer.send(new ProducerRecord<>(TOPIC, i % 2, "k" + i, "v" + i)).get();
            }
        }
    }

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private Admin admin() {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        return Admin.create(props);
    }

    private KafkaConsumer<String, String> consumer(String group) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        return new KafkaConsumer<>(props);
    }

    private static final List<TopicPartition> PARTITIONS = List.of(new TopicPartition(TOPIC, 0), new TopicPartition(TOPIC, 1));

    @Test
    void commitSyncStoresWhatWasConsumedAndSurvivesARestart() throws Exception {
        try (KafkaConsumer<String, String> consumer = consumer("manual-group")) {
            consumer.assign(PARTITIONS);
            // no commit yet: position comes from auto.offset.reset
            assertThat(consumer.committed(Set.copyOf(PARTITIONS)).values()).containsOnlyNulls();
            int read = 0;
            while (read < RECORDS) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    read++;
                }
            }
            consumer.commitSync();
            Map<TopicPartition, Long> end = consumer.endOffsets(PARTITIONS);
            Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(Set.copyOf(PARTITIONS));
            for (TopicPartition tp : PARTITIONS) {
                assertThat(committed.get(tp).offset()).isEqualTo(end.get(tp)).isEqualTo(RECORDS / 2);
            }
            consumer.commitSync(Map.of(PARTITIONS.get(0), new OffsetAndMetadata(7, "note")));
            assertThat(consumer.committed(Set.of(PARTITIONS.get(0))).get(PARTITIONS.get(0)))
                    .satisfies(o -> {
                        assertThat(o.offset()).isEqualTo(7);
                        assertThat(o.metadata()).isEqualTo("note");
                    });
        }

        cluster.stopBroker(0);
        cluster.startBroker(0);

        try (Admin admin = admin()) {
            Map<TopicPartition, OffsetAndMetadata> afterRestart =
                    admin.listConsumerGroupOffsets("manual-group").partitionsToOffsetAndMetadata().get();
            assertThat(afterRestart.get(PARTITIONS.get(0)).offset()).isEqualTo(7);
            assertThat(afterRestart.get(PARTITIONS.get(0)).metadata()).isEqualTo("note");
            assertThat(afterRestart.get(PARTITIONS.get(1)).offset()).isEqualTo(RECORDS / 2);
        }
        try (KafkaConsumer<String, String> consumer = consumer("manual-group")) {
            consumer.assign(PARTITIONS);
            assertThat(consumer.position(PARTITIONS.get(0))).isEqualTo(7);
            assertThat(consumer.position(PARTITIONS.get(1))).isEqualTo(RECORDS / 2);
        }
    }

    @Test
    void adminAltersAndListsGroupOffsets() throws Exception {
        try (Admin admin = admin()) {
            assertThat(admin.listConsumerGroupOffsets("altered").partitionsToOffsetAndMetadata().get()).isEmpty();
            Map<TopicPartition, OffsetAndMetadata> wanted = new HashMap<>();
            wanted.put(PARTITIONS.get(0), new OffsetAndMetadata(3));
            wanted.put(PARTITIONS.get(1), new OffsetAndMetadata(11, "m"));
            admin.alterConsumerGroupOffsets("altered", wanted).all().get();
            Map<TopicPartition, OffsetAndMetadata> listed =
                    admin.listConsumerGroupOffsets("altered").partitionsToOffsetAndMetadata().get();
            assertThat(listed).hasSize(2);
            assertThat(listed.get(PARTITIONS.get(0)).offset()).isEqualTo(3);
            assertThat(listed.get(PARTITIONS.get(1)).offset()).isEqualTo(11);
            assertThat(listed.get(PARTITIONS.get(1)).metadata()).isEqualTo("m");

            // a group with offsets and no members is listed and described as Kafka shows a simple group
            assertThat(admin.listConsumerGroups().all().get())
                    .anySatisfy(listing -> {
                        assertThat(listing.groupId()).isEqualTo("altered");
                        assertThat(listing.isSimpleConsumerGroup()).isTrue();
                    });
            ConsumerGroupDescription description =
                    admin.describeConsumerGroups(List.of("altered")).all().get().get("altered");
            assertThat(description.groupId()).isEqualTo("altered");
            assertThat(description.members()).isEmpty();
            assertThat(description.isSimpleConsumerGroup()).isTrue();
            assertThat(description.state()).isEqualTo(ConsumerGroupState.EMPTY);
        }
        try (KafkaConsumer<String, String> consumer = consumer("altered")) {
            consumer.assign(PARTITIONS);
            List<ConsumerRecord<String, String>> first = List.of();
            while (first.isEmpty()) {
                first = consumer.poll(Duration.ofMillis(200)).records(PARTITIONS.get(0));
            }
            assertThat(first.get(0).offset()).isEqualTo(3);
        }
    }

    @Test
    void adminDeletesOffsetsAndGroupsAndTheDeletionsSurviveARestart() throws Exception {
        try (Admin admin = admin()) {
            admin.alterConsumerGroupOffsets("doomed", Map.of(PARTITIONS.get(0), new OffsetAndMetadata(1),
                    PARTITIONS.get(1), new OffsetAndMetadata(2))).all().get();
            admin.alterConsumerGroupOffsets("trimmed", Map.of(PARTITIONS.get(0), new OffsetAndMetadata(4),
                    PARTITIONS.get(1), new OffsetAndMetadata(5))).all().get();

            admin.deleteConsumerGroupOffsets("trimmed", Set.of(PARTITIONS.get(0))).all().get();
            admin.deleteConsumerGroups(List.of("doomed")).all().get();
            assertThat(admin.deleteConsumerGroups(List.of("never-existed")).all())
                    .failsWithin(Duration.ofSeconds(30)).withThrowableOfType(java.util.concurrent.ExecutionException.class)
                    .withCauseInstanceOf(org.apache.kafka.common.errors.GroupIdNotFoundException.class);
        }
        cluster.stopBroker(0);
        cluster.startBroker(0);
        try (Admin admin = admin()) {
            assertThat(admin.listConsumerGroupOffsets("doomed").partitionsToOffsetAndMetadata().get()).isEmpty();
            Map<TopicPartition, OffsetAndMetadata> trimmed =
                    admin.listConsumerGroupOffsets("trimmed").partitionsToOffsetAndMetadata().get();
            assertThat(trimmed).containsOnlyKeys(PARTITIONS.get(1));
            assertThat(trimmed.get(PARTITIONS.get(1)).offset()).isEqualTo(5);
        }
    }
}
