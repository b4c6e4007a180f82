package io.sluice.clients.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.clients.admin.AlterConfigOp;
import io.sluice.clients.admin.ClusterDescription;
import io.sluice.clients.admin.Config;
import io.sluice.clients.admin.ConfigEntry;
import io.sluice.clients.admin.ConfigResource;
import io.sluice.clients.admin.ConsumerGroupDescription;
import io.sluice.clients.admin.ListedOffset;
import io.sluice.clients.admin.NewTopic;
import io.sluice.clients.admin.OffsetSpec;
import io.sluice.clients.admin.SluiceAdmin;
import io.sluice.clients.admin.TopicDescription;
import io.sluice.clients.admin.TopicPartitionInfo;
import io.sluice.clients.common.ApiException;
import io.sluice.clients.common.TimeoutException;
import io.sluice.clients.common.TopicPartition;
import io.sluice.clients.consumer.OffsetAndMetadata;
import io.sluice.protocol.Errors;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What {@link SluiceAdmin} promises, checked with the same assertions against a one-broker Sluice
 * cluster and against Apache Kafka 3.9 in ZooKeeper mode: our admin client speaks the protocol as
 * Kafka's brokers expect it, and Sluice answers as Kafka does. Records are written with the official
 * KafkaProducer (a test-scope oracle) so these tests do not depend on our own producer.
 */
class SluiceAdminTest extends Brokers.PerClass {

    private SluiceAdmin admin;
    private String bootstrapServers;

    private void open(BrokerUnderTest kind) throws Exception {
        bootstrapServers = broker(kind).bootstrapServers();
        admin = SluiceAdmin.create(Map.of("bootstrap.servers", bootstrapServers, "default.api.timeout.ms", 60_000));
        awaitTopicCreation();
    }

    /**
     * A freshly started Kafka broker answers CreateTopics with INVALID_REPLICATION_FACTOR ("available
     * brokers: 0") until its controller has seen it register; wait for that before testing.
     */
    private void awaitTopicCreation() throws Exception {
        eventually(() -> {
            try {
                admin.createTopics(List.of(new NewTopic("admin-ready", 1, (short) 1))).all().get();
                return true;
            } catch (ExecutionException e) {
                return e.getCause() instanceof ApiException api && api.error() == Errors.TOPIC_ALREADY_EXISTS ? true : null;
            }
        });
    }

    private String bootstrapServers() {
        return bootstrapServers;
    }

    @AfterEach
    void closeAdmin() {
        if (admin != null) {
            admin.close();
            admin = null;
        }
    }

    @ParameterizedTest
    @EnumSource(BrokerUnderTest.class)
    void createsListsDescribesAndDeletesTopics(BrokerUnderTest kind) throws Exception {
        open(kind);
        admin.createTopics(List.of(new NewTopic("admin-orders", 3, (short) 1, Map.of("cleanup.policy", "compact"))))
                .all().get();

        assertThat(admin.listTopics(false).get()).containsKey("admin-orders");
        TopicDescription orders = eventually(() -> {
            TopicDescription d = admin.describeTopics(List.of("admin-orders")).value("admin-orders").get();
            return d.partitions().stream().allMatch(p -> p.leader() != null) ? d : null;
        });
        assertThat(orders.name()).isEqualTo("admin-orders");
        assertThat(orders.topicId()).isNotNull();
        assertThat(orders.internal()).isFalse();
        assertThat(orders.partitions()).extracting(TopicPartitionInfo::partition).containsExactly(0, 1, 2);
        for (TopicPartitionInfo partition : orders.partitions()) {
            assertThat(partition.replicas()).hasSize(1).containsExactly(partition.leader());
            assertThat(partition.isr()).containsExactly(partition.leader());
        }
        assertThat(admin.listTopics(false).get().get("admin-orders").topicId()).isEqualTo(orders.topicId());

        assertError(admin.createTopics(List.of(new NewTopic("admin-orders", 1, (short) 1))).value("admin-orders"),
                Errors.TOPIC_ALREADY_EXISTS);
        assertError(admin.createTopics(List.of(new NewTopic("admin-too-many-replicas", 1, (short) 3))).value("admin-too-many-replicas"),
                Errors.INVALID_REPLICATION_FACTOR);
        assertError(admin.describeTopics(List.of("admin-missing")).value("admin-missing"), Errors.UNKNOWN_TOPIC_OR_PARTITION);

        admin.deleteTopics(List.of("admin-orders")).all().get();
        eventually(() -> admin.listTopics(true).get().containsKey("admin-orders") ? null : true);
        assertError(admin.deleteTopics(List.of("admin-missing")).value("admin-missing"), Errors.UNKNOWN_TOPIC_OR_PARTITION);
    }

