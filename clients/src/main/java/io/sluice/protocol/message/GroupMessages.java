package io.sluice.protocol.message;

import static io.sluice.protocol.Field.field;
import static io.sluice.protocol.Primitive.BOOL;
import static io.sluice.protocol.Primitive.BYTES;
import static io.sluice.protocol.Primitive.INT16;
import static io.sluice.protocol.Primitive.INT32;
import static io.sluice.protocol.Primitive.INT64;
import static io.sluice.protocol.Primitive.INT8;
import static io.sluice.protocol.Primitive.STRING;
import static io.sluice.protocol.Schema.array;

import io.sluice.protocol.ApiKeys;
import io.sluice.protocol.MessageSpec;

/** The classic consumer-group protocol: coordinator lookup, membership, offsets and group administration. */
public final class GroupMessages {

    private GroupMessages() {
    }

    // ---- FindCoordinator (10): key type from 1, flexible from 3, batched keys from 4. ----

    public static final MessageSpec FIND_COORDINATOR_REQUEST = MessageSpec.request(ApiKeys.FIND_COORDINATOR, 0, 6,
            field("key", STRING).versions(0, 3),
            field("key_type", INT8).since(1),
            field("coordinator_keys", array(STRING)).since(4));

    public static final MessageSpec FIND_COORDINATOR_RESPONSE = MessageSpec.response(ApiKeys.FIND_COORDINATOR, 0, 6,
            field("throttle_time_ms", INT32).since(1),
            field("error_code", INT16).versions(0, 3),
            field("error_message", STRING).versions(1, 3).nullableSince(1),
            field("node_id", INT32).versions(0, 3),
            field("host", STRING).versions(0, 3),
            field("port", INT32).versions(0, 3),
            field("coordinators", array(
                    field("key", STRING),
                    field("node_id", INT32),
                    field("host", STRING),
                    field("port", INT32),
                    field("error_code", INT16),
                    field("error_message", STRING).nullableSince(4))).since(4));

    // ---- JoinGroup (11): rebalance timeout from 1, static membership from 5, flexible from 6. ----

    public static final MessageSpec JOIN_GROUP_REQUEST = MessageSpec.request(ApiKeys.JOIN_GROUP, 0, 9,
            field("group_id", STRING),
            field("session_timeout_ms", INT32),
            field("rebalance_timeout_ms", INT32).since(1).defaultValue(-1),
            field("member_id", STRING),
            field("group_instance_id", STRING).since(5).nullableSince(5).defaultValue(null),
            field("protocol_type", STRING),
            field("protocols", array(
                    field("name", STRING),
                    field("metadata", BYTES))),
            field("reason", STRING).since(8).nullableSince(8).defaultValue(null));

    public static final MessageSpec JOIN_GROUP_RESPONSE = MessageSpec.response(ApiKeys.JOIN_GROUP, 0, 9,
            field("throttle_time_ms", INT32).since(2),
            field("error_code", INT16),
            field("generation_id", INT32).defaultValue(-1),
            field("protocol_type", STRING).since(7).nullableSince(7).defaultValue(null),
            field("protocol_name", STRING).nullableSince(7),
            field("leader", STRING),
            field("skip_assignment", BOOL).since(9),
            field("member_id", STRING),
            field("members", array(
                    field("member_id", STRING),
                    field("group_instance_id", STRING).since(5).nullableSince(5).defaultValue(null),
                    field("metadata", BYTES))));

    // ---- Heartbeat (12), LeaveGroup (13), SyncGroup (14). ----

    public static final MessageSpec HEARTBEAT_REQUEST = MessageSpec.request(ApiKeys.HEARTBEAT, 0, 4,
            field("group_id", STRING),
            field("generation_id", INT32),
            field("member_id", STRING),
            field("group_instance_id", STRING).since(3).nullableSince(3).defaultValue(null));

    public static final MessageSpec HEARTBEAT_RESPONSE = MessageSpec.response(ApiKeys.HEARTBEAT, 0, 4,
            field("throttle_time_ms", INT32).since(1),
            field("error_code", INT16));

