package io.sluice.server.compat;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.server.cluster.SluiceTestCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Consumers that subscribe (classic group membership) with the official client against one broker:
 * the tutorial's auto-committing consumer, manual commits, seeks, and static membership. Every test uses
 * its own topic and group on a shared cluster.
 */
class ConsumerGroupCompatibilityTest {

    static final Duration WAIT = Duration.ofSeconds(60);

    private static SluiceTestCluster cluster;

    @BeforeAll
    static void start() {
        cluster = SluiceTestCluster.start(1, Map.of("offsets.topic.num.partitions", "4"));
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    static Admin admin(SluiceTestCluster cluster) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        return Admin.create(props);
    }

    static void createTopics(SluiceTestCluster cluster, int partitions, String... topics) throws Exception {
        try (Admin admin = admin(cluster)) {
            List<NewTopic> newTopics = new ArrayList<>();
            for (String topic : topics) {
                newTopics.add(new NewTopic(topic, partitions, (short) 1));
            }
            admin.createTopics(newTopics).all().get();
        }
    }

    /** Produces {@code count} records "topic-i" round the partitions; returns the values. */
    static List<String> produce(SluiceTestCluster cluster, String topic, int partitions, int from, int count)
            throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        List<String> values = new ArrayList<>();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            for (int i = from; i < from + count; i++) {
                String value = topic + "-" + i;
                producer.send(new ProducerRecord<>(topic, i % partitions, Integer.toString(i), value));
                values.add(value);
            }
            producer.flush();
        }
        return values;
    }

    static Properties consumerProps(SluiceTestCluster cluster, String group) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        // Members learn of a rebalance from a heartbeat answer: a short interval keeps rebalances short.
        props.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, "500");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        return props;
    }

    static void waitUntil(String what, BooleanSupplier condition, Runnable between) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out waiting until " + what);
            }
            between.run();
        }
    }

    static void pollUntilAssigned(KafkaConsumer<?, ?> consumer) {
        waitUntil("the consumer has an assignment", () -> !consumer.assignment().isEmpty(),
                () -> consumer.poll(Duration.ofMillis(100)));
    }

    @Test
    void tutorialConsumerReadsExactlyWhatWasProducedAndAutoCommitsTheEndOffsets() throws Exception {
        // The seeds' consumer program: group "test", subscribe to foo and bar, auto commit every second.
        createTopics(cluster, 1, "foo", "bar");
        Properties props = new Properties();
        props.setProperty("bootstrap.servers", cluster.bootstrapServers());
        props.setProperty("group.id", "test");
        props.setProperty("enable.auto.commit", "true");
        props.setProperty("auto.commit.interval.ms", "1000");
        props.setProperty("key.deserializer", "org.apache.kafka.common.serialization.StringDeserializer");
        props.setProperty("value.deserializer", "org.apache.kafka.common.serialization.StringDeserializer");
        List<String> read = new ArrayList<>();
        Set<String> produced = new HashSet<>();
        List<TopicPartition> partitions = List.of(new TopicPartition("foo", 0), new TopicPartition("bar", 0));
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            consumer.subscribe(List.of("foo", "bar"));
            // auto.offset.reset is "latest" as in the program: produce once the consumer has its partitions
            pollUntilAssigned(consumer);
            waitUntil("positions are known", () -> {
                try {
                    partitions.forEach(consumer::position);
                    return true;
                } catch (RuntimeException e) {
                    return false;
                }
            }, () -> consumer.poll(Duration.ofMillis(100)));
            assertThat(consumer.assignment()).containsExactlyInAnyOrderElementsOf(partitions);
            produced.addAll(produce(cluster, "foo", 1, 0, 100));
            produced.addAll(produce(cluster, "bar", 1, 0, 100));
            waitUntil("every record was read", () -> read.size() >= produced.size(), () -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                    read.add(record.value());
                }
            });
            try (Admin admin = admin(cluster)) {
                waitUntil("auto commit reached the end offsets", () -> committed(admin, "test", partitions)
                        .equals(Map.of(partitions.get(0), 100L, partitions.get(1), 100L)),
                        () -> consumer.poll(Duration.ofMillis(100)));
            }
        }
        assertThat(read).hasSize(produced.size()).containsExactlyInAnyOrderElementsOf(produced);
        try (Admin admin = admin(cluster)) {
            assertThat(committed(admin, "test", partitions))
                    .isEqualTo(Map.of(partitions.get(0), 100L, partitions.get(1), 100L));
        }
    }

    static Map<TopicPartition, Long> committed(Admin admin, String group, Collection<TopicPartition> partitions) {
        try {
            Map<TopicPartition, OffsetAndMetadata> offsets =
                    admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
            Map<TopicPartition, Long> answer = new HashMap<>();
            for (TopicPartition tp : partitions) {
                OffsetAndMetadata o = offsets.get(tp);
                if (o != null) {
                    answer.put(tp, o.offset());
                }
            }
            return answer;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void manualCommitSyncAndAsyncSeekAndRewind() throws Exception {
        String topic = "manual";
        createTopics(cluster, 2, topic);
        List<String> produced = produce(cluster, topic, 2, 0, 40);
        TopicPartition p0 = new TopicPartition(topic, 0);
        TopicPartition p1 = new TopicPartition(topic, 1);
        Map<String, Long> firstRead = new ConcurrentHashMap<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerProps(cluster, "manual-group"))) {
            consumer.subscribe(List.of(topic));
            waitUntil("all records were read", () -> firstRead.size() == produced.size(), () -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                    firstRead.put(record.value(), record.offset());
                }
            });
            // commitAsync of the positions, waited for through its callback
            Map<TopicPartition, OffsetAndMetadata> asyncResult = new ConcurrentHashMap<>();
            Exception[] asyncError = new Exception[1];
            consumer.commitAsync((offsets, error) -> {
                asyncResult.putAll(offsets);
                asyncError[0] = error;
            });
            waitUntil("the async commit completed", () -> !asyncResult.isEmpty() || asyncError[0] != null,
                    () -> consumer.poll(Duration.ofMillis(50)));
            assertThat(asyncError[0]).isNull();
            Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(Set.of(p0, p1));
            assertThat(committed.get(p0).offset()).isEqualTo(20);
            assertThat(committed.get(p1).offset()).isEqualTo(20);

            // rewind: to the beginning, then to an offset
            consumer.seekToBeginning(Set.of(p0));
            List<ConsumerRecord<String, String>> again = new ArrayList<>();
            waitUntil("partition 0 was read again", () -> again.size() >= 20, () -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                    again.add(record);
                }
            });
            assertThat(again).allMatch(r -> r.partition() == 0).extracting(ConsumerRecord::offset)
                    .startsWith(0L, 1L, 2L);
            consumer.seek(p1, 5);
            List<ConsumerRecord<String, String>> fromFive = new ArrayList<>();
            waitUntil("partition 1 was read from 5", () -> fromFive.size() >= 15, () -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                    fromFive.add(record);
                }
            });
            assertThat(fromFive.get(0).offset()).isEqualTo(5);
            assertThat(fromFive.get(0).partition()).isEqualTo(1);

            consumer.commitSync(Map.of(p0, new OffsetAndMetadata(12, "twelve")));
            assertThat(consumer.committed(Set.of(p0)).get(p0).metadata()).isEqualTo("twelve");
        }
        // a new member of the group goes on from the committed offsets
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerProps(cluster, "manual-group"))) {
            consumer.subscribe(List.of(topic));
            List<ConsumerRecord<String, String>> resumed = new ArrayList<>();
            waitUntil("partition 0 resumed", () -> resumed.stream().anyMatch(r -> r.partition() == 0), () -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                    resumed.add(record);
                }
            });
            assertThat(resumed.stream().filter(r -> r.partition() == 0).findFirst().orElseThrow().offset())
                    .isEqualTo(12);
            assertThat(resumed).noneMatch(r -> r.partition() == 1); // committed at the end: nothing left
        }
    }

    @Test
    void staticMemberRestartsWithinTheSessionTimeoutAndKeepsItsPartitionsWithoutARebalance() throws Exception {
        String topic = "static";
        createTopics(cluster, 4, topic);
        Properties a = consumerProps(cluster, "static-group");
        a.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, "instance-a");
        a.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "30000");
        Properties b = consumerProps(cluster, "static-group");
        b.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, "instance-b");
        b.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "30000");
        try (KafkaConsumer<String, String> first = new KafkaConsumer<>(a)) {
            first.subscribe(List.of(topic));
            KafkaConsumer<String, String> second = new KafkaConsumer<>(b);
            second.subscribe(List.of(topic));
            waitUntil("both members share the four partitions", () -> first.assignment().size() == 2
                    && second.assignment().size() == 2, () -> {
                        first.poll(Duration.ofMillis(50));
                        second.poll(Duration.ofMillis(50));
                    });
            int generation = first.groupMetadata().generationId();
            assertThat(second.groupMetadata().generationId()).isEqualTo(generation);
            Set<TopicPartition> secondsPartitions = Set.copyOf(second.assignment());
            Set<TopicPartition> firstsPartitions = Set.copyOf(first.assignment());
            String oldMemberId = second.groupMetadata().memberId();
            second.close(); // a static member does not leave the group on close

            try (KafkaConsumer<String, String> restarted = new KafkaConsumer<>(b)) {
                restarted.subscribe(List.of(topic));
                waitUntil("the restarted member has its partitions", () -> !restarted.assignment().isEmpty(), () -> {
                    restarted.poll(Duration.ofMillis(50));
                    first.poll(Duration.ofMillis(50));
                });
                assertThat(restarted.assignment()).isEqualTo(secondsPartitions);
                assertThat(restarted.groupMetadata().generationId()).isEqualTo(generation);
                assertThat(restarted.groupMetadata().memberId()).isNotEqualTo(oldMemberId);
                for (int i = 0; i < 10; i++) {
                    first.poll(Duration.ofMillis(50));
                    restarted.poll(Duration.ofMillis(50));
                }
                assertThat(first.assignment()).isEqualTo(firstsPartitions);
                assertThat(first.groupMetadata().generationId()).isEqualTo(generation);
                try (Admin admin = admin(cluster)) {
                    var description = admin.describeConsumerGroups(List.of("static-group")).all().get()
                            .get("static-group");
                    assertThat(description.members()).hasSize(2);
                    assertThat(description.members()).anySatisfy(m -> {
                        assertThat(m.groupInstanceId()).contains("instance-b");
                        assertThat(m.consumerId()).isEqualTo(restarted.groupMetadata().memberId());
                        assertThat(m.assignment().topicPartitions()).isEqualTo(secondsPartitions);
                    });
                }
            }
        }
    }
}
