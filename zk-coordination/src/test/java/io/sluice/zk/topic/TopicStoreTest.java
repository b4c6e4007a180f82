package io.sluice.zk.topic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Random;

import org.apache.zookeeper.CreateMode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.sluice.zk.Versioned;
import io.sluice.zk.ZkClient;
import io.sluice.zk.ZkException;
import io.sluice.zk.ZkPaths;
import io.sluice.zk.ZkTestBase;
import io.sluice.zk.errors.AdminException;
import io.sluice.zk.json.BrokerInfo;
import io.sluice.zk.json.Endpoint;
import io.sluice.zk.json.PartitionState;
import io.sluice.zk.json.TopicAssignment;
import io.sluice.zk.json.Uuids;
import io.sluice.zk.registration.BrokerRegistration;

class TopicStoreTest extends ZkTestBase {

    private ZkClient zk;
    private TopicStore topics;

    @BeforeEach
    void setUp() {
        zk = newClient();
        zk.ensurePersistentPaths();
        topics = new TopicStore(zk, new Random(1));
    }

    private void registerBrokers(int... ids) {
        for (int id : ids) {
            closeLater(new BrokerRegistration(zk, BrokerInfo.of(id, List.of(Endpoint.plaintext("h", 9000 + id)), null, 0)))
                    .register();
        }
    }

    @Test
    void createWritesAssignmentStatesAndConfigInKafkasLayout() throws Exception {
        registerBrokers(0, 1, 2);
        TopicAssignment created = topics.createTopic("orders", 6, 2, Map.of("retention.ms", "1000"));

        assertThat(topics.listTopics()).containsExactly("orders");
        TopicAssignment stored = topics.assignment("orders").orElseThrow();
        assertThat(stored).isEqualTo(created);
        assertThat(stored.partitions()).hasSize(6);
        assertThat(stored.topicIdString()).hasSize(22);

        JsonNode raw = new ObjectMapper().readTree(zk.getData(ZkPaths.topic("orders")).data());
        assertThat(raw.get("version").asInt()).isEqualTo(3);
        assertThat(raw.get("partitions").get("0")).hasSize(2);
        assertThat(Uuids.fromBase64(raw.get("topic_id").asText())).isEqualTo(created.topicId());

        for (int p = 0; p < 6; p++) {
            List<Integer> replicas = stored.replicas(p);
            Versioned<PartitionState> state = topics.partitionState("orders", p).orElseThrow();
            assertThat(state.value()).isEqualTo(new PartitionState(replicas.get(0), 0, replicas, 0));
            assertThat(state.zkVersion()).isZero();
        }
        assertThat(new String(zk.getData(ZkPaths.topicConfig("orders")).data()))
                .isEqualTo("{\"version\":1,\"config\":{\"retention.ms\":\"1000\"}}");

        TopicDescription described = topics.describe("orders").orElseThrow();
        assertThat(described.partitionCount()).isEqualTo(6);
        assertThat(described.partitionStates()).hasSize(6);
        assertThat(described.configOverrides()).containsEntry("retention.ms", "1000");
        assertThat(described.markedForDeletion()).isFalse();
        assertThat(topics.describe("nope")).isEmpty();
    }

    @Test
    void createRefusals() {
        registerBrokers(0);
        topics.createTopic("a.b", 1, 1, Map.of());

        assertThatThrownBy(() -> topics.createTopic("a.b", 1, 1, Map.of()))
                .isInstanceOf(AdminException.TopicExists.class).hasMessage("Topic 'a.b' already exists.");
        assertThatThrownBy(() -> topics.createTopic("a_b", 1, 1, Map.of()))
                .isInstanceOf(AdminException.InvalidTopic.class).hasMessageContaining("collides with existing topics: a.b");
        assertThatThrownBy(() -> topics.createTopic("bad name", 1, 1, Map.of()))
                .isInstanceOf(AdminException.InvalidTopic.class);
        assertThatThrownBy(() -> topics.createTopic("t", 1, 2, Map.of()))
                .isInstanceOf(AdminException.InvalidReplicationFactor.class)
                .hasMessage("Replication factor: 2 larger than available brokers: 1.");
        assertThatThrownBy(() -> topics.createTopic("t", 0, 1, Map.of()))
                .isInstanceOf(AdminException.InvalidPartitions.class);
        assertThat(topics.listTopics()).containsExactly("a.b");
        assertThat(zk.exists(ZkPaths.topicConfig("t"))).as("nothing half-written").isFalse();
    }

    @Test
    void explicitAssignmentIsValidated() {
        registerBrokers(1, 2);
        topics.createTopicWithAssignment("manual", Map.of(0, List.of(2, 1), 1, List.of(1, 2)), Map.of());
        assertThat(topics.assignment("manual").orElseThrow().replicas(0)).containsExactly(2, 1);
        assertThat(topics.partitionState("manual", 0).orElseThrow().value().leader()).isEqualTo(2);

        assertThatThrownBy(() -> topics.createTopicWithAssignment("x", Map.of(0, List.of(1, 1)), Map.of()))
                .isInstanceOf(AdminException.InvalidReplicaAssignment.class).hasMessageContaining("Duplicate");
        assertThatThrownBy(() -> topics.createTopicWithAssignment("x", Map.of(0, List.of(1), 2, List.of(2)), Map.of()))
                .isInstanceOf(AdminException.InvalidReplicaAssignment.class).hasMessageContaining("consecutive");
        assertThatThrownBy(() -> topics.createTopicWithAssignment("x", Map.of(0, List.of(1), 1, List.of(1, 2)), Map.of()))
                .isInstanceOf(AdminException.InvalidReplicaAssignment.class).hasMessageContaining("same number");
        assertThatThrownBy(() -> topics.createTopicWithAssignment("x", Map.of(0, List.of(7)), Map.of()))
                .isInstanceOf(AdminException.InvalidReplicaAssignment.class).hasMessageContaining("Unknown broker");
    }

