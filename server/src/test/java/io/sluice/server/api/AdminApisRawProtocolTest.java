package io.sluice.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.protocol.ApiKeys;
import io.sluice.protocol.Errors;
import io.sluice.protocol.Struct;
import io.sluice.server.cluster.SluiceTestCluster;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Version-specific behaviour of the metadata and admin APIs, checked with hand-built requests at the
 * versions old clients use (kafka-python's Metadata v0/v1, librdkafka's v4, AlterConfigs v0).
 */
class AdminApisRawProtocolTest {

    private static SluiceTestCluster cluster;

    @BeforeAll
    static void start() throws Exception {
        cluster = SluiceTestCluster.start(1, Map.of("num.partitions", "2"));
        try (RawApiClient client = client()) {
            Struct create = RawApiClient.newRequest(ApiKeys.CREATE_TOPICS).set("timeout_ms", 30_000);
            create.addElement("topics").set("name", "existing").set("num_partitions", 1)
                    .set("replication_factor", (short) 1);
            Struct response = client.send(ApiKeys.CREATE_TOPICS, 7, create);
            assertThat(response.<Struct>getArray("topics").get(0).getShort("error_code")).isZero();
        }
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static RawApiClient client() throws Exception {
        return new RawApiClient(cluster.broker(0).boundPort());
    }

    private static Struct metadata(int version, List<String> topics, boolean allowAutoCreation) throws Exception {
        Struct request = RawApiClient.newRequest(ApiKeys.METADATA).set("allow_auto_topic_creation", allowAutoCreation);
        if (topics == null) {
            request.set("topics", null);
        } else {
            request.set("topics", new java.util.ArrayList<>());
            for (String topic : topics) {
                request.addElement("topics").set("name", topic);
            }
        }
        try (RawApiClient client = client()) {
            return client.send(ApiKeys.METADATA, version, request);
        }
    }

    private static List<String> names(Struct metadata) {
        return metadata.<Struct>getArray("topics").stream().map(t -> t.getString("name")).toList();
    }

    private static short topicError(Struct metadata, String topic) {
        return metadata.<Struct>getArray("topics").stream().filter(t -> topic.equals(t.getString("name")))
                .findFirst().orElseThrow().getShort("error_code");
    }

    @Test
    void v0EmptyListAndV1NullListMeanAllTopicsButV1EmptyListMeansNone() throws Exception {
        assertThat(names(metadata(0, List.of(), true))).contains("existing");
        assertThat(names(metadata(1, null, true))).contains("existing");
        assertThat(names(metadata(1, List.of(), true))).isEmpty();
        Struct v0 = metadata(0, List.of(), true);
        assertThat(v0.<Struct>getArray("brokers")).singleElement()
                .satisfies(b -> assertThat(b.getInt("port")).isEqualTo(cluster.broker(0).boundPort()));
    }

    @Test
    void unknownTopicsAreCreatedOnlyWhenTheRequestAllowsIt() throws Exception {
        assertThat(topicError(metadata(4, List.of("not-wanted"), false), "not-wanted"))
                .isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
        assertThat(cluster.broker(0).services().topicStore().topicExists("not-wanted")).isFalse();

        assertThat(topicError(metadata(4, List.of("wanted-v4"), true), "wanted-v4"))
                .isEqualTo(Errors.LEADER_NOT_AVAILABLE.code());
        Struct again = metadata(4, List.of("wanted-v4"), true);
        assertThat(topicError(again, "wanted-v4")).isZero();
        assertThat(again.<Struct>getArray("topics").get(0).<Struct>getArray("partitions")).hasSize(2)
                .allSatisfy(p -> assertThat(p.getInt("leader_id")).isEqualTo(0));

        // Below v4 there is no flag: creation is always allowed.
        assertThat(topicError(metadata(1, List.of("wanted-v1"), false), "wanted-v1"))
                .isEqualTo(Errors.LEADER_NOT_AVAILABLE.code());
        assertThat(cluster.broker(0).services().topicStore().topicExists("wanted-v1")).isTrue();
    }

    @Test
    void malformedNamesAreInvalidTopics() throws Exception {
        Struct response = metadata(4, List.of("no spaces", "slash/not", ""), true);
        for (String name : List.of("no spaces", "slash/not", "")) {
            assertThat(topicError(response, name)).isEqualTo(Errors.INVALID_TOPIC_EXCEPTION.code());
        }
    }

    @Test
    void latestVersionCarriesTopicIdsEpochsAndAuthorizedOperations() throws Exception {
        Struct request = RawApiClient.newRequest(ApiKeys.METADATA).set("include_topic_authorized_operations", true);
        request.addElement("topics").set("name", "existing");
        Struct response;
        try (RawApiClient client = client()) {
            response = client.send(ApiKeys.METADATA, 12, request);
        }
        assertThat(response.getString("cluster_id")).isEqualTo(cluster.broker(0).services().clusterId());
        assertThat(response.getInt("controller_id")).isEqualTo(0);
        Struct topic = response.<Struct>getArray("topics").get(0);
        UUID id = cluster.broker(0).services().topicStore().topicId("existing").orElseThrow();
        assertThat(topic.getUuid("topic_id")).isEqualTo(id);
        assertThat(topic.getInt("topic_authorized_operations")).isEqualTo(AuthorizedOperations.TOPIC);
        Struct partition = topic.<Struct>getArray("partitions").get(0);
        assertThat(partition.getInt("leader_epoch")).isZero();
        assertThat(partition.<Integer>getArray("replica_nodes")).containsExactly(0);
        assertThat(partition.<Integer>getArray("isr_nodes")).containsExactly(0);

        Struct byId = RawApiClient.newRequest(ApiKeys.METADATA);
        byId.addElement("topics").set("name", null).set("topic_id", id);
        try (RawApiClient client = client()) {
            response = client.send(ApiKeys.METADATA, 12, byId);
        }
        assertThat(response.<Struct>getArray("topics")).singleElement()
                .satisfies(t -> assertThat(t.getString("name")).isEqualTo("existing"));
    }

    @Test
    void alterConfigsReplacesTheWholeOverrideSet() throws Exception {
        for (int version : new int[] {0, 2}) {
            String topic = "legacy-" + version;
            try (RawApiClient client = client()) {
                Struct create = RawApiClient.newRequest(ApiKeys.CREATE_TOPICS).set("timeout_ms", 30_000);
                create.addElement("topics").set("name", topic).set("num_partitions", -1)
                        .set("replication_factor", (short) -1);
                client.send(ApiKeys.CREATE_TOPICS, 4, create);

                assertThat(alterConfigs(client, version, topic, Map.of("retention.ms", "1000"))).isZero();
                assertThat(alterConfigs(client, version, topic, Map.of("segment.bytes", "2000000"))).isZero();
                assertThat(cluster.broker(0).services().configStore().topicConfig(topic))
                        .isEqualTo(Map.of("segment.bytes", "2000000"));
                assertThat(alterConfigs(client, version, topic, Map.of("retention.ms", "x")))
                        .isEqualTo(Errors.INVALID_CONFIG.code());
            }
        }
    }

    private static short alterConfigs(RawApiClient client, int version, String topic, Map<String, String> configs)
            throws Exception {
        Struct request = RawApiClient.newRequest(ApiKeys.ALTER_CONFIGS);
        Struct resource = request.addElement("resources").set("resource_type", (byte) 2).set("resource_name", topic);
        configs.forEach((k, v) -> resource.addElement("configs").set("name", k).set("value", v));
        Struct response = client.send(ApiKeys.ALTER_CONFIGS, version, request);
        return response.<Struct>getArray("responses").get(0).getShort("error_code");
    }

    @Test
    void describeClusterRefusesControllerEndpoints() throws Exception {
        try (RawApiClient client = client()) {
            Struct response = client.send(ApiKeys.DESCRIBE_CLUSTER, 1,
                    RawApiClient.newRequest(ApiKeys.DESCRIBE_CLUSTER).set("endpoint_type", (byte) 2));
            assertThat(response.getShort("error_code")).isEqualTo(Errors.UNSUPPORTED_ENDPOINT_TYPE.code());
            response = client.send(ApiKeys.DESCRIBE_CLUSTER, 0, RawApiClient.newRequest(ApiKeys.DESCRIBE_CLUSTER)
                    .set("include_cluster_authorized_operations", true));
            assertThat(response.getShort("error_code")).isZero();
            assertThat(response.<Struct>getArray("brokers")).hasSize(1);
            assertThat(response.getInt("cluster_authorized_operations")).isEqualTo(AuthorizedOperations.CLUSTER);
        }
    }

    @Test
    void deleteTopicsV1ReportsUnknownTopics() throws Exception {
        try (RawApiClient client = client()) {
            Struct request = RawApiClient.newRequest(ApiKeys.DELETE_TOPICS).set("timeout_ms", 30_000)
                    .set("topic_names", List.of("never-created"));
            Struct response = client.send(ApiKeys.DELETE_TOPICS, 1, request);
            assertThat(response.<Struct>getArray("responses")).singleElement()
                    .satisfies(r -> assertThat(r.getShort("error_code"))
                            .isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION.code()));
        }
    }
}