    @ParameterizedTest
    @EnumSource(BrokerUnderTest.class)
    void addsPartitionsButNeverRemovesThem(BrokerUnderTest kind) throws Exception {
        open(kind);
        admin.createTopics(List.of(new NewTopic("admin-grow", 1, (short) 1))).all().get();
        admin.createPartitions(Map.of("admin-grow", 3)).all().get();
        eventually(() -> admin.describeTopics(List.of("admin-grow")).value("admin-grow").get().partitions().size() == 3 ? true : null);
        assertError(admin.createPartitions(Map.of("admin-grow", 2)).value("admin-grow"), Errors.INVALID_PARTITIONS);
        assertError(admin.createPartitions(Map.of("admin-missing", 2)).value("admin-missing"), Errors.UNKNOWN_TOPIC_OR_PARTITION);
    }

    @ParameterizedTest
    @EnumSource(BrokerUnderTest.class)
    void describesAndIncrementallyAltersTopicConfigs(BrokerUnderTest kind) throws Exception {
        open(kind);
        admin.createTopics(List.of(new NewTopic("admin-configs", 1, (short) 1, Map.of("cleanup.policy", "compact"))))
                .all().get();
        ConfigResource resource = ConfigResource.topic("admin-configs");

        Config config = admin.describeConfigs(List.of(resource)).value(resource).get();
        assertThat(config.get("cleanup.policy").value()).isEqualTo("compact");
        assertThat(config.get("cleanup.policy").source()).isEqualTo(ConfigEntry.Source.DYNAMIC_TOPIC_CONFIG);
        assertThat(config.get("retention.ms").isDefault()).isTrue();

        admin.incrementalAlterConfigs(Map.of(resource,
                List.of(AlterConfigOp.set("retention.ms", "3600000"), AlterConfigOp.delete("cleanup.policy")))).all().get();
        Config altered = eventually(() -> {
            Config c = admin.describeConfigs(List.of(resource)).value(resource).get();
            return "3600000".equals(c.get("retention.ms").value()) ? c : null;
        });
        assertThat(altered.get("retention.ms").source()).isEqualTo(ConfigEntry.Source.DYNAMIC_TOPIC_CONFIG);
        assertThat(altered.get("cleanup.policy").value()).isEqualTo("delete");
        assertThat(altered.get("cleanup.policy").source()).isNotEqualTo(ConfigEntry.Source.DYNAMIC_TOPIC_CONFIG);

        assertError(admin.incrementalAlterConfigs(Map.of(resource, List.of(AlterConfigOp.set("retention.ms", "soon"))))
                .value(resource), Errors.INVALID_CONFIG);
        ConfigResource missing = ConfigResource.topic("admin-missing");
        assertError(admin.describeConfigs(List.of(missing)).value(missing), Errors.UNKNOWN_TOPIC_OR_PARTITION);
    }

    @ParameterizedTest
    @EnumSource(BrokerUnderTest.class)
    void describesTheClusterAndBrokerConfigs(BrokerUnderTest kind) throws Exception {
        open(kind);
        ClusterDescription cluster = admin.describeCluster().get();
        assertThat(cluster.clusterId()).isNotBlank();
        assertThat(cluster.nodes()).hasSize(1);
        assertThat(cluster.controller()).isEqualTo(cluster.nodes().get(0));
        assertThat(cluster.nodes().get(0).port()).isPositive();

        ConfigResource broker = ConfigResource.broker(cluster.nodes().get(0).id());
        Config config = admin.describeConfigs(List.of(broker)).value(broker).get();
        assertThat(config.get("log.retention.hours")).isNotNull();
        assertThat(config.get("broker.id").value()).isEqualTo(Integer.toString(cluster.nodes().get(0).id()));
    }