    public static final MessageSpec LEAVE_GROUP_REQUEST = MessageSpec.request(ApiKeys.LEAVE_GROUP, 0, 5,
            field("group_id", STRING),
            field("member_id", STRING).versions(0, 2),
            field("members", array(
                    field("member_id", STRING),
                    field("group_instance_id", STRING).nullableSince(3).defaultValue(null),
                    field("reason", STRING).since(5).nullableSince(5).defaultValue(null))).since(3));

    public static final MessageSpec LEAVE_GROUP_RESPONSE = MessageSpec.response(ApiKeys.LEAVE_GROUP, 0, 5,
            field("throttle_time_ms", INT32).since(1),
            field("error_code", INT16),
            field("members", array(
                    field("member_id", STRING),
                    field("group_instance_id", STRING).nullableSince(3),
                    field("error_code", INT16))).since(3));

    public static final MessageSpec SYNC_GROUP_REQUEST = MessageSpec.request(ApiKeys.SYNC_GROUP, 0, 5,
            field("group_id", STRING),
            field("generation_id", INT32),
            field("member_id", STRING),
            field("group_instance_id", STRING).since(3).nullableSince(3).defaultValue(null),
            field("protocol_type", STRING).since(5).nullableSince(5).defaultValue(null),
            field("protocol_name", STRING).since(5).nullableSince(5).defaultValue(null),
            field("assignments", array(
                    field("member_id", STRING),
                    field("assignment", BYTES))));

    public static final MessageSpec SYNC_GROUP_RESPONSE = MessageSpec.response(ApiKeys.SYNC_GROUP, 0, 5,
            field("throttle_time_ms", INT32).since(1),
            field("error_code", INT16),
            field("protocol_type", STRING).since(5).nullableSince(5).defaultValue(null),
            field("protocol_name", STRING).since(5).nullableSince(5).defaultValue(null),
            field("assignment", BYTES));

    // ---- DescribeGroups (15) and ListGroups (16). ----

    public static final MessageSpec DESCRIBE_GROUPS_REQUEST = MessageSpec.request(ApiKeys.DESCRIBE_GROUPS, 0, 5,
            field("groups", array(STRING)),
            field("include_authorized_operations", BOOL).since(3));

    public static final MessageSpec DESCRIBE_GROUPS_RESPONSE = MessageSpec.response(ApiKeys.DESCRIBE_GROUPS, 0, 5,
            field("throttle_time_ms", INT32).since(1),
            field("groups", array(
                    field("error_code", INT16),
                    field("group_id", STRING),
                    field("group_state", STRING),
                    field("protocol_type", STRING),
                    field("protocol_data", STRING),
                    field("members", array(
                            field("member_id", STRING),
                            field("group_instance_id", STRING).since(4).nullableSince(4).defaultValue(null),
                            field("client_id", STRING),
                            field("client_host", STRING),
                            field("member_metadata", BYTES),
                            field("member_assignment", BYTES))),
                    field("authorized_operations", INT32).since(3).defaultValue(Integer.MIN_VALUE))));

    public static final MessageSpec LIST_GROUPS_REQUEST = MessageSpec.request(ApiKeys.LIST_GROUPS, 0, 5,
            field("states_filter", array(STRING)).since(4),
            field("types_filter", array(STRING)).since(5));

    public static final MessageSpec LIST_GROUPS_RESPONSE = MessageSpec.response(ApiKeys.LIST_GROUPS, 0, 5,
            field("throttle_time_ms", INT32).since(1),
            field("error_code", INT16),
            field("groups", array(
                    field("group_id", STRING),
                    field("protocol_type", STRING),
                    field("group_state", STRING).since(4),
                    field("group_type", STRING).since(5))));

    // ---- OffsetCommit (8): retention time in 2-4, leader epoch from 6, flexible from 8. ----

