package io.sluice.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.protocol.ApiKeys;
import io.sluice.protocol.Errors;
import io.sluice.protocol.Struct;
import io.sluice.server.cluster.SluiceTestCluster;
import io.sluice.server.group.OffsetsTopicPartitioner;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * FindCoordinator at every advertised version against two brokers: {@code __consumer_offsets} is
 * created on first use with {@code offsets.topic.num.partitions} compacted partitions, and every
 * broker names the leader of the group's partition (Kafka's abs(hashCode) % partitions) as coordinator.
 */
class FindCoordinatorProtocolTest {

    private static final int OFFSETS_PARTITIONS = 6;
    private static final List<String> GROUPS = List.of("my-group", "console-consumer-1", "polygenelubricants",
            "orders", "g");

    private static SluiceTestCluster cluster;

    @BeforeAll
    static void start() throws Exception {
        cluster = SluiceTestCluster.start(2, Map.of("offsets.topic.num.partitions", String.valueOf(OFFSETS_PARTITIONS)));
        // The first lookup creates the topic and answers COORDINATOR_NOT_AVAILABLE until leaders exist.
        try (RawApiClient client = client(0)) {
            Struct first = client.send(ApiKeys.FIND_COORDINATOR, 0,
                    RawApiClient.newRequest(ApiKeys.FIND_COORDINATOR).set("key", "my-group"));
            assertThat(first.getShort("error_code")).isIn(Errors.NONE.code(), Errors.COORDINATOR_NOT_AVAILABLE.code());
            while (client.send(ApiKeys.FIND_COORDINATOR, 0, RawApiClient.newRequest(ApiKeys.FIND_COORDINATOR)
                    .set("key", "my-group")).getShort("error_code") != Errors.NONE.code()) {
                Thread.sleep(20);
            }
        }
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static RawApiClient client(int broker) throws Exception {
        return new RawApiClient(cluster.broker(broker).boundPort());
    }

    /** partition -> leader of __consumer_offsets, from Metadata. */
    private static Map<Integer, Integer> offsetsLeaders() throws Exception {
        Struct request = RawApiClient.newRequest(ApiKeys.METADATA).set("allow_auto_topic_creation", false);
        request.addElement("topics").set("name", "__consumer_offsets");
        Map<Integer, Integer> leaders = new HashMap<>();
        try (RawApiClient client = client(0)) {
            Struct topic = client.send(ApiKeys.METADATA, 4, request).<Struct>getArray("topics").get(0);
            assertThat(topic.getShort("error_code")).isZero();
            assertThat(topic.getBool("is_internal")).isTrue();
            for (Struct partition : topic.<Struct>getArray("partitions")) {
                leaders.put(partition.getInt("partition_index"), partition.getInt("leader_id"));
            }
        }
        return leaders;
    }

    private static int expectedCoordinator(String group) throws Exception {
        return offsetsLeaders().get(OffsetsTopicPartitioner.partitionFor(group, OFFSETS_PARTITIONS));
    }

    @Test
    void offsetsTopicIsCreatedCompactedWithTheConfiguredPartitions() throws Exception {
        assertThat(offsetsLeaders()).hasSize(OFFSETS_PARTITIONS);
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        try (Admin admin = Admin.create(props)) {
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, "__consumer_offsets");
            Config config = admin.describeConfigs(Set.of(resource)).all().get().get(resource);
            assertThat(config.get("cleanup.policy").value()).isEqualTo("compact");
        }
    }

    @Test
    void singleKeyVersionsNameTheLeaderOfTheGroupsPartitionOnEveryBroker() throws Exception {
        for (String group : GROUPS) {
            int expected = expectedCoordinator(group);
            for (int broker = 0; broker < 2; broker++) {
                for (int version = 0; version <= 3; version++) {
                    Struct request = RawApiClient.newRequest(ApiKeys.FIND_COORDINATOR).set("key", group);
                    if (version >= 1) {
                        request.set("key_type", (byte) 0);
                    }
                    try (RawApiClient client = client(broker)) {
                        Struct response = client.send(ApiKeys.FIND_COORDINATOR, version, request);
                        assertThat(response.getShort("error_code")).as("v%d %s", version, group).isZero();
                        assertThat(response.getInt("node_id")).isEqualTo(expected);
                        assertThat(response.getString("host")).isEqualTo("127.0.0.1");
                        assertThat(response.getInt("port")).isEqualTo(cluster.broker(expected).boundPort());
                        if (version >= 1) {
                            assertThat(response.getString("error_message")).isNull();
                        }
                    }
                }
            }
        }
    }

    @Test
    void batchedVersionAnswersEveryKey() throws Exception {
        Struct request = RawApiClient.newRequest(ApiKeys.FIND_COORDINATOR).set("key_type", (byte) 0)
                .set("coordinator_keys", GROUPS);
        try (RawApiClient client = client(1)) {
            Struct response = client.send(ApiKeys.FIND_COORDINATOR, 4, request);
            List<Struct> coordinators = response.getArray("coordinators");
            assertThat(coordinators).extracting(c -> c.getString("key")).containsExactlyElementsOf(GROUPS);
            for (Struct coordinator : coordinators) {
                int expected = expectedCoordinator(coordinator.getString("key"));
                assertThat(coordinator.getShort("error_code")).isZero();
                assertThat(coordinator.getInt("node_id")).isEqualTo(expected);
                assertThat(coordinator.getInt("port")).isEqualTo(cluster.broker(expected).boundPort());
            }
        }
    }

    @Test
    void transactionKeysAreRefusedAndUnknownKeyTypesAreInvalid() throws Exception {
        try (RawApiClient client = client(0)) {
            Struct txn = client.send(ApiKeys.FIND_COORDINATOR, 3, RawApiClient.newRequest(ApiKeys.FIND_COORDINATOR)
                    .set("key", "txn").set("key_type", (byte) 1));
            assertThat(txn.getShort("error_code")).isEqualTo(Errors.UNSUPPORTED_VERSION.code());
            assertThat(txn.getInt("node_id")).isEqualTo(-1);
            Struct unknown = client.send(ApiKeys.FIND_COORDINATOR, 4, RawApiClient.newRequest(ApiKeys.FIND_COORDINATOR)
                    .set("key_type", (byte) 7).set("coordinator_keys", List.of("a")));
            assertThat(unknown.<Struct>getArray("coordinators").get(0).getShort("error_code"))
                    .isEqualTo(Errors.INVALID_REQUEST.code());
        }
    }
}