    @ParameterizedTest
    @EnumSource(BrokerUnderTest.class)
    void managesTheOffsetsAndLifecycleOfAGroupWithoutMembers(BrokerUnderTest kind) throws Exception {
        open(kind);
        admin.createTopics(List.of(new NewTopic("admin-group-topic", 2, (short) 1))).all().get();
        TopicPartition p0 = new TopicPartition("admin-group-topic", 0);
        TopicPartition p1 = new TopicPartition("admin-group-topic", 1);
        String group = "admin-group";

        assertThat(admin.describeConsumerGroups(List.of(group)).value(group).get().state()).isEqualTo("Dead");

        admin.alterConsumerGroupOffsets(group, Map.of(p0, new OffsetAndMetadata(5, "first"), p1, new OffsetAndMetadata(7)))
                .all().get();
        assertThat(admin.listConsumerGroupOffsets(group).get()).isEqualTo(Map.of(
                p0, new OffsetAndMetadata(5, "first"), p1, new OffsetAndMetadata(7)));
        assertThat(admin.listConsumerGroups().get()).anySatisfy(listing -> {
            assertThat(listing.groupId()).isEqualTo(group);
            assertThat(listing.isSimpleConsumerGroup()).isTrue();
        });
        ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group)).value(group).get();
        assertThat(description.state()).isEqualTo("Empty");
        assertThat(description.members()).isEmpty();
        assertThat(description.coordinator()).isNotNull();

        admin.deleteConsumerGroupOffsets(group, Set.of(p0)).all().get();
        assertThat(admin.listConsumerGroupOffsets(group).get()).containsOnlyKeys(p1);

        admin.deleteConsumerGroups(List.of(group)).all().get();
        assertThat(admin.describeConsumerGroups(List.of(group)).value(group).get().state()).isEqualTo("Dead");
        assertThat(admin.listConsumerGroupOffsets(group).get()).isEmpty();
        assertError(admin.deleteConsumerGroups(List.of(group)).value(group), Errors.GROUP_ID_NOT_FOUND);
    }

    @ParameterizedTest
    @EnumSource(BrokerUnderTest.class)
    void describesAnActiveConsumerGroupWithItsMembersAndAssignments(BrokerUnderTest kind) throws Exception {
        open(kind);
        admin.createTopics(List.of(new NewTopic("admin-active", 2, (short) 1))).all().get();
        String group = "admin-active-group";
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "admin-test-client");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            consumer.subscribe(List.of("admin-active"));
            eventually(() -> {
                consumer.poll(Duration.ofMillis(100));
                return consumer.assignment().size() == 2 ? true : null;
            });
            ConsumerGroupDescription description = eventually(() -> {
                ConsumerGroupDescription d = admin.describeConsumerGroups(List.of(group)).value(group).get();
                return "Stable".equals(d.state()) ? d : null;
            });
            assertThat(description.simpleConsumerGroup()).isFalse();
            assertThat(description.partitionAssignor()).isNotBlank();
            assertThat(description.members()).singleElement().satisfies(member -> {
                assertThat(member.clientId()).isEqualTo("admin-test-client");
                assertThat(member.memberId()).startsWith("admin-test-client-");
                assertThat(member.host()).contains("127.0.0.1");
                assertThat(member.assignment()).containsExactlyInAnyOrder(
                        new TopicPartition("admin-active", 0), new TopicPartition("admin-active", 1));
            });
            assertThat(admin.listConsumerGroups().get()).anySatisfy(listing -> {
                assertThat(listing.groupId()).isEqualTo(group);
                assertThat(listing.protocolType()).isEqualTo("consumer");
                assertThat(listing.state()).isEqualTo("Stable");
            });
            assertError(admin.deleteConsumerGroups(List.of(group)).value(group), Errors.NON_EMPTY_GROUP);
            assertError(admin.alterConsumerGroupOffsets(group, Map.of(new TopicPartition("admin-active", 0), new OffsetAndMetadata(0)))
                    .value(new TopicPartition("admin-active", 0)), Errors.UNKNOWN_MEMBER_ID);
        }
    }

    @ParameterizedTest
    @EnumSource(BrokerUnderTest.class)
    void listsOffsetsAndDeletesRecords(BrokerUnderTest kind) throws Exception {
        open(kind);
        admin.createTopics(List.of(new NewTopic("admin-records", 1, (short) 1))).all().get();
        TopicPartition tp = new TopicPartition("admin-records", 0);
        long before = System.currentTimeMillis();
        produce("admin-records", 10);

        Map<TopicPartition, ListedOffset> latest = admin.listOffsets(Map.of(tp, OffsetSpec.latest())).all().get();
        assertThat(latest.get(tp).offset()).isEqualTo(10);
        assertThat(admin.listOffsets(Map.of(tp, OffsetSpec.earliest())).value(tp).get().offset()).isZero();
        assertThat(admin.listOffsets(Map.of(tp, OffsetSpec.forTimestamp(before - 60_000))).value(tp).get().offset()).isZero();
        assertThat(admin.listOffsets(Map.of(tp, OffsetSpec.forTimestamp(System.currentTimeMillis() + 3_600_000)))
                .value(tp).get().offset()).isEqualTo(-1);

        assertThat(admin.deleteRecords(Map.of(tp, 4L)).value(tp).get()).isEqualTo(4L);
        assertThat(admin.listOffsets(Map.of(tp, OffsetSpec.earliest())).value(tp).get().offset()).isEqualTo(4);
        assertError(admin.deleteRecords(Map.of(tp, 11L)).value(tp), Errors.OFFSET_OUT_OF_RANGE);
        TopicPartition missing = new TopicPartition("admin-missing", 0);
        assertError(admin.listOffsets(Map.of(missing, OffsetSpec.latest())).value(missing), Errors.UNKNOWN_TOPIC_OR_PARTITION);
    }

    @Test
    void anUnreachableClusterFailsTheCallWithATimeoutNamingTheLastError() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        try (SluiceAdmin unreachable = SluiceAdmin.create(Map.of("bootstrap.servers", "127.0.0.1:" + closedPort,
                "default.api.timeout.ms", 1_500))) {
            assertThatThrownBy(() -> unreachable.describeCluster().get())
                    .isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(TimeoutException.class)
                    .hasMessageContaining("127.0.0.1:" + closedPort);
        }
    }

    private void produce(String topic, int count) throws Exception {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>(topic, "key-" + i, "value-" + i)).get();
            }
        }
    }

    private static void assertError(Future<?> future, Errors expected) {
        assertThatThrownBy(() -> future.get(60, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.error()).isEqualTo(expected));
    }

    /** Polls {@code check} until it returns non-null, for state that settles asynchronously (metadata, configs). */
    static <T> T eventually(Callable<T> check) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            T value = check.call();
            if (value != null) {
                return value;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Condition not met within 60 s");
            }
            Thread.sleep(100);
        }
    }
}
