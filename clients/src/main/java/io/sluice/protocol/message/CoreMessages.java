package io.sluice.protocol.message;

import static io.sluice.protocol.Field.field;
import static io.sluice.protocol.Primitive.BOOL;
import static io.sluice.protocol.Primitive.INT16;
import static io.sluice.protocol.Primitive.INT32;
import static io.sluice.protocol.Primitive.INT64;
import static io.sluice.protocol.Primitive.INT8;
import static io.sluice.protocol.Primitive.RECORDS;
import static io.sluice.protocol.Primitive.STRING;
import static io.sluice.protocol.Primitive.UUID;
import static io.sluice.protocol.Schema.array;
import static io.sluice.protocol.Schema.struct;

import io.sluice.protocol.ApiKeys;
import io.sluice.protocol.Field;
import io.sluice.protocol.MessageSpec;

/**
 * The messages every client uses on every connection: ApiVersions, Metadata, Produce, Fetch and
 * ListOffsets. Field names are the snake_case names of the public protocol guide; version bounds are
 * written as {@code since(n)} / {@code versions(from, to)}.
 */
public final class CoreMessages {

    private CoreMessages() {
    }

    // ---- ApiVersions (18): v3 adds client software name/version and the flexible encoding. ----

    public static final MessageSpec API_VERSIONS_REQUEST = MessageSpec.request(ApiKeys.API_VERSIONS, 0, 4,
            field("client_software_name", STRING).since(3),
            field("client_software_version", STRING).since(3));

    public static final MessageSpec API_VERSIONS_RESPONSE = MessageSpec.response(ApiKeys.API_VERSIONS, 0, 4,
            field("error_code", INT16),
            field("api_keys", array(
                    field("api_key", INT16),
                    field("min_version", INT16),
                    field("max_version", INT16))),
            field("throttle_time_ms", INT32).since(1),
            field("supported_features", array(
                    field("name", STRING),
                    field("min_version", INT16),
                    field("max_version", INT16))).since(3).tag(0),
            field("finalized_features_epoch", INT64).since(3).tag(1).defaultValue(-1),
            field("finalized_features", array(
                    field("name", STRING),
                    field("max_version_level", INT16),
                    field("min_version_level", INT16))).since(3).tag(2),
            field("zk_migration_ready", BOOL).since(3).tag(3));

    // ---- Metadata (3): flexible from 9, topic ids from 10. ----

    public static final MessageSpec METADATA_REQUEST = MessageSpec.request(ApiKeys.METADATA, 0, 12,
            field("topics", array(
                    field("topic_id", UUID).since(10),
                    field("name", STRING).nullableSince(10))).nullableSince(1),
            field("allow_auto_topic_creation", BOOL).since(4).defaultValue(true),
            field("include_cluster_authorized_operations", BOOL).versions(8, 10),
            field("include_topic_authorized_operations", BOOL).since(8));

    public static final MessageSpec METADATA_RESPONSE = MessageSpec.response(ApiKeys.METADATA, 0, 12,
            field("throttle_time_ms", INT32).since(3),
            field("brokers", array(
                    field("node_id", INT32),
                    field("host", STRING),
                    field("port", INT32),
                    field("rack", STRING).since(1).nullableSince(1).defaultValue(null))),
            field("cluster_id", STRING).since(2).nullableSince(2).defaultValue(null),
            field("controller_id", INT32).since(1).defaultValue(-1),
            field("topics", array(
                    field("error_code", INT16),
                    field("name", STRING).nullableSince(12),
                    field("topic_id", UUID).since(10),
                    field("is_internal", BOOL).since(1),
                    field("partitions", array(
                            field("error_code", INT16),
                            field("partition_index", INT32),
                            field("leader_id", INT32),
                            field("leader_epoch", INT32).since(7).defaultValue(-1),
                            field("replica_nodes", array(INT32)),
                            field("isr_nodes", array(INT32)),
                            field("offline_replicas", array(INT32)).since(5))),
                    field("topic_authorized_operations", INT32).since(8).defaultValue(Integer.MIN_VALUE))),
            field("cluster_authorized_operations", INT32).versions(8, 10).defaultValue(Integer.MIN_VALUE));

    // ---- Produce (0): transactional id from 3, flexible from 9, leader hints from 10. ----

    public static final MessageSpec PRODUCE_REQUEST = MessageSpec.request(ApiKeys.PRODUCE, 0, 11,
            field("transactional_id", STRING).since(3).nullableSince(3).defaultValue(null),
            field("acks", INT16),
            field("timeout_ms", INT32),
            field("topic_data", array(
                    field("name", STRING),
                    field("partition_data", array(
                            field("index", INT32),
                            field("records", RECORDS).nullableSince(0))))));

    public static final MessageSpec PRODUCE_RESPONSE = MessageSpec.response(ApiKeys.PRODUCE, 0, 11,
            field("responses", array(
                    field("name", STRING),
                    field("partition_responses", array(
                            field("index", INT32),
                            field("error_code", INT16),
                            field("base_offset", INT64),
                            field("log_append_time_ms", INT64).since(2).defaultValue(-1),
                            field("log_start_offset", INT64).since(5).defaultValue(-1),
                            field("record_errors", array(
                                    field("batch_index", INT32),
                                    field("batch_index_error_message", STRING).nullableSince(8).defaultValue(null))).since(8),
                            field("error_message", STRING).since(8).nullableSince(8).defaultValue(null),
                            field("current_leader", leaderIdAndEpoch()).since(10).tag(0))))),
            field("throttle_time_ms", INT32).since(1),
            field("node_endpoints", array(nodeEndpointFields())).since(10).tag(0));

