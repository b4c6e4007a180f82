package io.sluice.zk.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The znode bodies, compared as JSON trees (field names, value types) with what a ZooKeeper-mode
 * Kafka broker writes; and Kafka-written bodies (Kafka's maps have no field order) decode.
 */
class ZnodeJsonTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static JsonNode tree(byte[] bytes) throws Exception {
        return MAPPER.readTree(bytes);
    }

    private static JsonNode tree(String json) throws Exception {
        return MAPPER.readTree(json);
    }

    private static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void brokerRegistrationIsKafkaVersion5() throws Exception {
        BrokerInfo info = new BrokerInfo(1, List.of(Endpoint.plaintext("localhost", 9092),
                new Endpoint("INTERNAL", "10.0.0.1", 9093, "SSL")), "rack-a", -1, 1_700_000_000_000L, Map.of());

        assertThat(tree(info.toJson())).isEqualTo(tree("""
                {"version":5,"host":"localhost","port":9092,
                 "endpoints":["PLAINTEXT://localhost:9092","INTERNAL://10.0.0.1:9093"],
                 "listener_security_protocol_map":{"PLAINTEXT":"PLAINTEXT","INTERNAL":"SSL"},
                 "jmx_port":-1,"rack":"rack-a","timestamp":"1700000000000","features":{}}"""));
        assertThat(BrokerInfo.fromJson(1, info.toJson())).isEqualTo(info);
    }

    @Test
    void brokerWithoutRackOrPlaintextListener() throws Exception {
        BrokerInfo info = BrokerInfo.of(7, List.of(new Endpoint("SECURE", "h", 9094, "SASL_SSL")), null, 5L);
        JsonNode json = tree(info.toJson());
        assertThat(json.has("rack")).isFalse();
        assertThat(json.get("host").isNull()).isTrue();
        assertThat(json.get("port").asInt()).isEqualTo(-1);
        assertThat(BrokerInfo.fromJson(7, info.toJson())).isEqualTo(info);
    }

    @Test
    void decodesWhatKafkaWrites() {
        // As written by a Kafka 3.9 broker in ZooKeeper mode (its JSON map has hash order).
        BrokerInfo info = BrokerInfo.fromJson(0, bytes("""
                {"features":{},"listener_security_protocol_map":{"PLAINTEXT":"PLAINTEXT"},
                 "endpoints":["PLAINTEXT://broker0:9092"],"jmx_port":-1,"port":9092,"host":"broker0",
                 "version":5,"timestamp":"1732240000000"}"""));
        assertThat(info.endpoints()).containsExactly(Endpoint.plaintext("broker0", 9092));
        assertThat(info.rack()).isNull();
        assertThat(info.timestampMs()).isEqualTo(1_732_240_000_000L);

        BrokerInfo v1 = BrokerInfo.fromJson(3, bytes("{\"version\":1,\"host\":\"old\",\"port\":9092,\"jmx_port\":9999}"));
        assertThat(v1.endpoints()).containsExactly(Endpoint.plaintext("old", 9092));

        BrokerInfo ipv6 = BrokerInfo.fromJson(4, bytes(
                "{\"version\":4,\"endpoints\":[\"PLAINTEXT://[::1]:9092\"],\"jmx_port\":-1,\"host\":\"::1\",\"port\":9092}"));
        assertThat(ipv6.endpoints().get(0).host()).isEqualTo("::1");
        assertThat(ipv6.endpoints().get(0).connectionString()).isEqualTo("PLAINTEXT://[::1]:9092");
    }

    @Test
    void topicAssignmentIsKafkaVersion3() throws Exception {
        UUID id = UUID.fromString("3097c6a2-a9c9-4849-bc99-0ed6d65dedda");
        TopicAssignment a = TopicAssignment.of(id, Map.of(0, List.of(1, 2), 1, List.of(2, 0), 10, List.of(0, 1)));

        assertThat(tree(a.toJson())).isEqualTo(tree("""
                {"version":3,"topic_id":"MJfGoqnJSEm8mQ7W1l3t2g",
                 "partitions":{"0":[1,2],"1":[2,0],"10":[0,1]},
                 "adding_replicas":{},"removing_replicas":{}}"""));
        // numeric, not text, order of partitions
        assertThat(new String(a.toJson(), StandardCharsets.UTF_8)).contains("\"1\":[2,0],\"10\":[0,1]");
        assertThat(TopicAssignment.fromJson("t", a.toJson())).isEqualTo(a);
        assertThat(a.topicIdString()).isEqualTo(new org.apache.kafka.common.Uuid(
                id.getMostSignificantBits(), id.getLeastSignificantBits()).toString());
    }

    @Test
    void topicAssignmentDecodesReassignmentAndOldVersions() {
        TopicAssignment a = TopicAssignment.fromJson("t", bytes("""
                {"removing_replicas":{"0":[3]},"partitions":{"0":[1,2,3]},"topic_id":"MJfGoqnJSEm8mQ7W1l3t3Q",
                 "adding_replicas":{"0":[1]},"version":3}"""));
        assertThat(a.addingReplicas()).containsEntry(0, List.of(1));
        assertThat(a.removingReplicas()).containsEntry(0, List.of(3));

        TopicAssignment old = TopicAssignment.fromJson("t", bytes("{\"version\":1,\"partitions\":{\"0\":[1]}}"));
        assertThat(old.topicId()).isNull();
        assertThat(old.replicas(0)).containsExactly(1);
    }

    @Test
    void partitionStateIsKafkaVersion1() throws Exception {
        PartitionState s = new PartitionState(1, 4, List.of(1, 2), 3);
        assertThat(tree(s.toJson())).isEqualTo(tree(
                "{\"version\":1,\"leader\":1,\"leader_epoch\":4,\"controller_epoch\":3,\"isr\":[1,2]}"));

        PartitionState recovering = new PartitionState(2, 5, List.of(2), 3, PartitionState.RECOVERING);
        assertThat(tree(recovering.toJson()).get("leader_recovery_state").asInt()).isEqualTo(1);
        assertThat(PartitionState.fromJson(recovering.toJson(), "p")).isEqualTo(recovering);
        assertThat(PartitionState.fromJson(s.toJson(), "p")).isEqualTo(s);
        assertThat(PartitionState.fromJson(bytes(
                "{\"controller_epoch\":1,\"leader\":-1,\"version\":1,\"leader_epoch\":0,\"isr\":[]}"), "p").leader())
                .isEqualTo(PartitionState.NO_LEADER);
    }

    @Test
    void configAndChangeNotification() throws Exception {
        assertThat(tree(EntityConfig.toJson(Map.of("retention.ms", "1000", "cleanup.policy", "compact"))))
                .isEqualTo(tree("{\"version\":1,\"config\":{\"cleanup.policy\":\"compact\",\"retention.ms\":\"1000\"}}"));
        assertThat(EntityConfig.fromJson(bytes("{\"version\":1,\"config\":{\"a\":\"b\"}}"), "c")).containsEntry("a", "b");
        assertThat(EntityConfig.fromJson(new byte[0], "c")).isEmpty();

        ConfigChangeNotification change = new ConfigChangeNotification("topics", "orders");
        assertThat(tree(change.toJson())).isEqualTo(tree("{\"version\":2,\"entity_path\":\"topics/orders\"}"));
        assertThat(ConfigChangeNotification.fromJson(bytes("{\"version\":2,\"entity_path\":\"brokers/<default>\"}"), "n"))
                .isEqualTo(new ConfigChangeNotification("brokers", "<default>"));
    }

    @Test
    void producerIdBlockControllerAndClusterId() throws Exception {
        ProducerIdBlock block = new ProducerIdBlock(2, 1000, 1999);
        assertThat(tree(block.toJson())).isEqualTo(tree(
                "{\"version\":1,\"broker\":2,\"block_start\":\"1000\",\"block_end\":\"1999\"}"));
        assertThat(ProducerIdBlock.fromJson(block.toJson())).isEqualTo(block);

        ControllerInfo controller = new ControllerInfo(3, 1_700_000_000_123L);
        assertThat(tree(controller.toJson())).isEqualTo(tree(
                "{\"version\":1,\"brokerid\":3,\"timestamp\":\"1700000000123\"}"));
        assertThat(ControllerInfo.fromJson(bytes(
                "{\"version\":2,\"brokerid\":5,\"timestamp\":\"17\",\"kraftControllerEpoch\":-1}")))
                .isEqualTo(new ControllerInfo(5, 17));

        assertThat(tree(ClusterIdJson.toJson("MJfGoqnJSEm8mQ7W1l3t3Q")))
                .isEqualTo(tree("{\"version\":\"1\",\"id\":\"MJfGoqnJSEm8mQ7W1l3t3Q\"}"));
        assertThat(ClusterIdJson.fromJson(ClusterIdJson.toJson("abc"))).isEqualTo("abc");
    }

    @Test
    void malformedZnodesNameTheProblem() {
        assertThatThrownBy(() -> PartitionState.fromJson(bytes("{\"version\":1,\"leader\":1}"), "/brokers/topics/t/partitions/0/state"))
                .isInstanceOf(ZnodeFormatException.class).hasMessageContaining("/brokers/topics/t/partitions/0/state");
        assertThatThrownBy(() -> BrokerInfo.fromJson(1, bytes("not json"))).isInstanceOf(ZnodeFormatException.class);
        assertThatThrownBy(() -> ProducerIdBlock.fromJson(new byte[0])).isInstanceOf(ZnodeFormatException.class);
    }

    @Test
    void base64UuidsMatchKafkasUuid() {
        for (int i = 0; i < 1000; i++) {
            UUID id = Uuids.random();
            String ours = Uuids.toBase64(id);
            org.apache.kafka.common.Uuid kafka =
                    new org.apache.kafka.common.Uuid(id.getMostSignificantBits(), id.getLeastSignificantBits());
            assertThat(ours).hasSize(22).isEqualTo(kafka.toString()).doesNotStartWith("-");
            assertThat(Uuids.fromBase64(ours)).isEqualTo(id);
            org.apache.kafka.common.Uuid parsed = org.apache.kafka.common.Uuid.fromString(ours);
            assertThat(parsed.getMostSignificantBits()).isEqualTo(id.getMostSignificantBits());
        }
        assertThatThrownBy(() -> Uuids.fromBase64("AAAA")).isInstanceOf(IllegalArgumentException.class);
    }
}