    public static final MessageSpec OFFSET_COMMIT_REQUEST = MessageSpec.request(ApiKeys.OFFSET_COMMIT, 0, 9,
            field("group_id", STRING),
            field("generation_id_or_member_epoch", INT32).since(1).defaultValue(-1),
            field("member_id", STRING).since(1),
            field("group_instance_id", STRING).since(7).nullableSince(7).defaultValue(null),
            field("retention_time_ms", INT64).versions(2, 4).defaultValue(-1),
            field("topics", array(
                    field("name", STRING),
                    field("partitions", array(
                            field("partition_index", INT32),
                            field("committed_offset", INT64),
                            field("committed_leader_epoch", INT32).since(6).defaultValue(-1),
                            field("commit_timestamp", INT64).versions(1, 1).defaultValue(-1),
                            field("committed_metadata", STRING).nullableSince(0))))));

    public static final MessageSpec OFFSET_COMMIT_RESPONSE = MessageSpec.response(ApiKeys.OFFSET_COMMIT, 0, 9,
            field("throttle_time_ms", INT32).since(3),
            field("topics", array(
                    field("name", STRING),
                    field("partitions", array(
                            field("partition_index", INT32),
                            field("error_code", INT16))))));

    // ---- OffsetFetch (9): null topics (= all) from 2, flexible from 6, many groups per request from 8. ----

    public static final MessageSpec OFFSET_FETCH_REQUEST = MessageSpec.request(ApiKeys.OFFSET_FETCH, 0, 9,
            field("group_id", STRING).versions(0, 7),
            field("topics", array(
                    field("name", STRING),
                    field("partition_indexes", array(INT32)))).versions(0, 7).nullableSince(2),
            field("groups", array(
                    field("group_id", STRING),
                    field("member_id", STRING).since(9).nullableSince(9).defaultValue(null),
                    field("member_epoch", INT32).since(9).defaultValue(-1),
                    field("topics", array(
                            field("name", STRING),
                            field("partition_indexes", array(INT32)))).nullableSince(8))).since(8),
            field("require_stable", BOOL).since(7));

    public static final MessageSpec OFFSET_FETCH_RESPONSE = MessageSpec.response(ApiKeys.OFFSET_FETCH, 0, 9,
            field("throttle_time_ms", INT32).since(3),
            field("topics", array(
                    field("name", STRING),
                    field("partitions", array(
                            field("partition_index", INT32),
                            field("committed_offset", INT64),
                            field("committed_leader_epoch", INT32).since(5).defaultValue(-1),
                            field("metadata", STRING).nullableSince(0),
                            field("error_code", INT16))))).versions(0, 7),
            field("error_code", INT16).versions(2, 7),
            field("groups", array(
                    field("group_id", STRING),
                    field("topics", array(
                            field("name", STRING),
                            field("partitions", array(
                                    field("partition_index", INT32),
                                    field("committed_offset", INT64),
                                    field("committed_leader_epoch", INT32).defaultValue(-1),
                                    field("metadata", STRING).nullableSince(0),
                                    field("error_code", INT16))))),
                    field("error_code", INT16))).since(8));

    // ---- DeleteGroups (42) and OffsetDelete (47). ----

    public static final MessageSpec DELETE_GROUPS_REQUEST = MessageSpec.request(ApiKeys.DELETE_GROUPS, 0, 2,
            field("groups_names", array(STRING)));

    public static final MessageSpec DELETE_GROUPS_RESPONSE = MessageSpec.response(ApiKeys.DELETE_GROUPS, 0, 2,
            field("throttle_time_ms", INT32),
            field("results", array(
                    field("group_id", STRING),
                    field("error_code", INT16))));

    public static final MessageSpec OFFSET_DELETE_REQUEST = MessageSpec.request(ApiKeys.OFFSET_DELETE, 0, 0,
            field("group_id", STRING),
            field("topics", array(
                    field("name", STRING),
                    field("partitions", array(
                            field("partition_index", INT32))))));

    public static final MessageSpec OFFSET_DELETE_RESPONSE = MessageSpec.response(ApiKeys.OFFSET_DELETE, 0, 0,
            field("error_code", INT16),
            field("throttle_time_ms", INT32),
            field("topics", array(
                    field("name", STRING),
                    field("partitions", array(
                            field("partition_index", INT32),
                            field("error_code", INT16))))));
}
