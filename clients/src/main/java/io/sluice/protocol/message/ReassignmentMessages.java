package io.sluice.protocol.message;

import static io.sluice.protocol.Field.field;
import static io.sluice.protocol.Primitive.INT16;
import static io.sluice.protocol.Primitive.INT32;
import static io.sluice.protocol.Primitive.INT8;
import static io.sluice.protocol.Primitive.STRING;
import static io.sluice.protocol.Schema.array;

import io.sluice.protocol.ApiKeys;
import io.sluice.protocol.MessageSpec;

/** Leader election and partition reassignment, sent by the Admin client to the controller. */
public final class ReassignmentMessages {

    private ReassignmentMessages() {
    }

    // ---- ElectLeaders (43): election type and top-level error from 1, flexible from 2. Null topics = all. ----

    public static final MessageSpec ELECT_LEADERS_REQUEST = MessageSpec.request(ApiKeys.ELECT_LEADERS, 0, 2,
            field("election_type", INT8).since(1),
            field("topic_partitions", array(
                    field("topic", STRING),
                    field("partitions", array(INT32)))).nullableSince(0),
            field("timeout_ms", INT32).defaultValue(60000));

    public static final MessageSpec ELECT_LEADERS_RESPONSE = MessageSpec.response(ApiKeys.ELECT_LEADERS, 0, 2,
            field("throttle_time_ms", INT32),
            field("error_code", INT16).since(1),
            field("replica_election_results", array(
                    field("topic", STRING),
                    field("partition_result", array(
                            field("partition_id", INT32),
                            field("error_code", INT16),
                            field("error_message", STRING).nullableSince(0))))));

    // ---- AlterPartitionReassignments (45), flexible only. Null replicas cancel a reassignment. ----

    public static final MessageSpec ALTER_PARTITION_REASSIGNMENTS_REQUEST = MessageSpec.request(
            ApiKeys.ALTER_PARTITION_REASSIGNMENTS, 0, 0,
            field("timeout_ms", INT32).defaultValue(60000),
            field("topics", array(
                    field("name", STRING),
                    field("partitions", array(
                            field("partition_index", INT32),
                            field("replicas", array(INT32)).nullableSince(0).defaultValue(null))))));

    public static final MessageSpec ALTER_PARTITION_REASSIGNMENTS_RESPONSE = MessageSpec.response(
            ApiKeys.ALTER_PARTITION_REASSIGNMENTS, 0, 0,
            field("throttle_time_ms", INT32),
            field("error_code", INT16),
            field("error_message", STRING).nullableSince(0),
            field("responses", array(
                    field("name", STRING),
                    field("partitions", array(
                            field("partition_index", INT32),
                            field("error_code", INT16),
                            field("error_message", STRING).nullableSince(0))))));

    // ---- ListPartitionReassignments (46), flexible only. Null topics = all. ----

    public static final MessageSpec LIST_PARTITION_REASSIGNMENTS_REQUEST = MessageSpec.request(
            ApiKeys.LIST_PARTITION_REASSIGNMENTS, 0, 0,
            field("timeout_ms", INT32).defaultValue(60000),
            field("topics", array(
                    field("name", STRING),
                    field("partition_indexes", array(INT32)))).nullableSince(0).defaultValue(null));

    public static final MessageSpec LIST_PARTITION_REASSIGNMENTS_RESPONSE = MessageSpec.response(
            ApiKeys.LIST_PARTITION_REASSIGNMENTS, 0, 0,
            field("throttle_time_ms", INT32),
            field("error_code", INT16),
            field("error_message", STRING).nullableSince(0),
            field("topics", array(
                    field("name", STRING),
                    field("partitions", array(
                            field("partition_index", INT32),
                            field("replicas", array(INT32)),
                            field("adding_replicas", array(INT32)),
                            field("removing_replicas", array(INT32)))))));
}
