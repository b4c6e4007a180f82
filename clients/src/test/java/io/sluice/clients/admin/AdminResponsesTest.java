package io.sluice.clients.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.clients.common.ApiException;
import io.sluice.clients.common.Node;
import io.sluice.clients.common.TopicPartition;
import io.sluice.clients.consumer.OffsetAndMetadata;
import io.sluice.protocol.ApiKeys;
import io.sluice.protocol.Errors;
import io.sluice.protocol.Messages;
import io.sluice.protocol.Struct;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor;
import org.apache.kafka.clients.consumer.internals.ConsumerProtocol;
import org.junit.jupiter.api.Test;

/** Reading admin responses: the version-dependent shapes and the consumer protocol assignment bytes. */
class AdminResponsesTest {

    @Test
    void memberAssignmentsAreReadAsKafkasConsumerProtocolWritesThem() {
        for (short version = 0; version <= 3; version++) {
            ByteBuffer bytes = ConsumerProtocol.serializeAssignment(new ConsumerPartitionAssignor.Assignment(List.of(
                    new org.apache.kafka.common.TopicPartition("orders", 0),
                    new org.apache.kafka.common.TopicPartition("orders", 2),
                    new org.apache.kafka.common.TopicPartition("payments", 1)), ByteBuffer.wrap(new byte[] {1, 2})), version);
            assertThat(AdminResponses.consumerAssignment(bytes)).as("v" + version).containsExactlyInAnyOrder(
                    new TopicPartition("orders", 0), new TopicPartition("orders", 2), new TopicPartition("payments", 1));
        }
        assertThat(AdminResponses.consumerAssignment(ByteBuffer.allocate(0))).isEmpty();
        assertThat(AdminResponses.consumerAssignment(ByteBuffer.wrap(new byte[] {0, 0, 0, 0, 0, 9}))).as("truncated").isEmpty();
    }

    @Test
    void findCoordinatorReadsTheTopLevelFieldsBeforeVersionFourAndTheKeyListAfter() {
        Struct v3 = Messages.response(ApiKeys.FIND_COORDINATOR).newStruct()
                .set("error_code", Errors.NONE.code()).set("node_id", 2).set("host", "h").set("port", 9093);
        assertThat(AdminResponses.findCoordinator(v3, (short) 3)).isEqualTo(new Node(2, "h", 9093));

        Struct v4 = Messages.response(ApiKeys.FIND_COORDINATOR).newStruct();
        v4.addElement("coordinators").set("key", "g").set("node_id", -1).set("host", "").set("port", -1)
                .set("error_code", Errors.COORDINATOR_NOT_AVAILABLE.code());
        assertThatThrownBy(() -> AdminResponses.findCoordinator(v4, (short) 4))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.error()).isEqualTo(Errors.COORDINATOR_NOT_AVAILABLE);
                    assertThat(e.isRetriable()).isTrue();
                });
    }

    @Test
    void offsetFetchLeavesOutPartitionsWithoutACommittedOffset() {
        Struct body = Messages.response(ApiKeys.OFFSET_FETCH).newStruct();
        Struct group = body.addElement("groups").set("group_id", "g").set("error_code", Errors.NONE.code());
        Struct topic = group.addElement("topics").set("name", "t");
        topic.addElement("partitions").set("partition_index", 0).set("committed_offset", 5L)
                .set("committed_leader_epoch", 3).set("metadata", "m").set("error_code", Errors.NONE.code());
        topic.addElement("partitions").set("partition_index", 1).set("committed_offset", -1L)
                .set("metadata", "").set("error_code", Errors.NONE.code());
        assertThat(AdminResponses.offsetFetch(body, (short) 8))
                .isEqualTo(Map.of(new TopicPartition("t", 0), new OffsetAndMetadata(5, Optional.of(3), "m")));
    }

    @Test
    void describeConfigsVersionZeroHasOnlyIsDefault() {
        Struct body = Messages.response(ApiKeys.DESCRIBE_CONFIGS).newStruct();
        Struct result = body.addElement("results").set("error_code", Errors.NONE.code())
                .set("resource_type", ConfigResource.Type.TOPIC.code()).set("resource_name", "t");
        result.addElement("configs").set("name", "retention.ms").set("value", "1").set("is_default", false);
        result.addElement("configs").set("name", "segment.ms").set("value", "2").set("is_default", true);
        Config config = (Config) AdminResponses.describeConfigs(body, (short) 0).get(ConfigResource.topic("t"));
        assertThat(config.get("retention.ms").isDefault()).isFalse();
        assertThat(config.get("segment.ms").isDefault()).isTrue();
    }
}
