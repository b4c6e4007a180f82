package io.sluice.server.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.server.cluster.SluiceTestCluster;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.CreatePartitionsOptions;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicCollection;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.InvalidPartitionsException;
import org.apache.kafka.common.errors.InvalidReplicationFactorException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Topic administration with the official Admin client against a two-broker cluster. */
class AdminTopicsCompatibilityTest {

    private static SluiceTestCluster cluster;
    private static Admin admin;

    @BeforeAll
    static void start() {
        cluster = SluiceTestCluster.start(2, Map.of("num.partitions", "3"));
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "30000"));
    }

    @AfterAll
    static void stop() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void createAndDescribeTopicWithLeadersIsrAndTopicId() throws Exception {
        CreateTopicsResult created = admin.createTopics(List.of(new NewTopic("orders", 4, (short) 2)));
        created.all().get();
        Uuid id = created.topicId("orders").get();
        assertThat(id).isNotEqualTo(Uuid.ZERO_UUID);
        assertThat(created.numPartitions("orders").get()).isEqualTo(4);
        assertThat(created.replicationFactor("orders").get()).isEqualTo(2);

        TopicDescription description = admin.describeTopics(List.of("orders")).allTopicNames().get().get("orders");
        assertThat(description.topicId()).isEqualTo(id);
        assertThat(description.isInternal()).isFalse();
        assertThat(description.partitions()).hasSize(4);
        for (TopicPartitionInfo partition : description.partitions()) {
            assertThat(partition.replicas()).extracting(Node::id).containsExactlyInAnyOrder(0, 1);
            assertThat(partition.isr()).extracting(Node::id).containsExactlyInAnyOrder(0, 1);
            assertThat(partition.leader()).isNotNull();
            assertThat(partition.leader().id()).isEqualTo(partition.replicas().get(0).id());
        }
        assertThat(admin.listTopics().names().get()).contains("orders");
    }

    @Test
    void minusOneTakesTheBrokerDefaultsAndTheResponseCarriesTheConfigs() throws Exception {
        CreateTopicsResult created = admin.createTopics(List.of(
                new NewTopic("defaults", Optional.empty(), Optional.empty())
                        .configs(Map.of("retention.ms", "3600000"))));
        created.all().get();
        assertThat(created.numPartitions("defaults").get()).isEqualTo(3);
        assertThat(created.replicationFactor("defaults").get()).isEqualTo(1);
        assertThat(created.config("defaults").get().get("retention.ms").value()).isEqualTo("3600000");
        assertThat(created.config("defaults").get().get("cleanup.policy").value()).isEqualTo("delete");
        assertThat(admin.describeTopics(List.of("defaults")).allTopicNames().get().get("defaults").partitions())
                .hasSize(3);
    }

    @Test
    void validateOnlyCreatesNothing() throws Exception {
        CreateTopicsResult checked = admin.createTopics(List.of(new NewTopic("dry-run", 5, (short) 1)),
                new CreateTopicsOptions().validateOnly(true));
        checked.all().get();
        assertThat(checked.numPartitions("dry-run").get()).isEqualTo(5);
        assertThat(admin.listTopics().names().get()).doesNotContain("dry-run");

        assertThatThrownBy(() -> admin.createTopics(List.of(new NewTopic("dry-run", 1, (short) 3)),
                new CreateTopicsOptions().validateOnly(true)).all().get())
                .hasCauseInstanceOf(InvalidReplicationFactorException.class);
    }

    @Test
    void refusalsComeBackAsTheirKafkaExceptions() throws Exception {
        admin.createTopics(List.of(new NewTopic("taken", 1, (short) 1))).all().get();
        assertThatThrownBy(() -> admin.createTopics(List.of(new NewTopic("taken", 1, (short) 1))).all().get())
                .hasCauseInstanceOf(TopicExistsException.class);
        assertThatThrownBy(() -> admin.createTopics(List.of(new NewTopic("bad config", 1, (short) 1))).all().get())
                .hasCauseInstanceOf(InvalidTopicException.class);
        assertThatThrownBy(() -> admin.createTopics(List.of(new NewTopic("unknown-config", 1, (short) 1)
                .configs(Map.of("retention.forever", "yes")))).all().get())
                .hasCauseInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("retention.forever");
        assertThatThrownBy(() -> admin.createTopics(List.of(new NewTopic("bad-value", 1, (short) 1)
                .configs(Map.of("segment.bytes", "ten")))).all().get())
                .hasCauseInstanceOf(InvalidConfigurationException.class);
        assertThatThrownBy(() -> admin.createTopics(List.of(new NewTopic("zero", 0, (short) 1))).all().get())
                .hasCauseInstanceOf(InvalidPartitionsException.class);
        assertThat(admin.listTopics().names().get()).doesNotContain("unknown-config", "bad-value", "zero");
    }

    @Test
    void explicitAssignmentsArePlacedAsGiven() throws Exception {
        admin.createTopics(List.of(new NewTopic("placed", Map.of(0, List.of(1, 0), 1, List.of(0, 1))))).all().get();
        TopicDescription description = admin.describeTopics(List.of("placed")).allTopicNames().get().get("placed");
        assertThat(description.partitions().get(0).replicas()).extracting(Node::id).containsExactly(1, 0);
        assertThat(description.partitions().get(0).leader().id()).isEqualTo(1);
        assertThat(description.partitions().get(1).replicas()).extracting(Node::id).containsExactly(0, 1);
    }

    @Test
    void internalTopicsAreListedOnlyWhenAsked() throws Exception {
        admin.createTopics(List.of(new NewTopic("__consumer_offsets", 2, (short) 1))).all().get();
        assertThat(admin.listTopics().names().get()).doesNotContain("__consumer_offsets");
        assertThat(admin.listTopics(new ListTopicsOptions().listInternal(true)).names().get())
                .contains("__consumer_offsets");
        assertThat(admin.describeTopics(List.of("__consumer_offsets")).allTopicNames().get()
                .get("__consumer_offsets").isInternal()).isTrue();
    }

    @Test
    void createPartitionsGrowsTopicsAndRefusesShrinking() throws Exception {
        admin.createTopics(List.of(new NewTopic("growing", 2, (short) 1))).all().get();
        admin.createPartitions(Map.of("growing", NewPartitions.increaseTo(6)),
                new CreatePartitionsOptions().validateOnly(true)).all().get();
        assertThat(partitionCount("growing")).isEqualTo(2);

        admin.createPartitions(Map.of("growing", NewPartitions.increaseTo(4))).all().get();
        assertThat(partitionCount("growing")).isEqualTo(4);
        admin.createPartitions(Map.of("growing", NewPartitions.increaseTo(5, List.of(List.of(1))))).all().get();
        TopicDescription description = admin.describeTopics(List.of("growing")).allTopicNames().get().get("growing");
        assertThat(description.partitions()).hasSize(5);
        assertThat(description.partitions().get(4).leader().id()).isEqualTo(1);

        assertThatThrownBy(() -> admin.createPartitions(Map.of("growing", NewPartitions.increaseTo(3))).all().get())
                .hasCauseInstanceOf(InvalidPartitionsException.class);
        assertThatThrownBy(() -> admin.createPartitions(Map.of("no-such-topic", NewPartitions.increaseTo(3))).all()
                .get()).hasCauseInstanceOf(UnknownTopicOrPartitionException.class);
    }

    @Test
    void deletedTopicsDisappearAndTheirNameCanBeReused() throws Exception {
        admin.createTopics(List.of(new NewTopic("short-lived", 2, (short) 2))).all().get();
        Uuid first = admin.describeTopics(List.of("short-lived")).allTopicNames().get().get("short-lived").topicId();
        admin.deleteTopics(List.of("short-lived")).all().get();
        assertThat(admin.listTopics().names().get()).doesNotContain("short-lived");
        assertThat(cluster.broker(1).services().metadataCache().refreshTopic("short-lived")).isEmpty();

        admin.createTopics(List.of(new NewTopic("short-lived", 1, (short) 1))).all().get();
        TopicDescription again = admin.describeTopics(List.of("short-lived")).allTopicNames().get().get("short-lived");
        assertThat(again.topicId()).isNotEqualTo(first);
        assertThat(again.partitions()).hasSize(1);

        admin.deleteTopics(TopicCollection.ofTopicIds(List.of(again.topicId()))).all().get();
        assertThat(admin.listTopics().names().get()).doesNotContain("short-lived");

        assertThatThrownBy(() -> admin.deleteTopics(List.of("never-was")).all().get())
                .hasCauseInstanceOf(UnknownTopicOrPartitionException.class);
    }

    @Test
    void aDeletionQueuedInZooKeeperIsCompleted() throws Exception {
        admin.createTopics(List.of(new NewTopic("queued", 1, (short) 1))).all().get();
        cluster.broker(0).services().topicStore().markForDeletion("queued");
        var store = cluster.broker(0).services().topicStore();
        // the marker goes last, once the topic's znodes are gone
        awaitTrue(() -> !store.topicsPendingDeletion().contains("queued"), "queued deletion completed");
        assertThat(store.topicExists("queued")).isFalse();
        assertThat(admin.listTopics().names().get()).doesNotContain("queued");
    }

    @Test
    void describeClusterNamesEveryBrokerAndAController() throws Exception {
        DescribeClusterResult described = admin.describeCluster();
        assertThat(described.nodes().get()).extracting(Node::id).containsExactlyInAnyOrder(0, 1);
        assertThat(described.nodes().get()).allSatisfy(node -> assertThat(node.host()).isEqualTo("127.0.0.1"));
        assertThat(described.controller().get().id()).isIn(0, 1);
        assertThat(described.clusterId().get()).isEqualTo(cluster.broker(0).services().clusterId());

        // Without an authorizer every operation a resource supports is allowed.
        assertThat(admin.describeCluster(new DescribeClusterOptions().includeAuthorizedOperations(true))
                .authorizedOperations().get()).containsExactlyInAnyOrder(AclOperation.CREATE, AclOperation.ALTER,
                AclOperation.DESCRIBE, AclOperation.CLUSTER_ACTION, AclOperation.DESCRIBE_CONFIGS,
                AclOperation.ALTER_CONFIGS, AclOperation.IDEMPOTENT_WRITE);
        admin.createTopics(List.of(new NewTopic("with-operations", 1, (short) 1))).all().get();
        assertThat(admin.describeTopics(List.of("with-operations"),
                new DescribeTopicsOptions().includeAuthorizedOperations(true)).allTopicNames().get()
                .get("with-operations").authorizedOperations()).containsExactlyInAnyOrder(AclOperation.READ,
                AclOperation.WRITE, AclOperation.CREATE, AclOperation.DELETE, AclOperation.ALTER,
                AclOperation.DESCRIBE, AclOperation.DESCRIBE_CONFIGS, AclOperation.ALTER_CONFIGS);
    }

    @Test
    void metadataForAnUnknownTopicCreatesItForAConsumer() throws Exception {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "true");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            List<PartitionInfo> partitions = consumer.partitionsFor("auto-created", Duration.ofSeconds(30));
            assertThat(partitions).hasSize(3);
            assertThat(partitions).allSatisfy(p -> assertThat(p.leader()).isNotNull());
        }
        assertThat(admin.listTopics().names().get()).contains("auto-created");

        // The Admin asks without auto-creation: an unknown topic stays unknown.
        assertThatThrownBy(() -> admin.describeTopics(List.of("not-auto-created")).allTopicNames().get())
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(UnknownTopicOrPartitionException.class);
        assertThat(admin.listTopics().names().get()).doesNotContain("not-auto-created");
    }

    private static int partitionCount(String topic) throws Exception {
        return admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
    }

    static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Gave up waiting for: " + what);
            }
            Thread.sleep(20);
        }
    }

}
