package io.sluice.protocol.message;

import static io.sluice.protocol.Field.field;
import static io.sluice.protocol.Primitive.BOOL;
import static io.sluice.protocol.Primitive.INT16;
import static io.sluice.protocol.Primitive.INT32;
import static io.sluice.protocol.Primitive.INT64;
import static io.sluice.protocol.Primitive.INT8;
import static io.sluice.protocol.Primitive.STRING;
import static io.sluice.protocol.Primitive.UUID;
import static io.sluice.protocol.Schema.array;
import static io.sluice.protocol.Schema.struct;

import io.sluice.protocol.ApiKeys;
import io.sluice.protocol.MessageSpec;
import io.sluice.protocol.Schema;

/**
 * The controller-to-broker requests of the ZooKeeper-mode design (LeaderAndIsr, StopReplica,
 * UpdateMetadata) and the broker-to-controller ControlledShutdown. Clients never send these.
 */
public final class ControllerMessages {

    private ControllerMessages() {
    }

    /** One partition's state in LeaderAndIsr; topic name inline in v0-1, grouped by topic from v2. */
    private static final Schema LEADER_AND_ISR_PARTITION_STATE = struct(
            field("topic_name", STRING).versions(0, 1),
            field("partition_index", INT32),
            field("controller_epoch", INT32),
            field("leader", INT32),
            field("leader_epoch", INT32),
            field("isr", array(INT32)),
            field("partition_epoch", INT32),
            field("replicas", array(INT32)),
            field("adding_replicas", array(INT32)).since(3),
            field("removing_replicas", array(INT32)).since(3),
            field("is_new", BOOL).since(1),
            field("leader_recovery_state", INT8).since(6));

    private static final Schema LEADER_AND_ISR_PARTITION_ERROR = struct(
            field("topic_name", STRING).versions(0, 4),
            field("partition_index", INT32),
            field("error_code", INT16));

    /** One partition's state in UpdateMetadata; topic name inline in v0-4, grouped by topic from v5. */
    private static final Schema UPDATE_METADATA_PARTITION_STATE = struct(
            field("topic_name", STRING).versions(0, 4),
            field("partition_index", INT32),
            field("controller_epoch", INT32),
            field("leader", INT32),
            field("leader_epoch", INT32),
            field("isr", array(INT32)),
            field("zk_version", INT32),
            field("replicas", array(INT32)),
            field("offline_replicas", array(INT32)).since(4));

    // ---- LeaderAndIsr (4): grouped by topic from 2, flexible from 4, topic ids and type from 5. ----

    public static final MessageSpec LEADER_AND_ISR_REQUEST = MessageSpec.request(ApiKeys.LEADER_AND_ISR, 0, 7,
            field("controller_id", INT32),
            field("is_kraft_controller", BOOL).since(7),
            field("controller_epoch", INT32),
            field("broker_epoch", INT64).since(2).defaultValue(-1),
            field("type", INT8).since(5),
            field("ungrouped_partition_states", array(LEADER_AND_ISR_PARTITION_STATE)).versions(0, 1),
            field("topic_states", array(
                    field("topic_name", STRING),
                    field("topic_id", UUID).since(5),
                    field("partition_states", array(LEADER_AND_ISR_PARTITION_STATE)))).since(2),
            field("live_leaders", array(
                    field("broker_id", INT32),
                    field("host_name", STRING),
                    field("port", INT32))));

    public static final MessageSpec LEADER_AND_ISR_RESPONSE = MessageSpec.response(ApiKeys.LEADER_AND_ISR, 0, 7,
            field("error_code", INT16),
            field("partition_errors", array(LEADER_AND_ISR_PARTITION_ERROR)).versions(0, 4),
            field("topics", array(
                    field("topic_id", UUID),
                    field("partition_errors", array(LEADER_AND_ISR_PARTITION_ERROR)))).since(5));

    // ---- StopReplica (5): per-topic from 1, flexible from 2, per-partition epochs and delete flags from 3. ----

    public static final MessageSpec STOP_REPLICA_REQUEST = MessageSpec.request(ApiKeys.STOP_REPLICA, 0, 4,
            field("controller_id", INT32),
            field("is_kraft_controller", BOOL).since(4),
            field("controller_epoch", INT32),
            field("broker_epoch", INT64).since(1).defaultValue(-1),
            field("delete_partitions", BOOL).versions(0, 2),
            field("ungrouped_partitions", array(
                    field("topic_name", STRING),
                    field("partition_index", INT32))).versions(0, 0),
            field("topics", array(
                    field("name", STRING),
                    field("partition_indexes", array(INT32)))).versions(1, 2),
            field("topic_states", array(
                    field("topic_name", STRING),
                    field("partition_states", array(
                            field("partition_index", INT32),
                            field("leader_epoch", INT32).defaultValue(-1),
                            field("delete_partition", BOOL))))).since(3));

    public static final MessageSpec STOP_REPLICA_RESPONSE = MessageSpec.response(ApiKeys.STOP_REPLICA, 0, 4,
            field("error_code", INT16),
            field("partition_errors", array(
                    field("topic_name", STRING),
                    field("partition_index", INT32),
                    field("error_code", INT16))));

    // ---- UpdateMetadata (6): endpoints from 1, grouped by topic from 5, flexible from 6, topic ids from 7. ----

    public static final MessageSpec UPDATE_METADATA_REQUEST = MessageSpec.request(ApiKeys.UPDATE_METADATA, 0, 8,
            field("controller_id", INT32),
            field("is_kraft_controller", BOOL).since(8),
            field("type", INT8).since(8).tag(0),
            field("controller_epoch", INT32),
            field("broker_epoch", INT64).since(5).defaultValue(-1),
            field("ungrouped_partition_states", array(UPDATE_METADATA_PARTITION_STATE)).versions(0, 4),
            field("topic_states", array(
                    field("topic_name", STRING),
                    field("topic_id", UUID).since(7),
                    field("partition_states", array(UPDATE_METADATA_PARTITION_STATE)))).since(5),
            field("live_brokers", array(
                    field("id", INT32),
                    field("v0_host", STRING).versions(0, 0),
                    field("v0_port", INT32).versions(0, 0),
                    field("endpoints", array(
                            field("port", INT32),
                            field("host", STRING),
                            field("listener", STRING).since(3),
                            field("security_protocol", INT16))).since(1),
                    field("rack", STRING).since(2).nullableSince(0))));

    public static final MessageSpec UPDATE_METADATA_RESPONSE = MessageSpec.response(ApiKeys.UPDATE_METADATA, 0, 8,
            field("error_code", INT16));

    // ---- ControlledShutdown (7): v0 uses request header v0, broker epoch from 2, flexible from 3. ----

    public static final MessageSpec CONTROLLED_SHUTDOWN_REQUEST = MessageSpec.request(ApiKeys.CONTROLLED_SHUTDOWN, 0, 3,
            field("broker_id", INT32),
            field("broker_epoch", INT64).since(2).defaultValue(-1));

    public static final MessageSpec CONTROLLED_SHUTDOWN_RESPONSE = MessageSpec.response(ApiKeys.CONTROLLED_SHUTDOWN, 0, 3,
            field("error_code", INT16),
            field("remaining_partitions", array(
                    field("topic_name", STRING),
                    field("partition_index", INT32))));
}