    @Test
    void createPartitionsGrowsTheTopic() {
        registerBrokers(0, 1, 2);
        TopicAssignment before = topics.createTopic("grow", 2, 2, Map.of());

        TopicAssignment after = topics.createPartitions("grow", 5);
        assertThat(after.partitionCount()).isEqualTo(5);
        assertThat(after.topicId()).isEqualTo(before.topicId());
        assertThat(after.replicas(0)).isEqualTo(before.replicas(0));
        assertThat(after.replicas(1)).isEqualTo(before.replicas(1));
        for (int p = 2; p < 5; p++) {
            assertThat(after.replicas(p)).hasSize(2).doesNotHaveDuplicates();
            assertThat(topics.partitionState("grow", p).orElseThrow().value().leader()).isEqualTo(after.replicas(p).get(0));
        }
        assertThat(topics.assignment("grow").orElseThrow()).isEqualTo(after);
        assertThat(topics.partitionStates("grow")).hasSize(5);

        topics.createPartitions("grow", 6, List.of(List.of(2, 0)));
        assertThat(topics.assignment("grow").orElseThrow().replicas(5)).containsExactly(2, 0);

        assertThatThrownBy(() -> topics.createPartitions("grow", 6))
                .isInstanceOf(AdminException.InvalidPartitions.class).hasMessage("Topic already has 6 partitions.");
        assertThatThrownBy(() -> topics.createPartitions("grow", 3))
                .isInstanceOf(AdminException.InvalidPartitions.class)
                .hasMessage("Topic currently has 6 partitions, which is higher than the requested 3.");
        assertThatThrownBy(() -> topics.createPartitions("grow", 7, List.of(List.of(1))))
                .isInstanceOf(AdminException.InvalidReplicaAssignment.class);
        assertThatThrownBy(() -> topics.createPartitions("missing", 3))
                .isInstanceOf(AdminException.UnknownTopicOrPartition.class)
                .extracting(e -> ((AdminException) e).errorCode()).isEqualTo((short) 3);
    }

    @Test
    void deleteMarksThenCompletes() {
        registerBrokers(0);
        topics.createTopic("gone", 2, 1, Map.of("cleanup.policy", "compact"));
        topics.createTopic("stays", 1, 1, Map.of());

        topics.markForDeletion("gone");
        topics.markForDeletion("gone"); // idempotent
        assertThat(topics.isMarkedForDeletion("gone")).isTrue();
        assertThat(topics.topicsPendingDeletion()).containsExactly("gone");
        assertThat(topics.describe("gone").orElseThrow().markedForDeletion()).isTrue();
        assertThatThrownBy(() -> topics.createPartitions("gone", 3))
                .isInstanceOf(AdminException.InvalidTopic.class).hasMessageContaining("queued for deletion");

        topics.completeDeletion("gone");
        assertThat(topics.listTopics()).containsExactly("stays");
        assertThat(topics.topicsPendingDeletion()).isEmpty();
        assertThat(zk.exists(ZkPaths.topic("gone"))).isFalse();
        assertThat(zk.exists(ZkPaths.topicConfig("gone"))).isFalse();
        topics.completeDeletion("gone"); // idempotent

        assertThatThrownBy(() -> topics.markForDeletion("gone")).isInstanceOf(AdminException.UnknownTopicOrPartition.class);
        // the name is free again, with a new topic id
        TopicAssignment again = topics.createTopic("gone", 1, 1, Map.of());
        assertThat(again.partitionCount()).isEqualTo(1);
    }

    @Test
    void partitionStateUpdatesAreConditionalOnZkVersion() {
        registerBrokers(0, 1);
        topics.createTopic("cas", 1, 2, Map.of());
        Versioned<PartitionState> read = topics.partitionState("cas", 0).orElseThrow();
        PartitionState initial = read.value();
        int other = initial.isr().get(1);

        PartitionState shrunk = initial.withIsr(List.of(initial.leader()));
        int v1 = topics.updatePartitionState("cas", 0, shrunk, read.zkVersion());
        assertThat(v1).isEqualTo(read.zkVersion() + 1);

        // a second writer that read before the first write must lose
        PartitionState stale = initial.withLeader(other, List.of(other), 1);
        assertThatThrownBy(() -> topics.updatePartitionState("cas", 0, stale, read.zkVersion()))
                .isInstanceOf(ZkException.BadVersion.class);
        assertThat(topics.partitionState("cas", 0).orElseThrow()).isEqualTo(new Versioned<>(shrunk, v1));

        PartitionState newLeader = shrunk.withLeader(other, List.of(other), 1);
        topics.updatePartitionState("cas", 0, newLeader, v1);
        assertThat(topics.partitionState("cas", 0).orElseThrow().value())
                .isEqualTo(new PartitionState(other, 1, List.of(other), 1));
        assertThatThrownBy(() -> topics.updatePartitionState("cas", 0, newLeader, -1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> topics.updatePartitionState("cas", 7, newLeader, 0)).isInstanceOf(ZkException.NoNode.class);
    }

    @Test
    void initialStateCarriesTheCurrentControllerEpoch() {
        registerBrokers(1, 2);
        zk.create(ZkPaths.CONTROLLER_EPOCH, "5".getBytes(), CreateMode.PERSISTENT);
        topics.createTopicWithAssignment("e", Map.of(0, List.of(2, 1)), Map.of());
        assertThat(topics.partitionState("e", 0).orElseThrow().value())
                .isEqualTo(new PartitionState(2, 0, List.of(2, 1), 5));
    }
}