    // ---- Fetch (1): sessions from 7, flexible from 12, topic ids instead of names from 13. ----

    public static final MessageSpec FETCH_REQUEST = MessageSpec.request(ApiKeys.FETCH, 0, 17,
            field("cluster_id", STRING).since(12).nullableSince(12).tag(0).defaultValue(null),
            field("replica_id", INT32).versions(0, 14).defaultValue(-1),
            field("replica_state", struct(
                    field("replica_id", INT32).defaultValue(-1),
                    field("replica_epoch", INT64).defaultValue(-1))).since(15).tag(1),
            field("max_wait_ms", INT32),
            field("min_bytes", INT32),
            field("max_bytes", INT32).since(3).defaultValue(Integer.MAX_VALUE),
            field("isolation_level", INT8).since(4),
            field("session_id", INT32).since(7),
            field("session_epoch", INT32).since(7).defaultValue(-1),
            field("topics", array(
                    field("topic", STRING).versions(0, 12),
                    field("topic_id", UUID).since(13),
                    field("partitions", array(
                            field("partition", INT32),
                            field("current_leader_epoch", INT32).since(9).defaultValue(-1),
                            field("fetch_offset", INT64),
                            field("last_fetched_epoch", INT32).since(12).defaultValue(-1),
                            field("log_start_offset", INT64).since(5).defaultValue(-1),
                            field("partition_max_bytes", INT32),
                            field("replica_directory_id", UUID).since(17).tag(0))))),
            field("forgotten_topics_data", array(
                    field("topic", STRING).versions(7, 12),
                    field("topic_id", UUID).since(13),
                    field("partitions", array(INT32)))).since(7),
            field("rack_id", STRING).since(11));

    public static final MessageSpec FETCH_RESPONSE = MessageSpec.response(ApiKeys.FETCH, 0, 17,
            field("throttle_time_ms", INT32).since(1),
            field("error_code", INT16).since(7),
            field("session_id", INT32).since(7),
            field("responses", array(
                    field("topic", STRING).versions(0, 12),
                    field("topic_id", UUID).since(13),
                    field("partitions", array(
                            field("partition_index", INT32),
                            field("error_code", INT16),
                            field("high_watermark", INT64),
                            field("last_stable_offset", INT64).since(4).defaultValue(-1),
                            field("log_start_offset", INT64).since(5).defaultValue(-1),
                            field("diverging_epoch", struct(
                                    field("epoch", INT32).defaultValue(-1),
                                    field("end_offset", INT64).defaultValue(-1))).since(12).tag(0),
                            field("current_leader", leaderIdAndEpoch()).since(12).tag(1),
                            field("snapshot_id", struct(
                                    field("end_offset", INT64).defaultValue(-1),
                                    field("epoch", INT32).defaultValue(-1))).since(12).tag(2),
                            field("aborted_transactions", array(
                                    field("producer_id", INT64),
                                    field("first_offset", INT64))).since(4).nullableSince(4),
                            field("preferred_read_replica", INT32).since(11).defaultValue(-1),
                            field("records", RECORDS).nullableSince(0))))),
            field("node_endpoints", array(nodeEndpointFields())).since(16).tag(0));

    // ---- ListOffsets (2): v0 returns a list of old-style offsets, flexible from 6. ----

    public static final MessageSpec LIST_OFFSETS_REQUEST = MessageSpec.request(ApiKeys.LIST_OFFSETS, 0, 9,
            field("replica_id", INT32),
            field("isolation_level", INT8).since(2),
            field("topics", array(
                    field("name", STRING),
                    field("partitions", array(
                            field("partition_index", INT32),
                            field("current_leader_epoch", INT32).since(4).defaultValue(-1),
                            field("timestamp", INT64),
                            field("max_num_offsets", INT32).versions(0, 0).defaultValue(1))))));

    public static final MessageSpec LIST_OFFSETS_RESPONSE = MessageSpec.response(ApiKeys.LIST_OFFSETS, 0, 9,
            field("throttle_time_ms", INT32).since(2),
            field("topics", array(
                    field("name", STRING),
                    field("partitions", array(
                            field("partition_index", INT32),
                            field("error_code", INT16),
                            field("old_style_offsets", array(INT64)).versions(0, 0),
                            field("timestamp", INT64).since(1).defaultValue(-1),
                            field("offset", INT64).since(1).defaultValue(-1),
                            field("leader_epoch", INT32).since(4).defaultValue(-1))))));

    /** Leader id and epoch hint (Produce v10+, Fetch v12+); each use gets its own field objects. */
    static io.sluice.protocol.Schema leaderIdAndEpoch() {
        return struct(
                field("leader_id", INT32).defaultValue(-1),
                field("leader_epoch", INT32).defaultValue(-1));
    }

    static Field[] nodeEndpointFields() {
        return new Field[] {
            field("node_id", INT32),
            field("host", STRING),
            field("port", INT32),
            field("rack", STRING).nullableSince(0).defaultValue(null)
        };
    }
}
