package io.sluice.protocol.message;

import static io.sluice.protocol.Field.field;
import static io.sluice.protocol.Primitive.BOOL;
import static io.sluice.protocol.Primitive.FLOAT64;
import static io.sluice.protocol.Primitive.INT16;
import static io.sluice.protocol.Primitive.INT32;
import static io.sluice.protocol.Primitive.INT64;
import static io.sluice.protocol.Primitive.INT8;
import static io.sluice.protocol.Primitive.STRING;
import static io.sluice.protocol.Primitive.UUID;
import static io.sluice.protocol.Schema.array;

import io.sluice.protocol.ApiKeys;
import io.sluice.protocol.MessageSpec;

/**
 * Topic, partition, record and config administration (the Admin client and the command-line tools),
 * the idempotent producer's InitProducerId, OffsetForLeaderEpoch and DescribeCluster.
 */
public final class AdminMessages {

    private AdminMessages() {
    }

    // ---- CreateTopics (19): v4 allows -1 partitions/replication factor, v5 flexible and returns configs, v7 topic ids. ----

    public static final MessageSpec CREATE_TOPICS_REQUEST = MessageSpec.request(ApiKeys.CREATE_TOPICS, 0, 7,
            field("topics", array(
                    field("name", STRING),
                    field("num_partitions", INT32),
                    field("replication_factor", INT16),
                    field("assignments", array(
                            field("partition_index", INT32),
                            field("broker_ids", array(INT32)))),
                    field("configs", array(
                            field("name", STRING),
                            field("value", STRING).nullableSince(0))))),
            field("timeout_ms", INT32).defaultValue(60000),
            field("validate_only", BOOL).since(1));

    public static final MessageSpec CREATE_TOPICS_RESPONSE = MessageSpec.response(ApiKeys.CREATE_TOPICS, 0, 7,
            field("throttle_time_ms", INT32).since(2),
            field("topics", array(
                    field("name", STRING),
                    field("topic_id", UUID).since(7),
                    field("error_code", INT16),
                    field("error_message", STRING).since(1).nullableSince(0),
                    field("topic_config_error_code", INT16).since(5).tag(0),
                    field("num_partitions", INT32).since(5).defaultValue(-1),
                    field("replication_factor", INT16).since(5).defaultValue(-1),
                    field("configs", array(
                            field("name", STRING),
                            field("value", STRING).nullableSince(0),
                            field("read_only", BOOL),
                            field("config_source", INT8).defaultValue(-1),
                            field("is_sensitive", BOOL))).since(5).nullableSince(5))));

    // ---- DeleteTopics (20): flexible from 4, topic ids (and a struct per topic) from 6. ----

    public static final MessageSpec DELETE_TOPICS_REQUEST = MessageSpec.request(ApiKeys.DELETE_TOPICS, 0, 6,
            field("topics", array(
                    field("name", STRING).nullableSince(6).defaultValue(null),
                    field("topic_id", UUID))).since(6),
            field("topic_names", array(STRING)).versions(0, 5),
            field("timeout_ms", INT32));

    public static final MessageSpec DELETE_TOPICS_RESPONSE = MessageSpec.response(ApiKeys.DELETE_TOPICS, 0, 6,
            field("throttle_time_ms", INT32).since(1),
            field("responses", array(
                    field("name", STRING).nullableSince(6),
                    field("topic_id", UUID).since(6),
                    field("error_code", INT16),
                    field("error_message", STRING).since(5).nullableSince(5).defaultValue(null))));

    // ---- CreatePartitions (37): flexible from 2. ----

    public static final MessageSpec CREATE_PARTITIONS_REQUEST = MessageSpec.request(ApiKeys.CREATE_PARTITIONS, 0, 3,
            field("topics", array(
                    field("name", STRING),
                    field("count", INT32),
                    field("assignments", array(
                            field("broker_ids", array(INT32)))).nullableSince(0))),
            field("timeout_ms", INT32),
            field("validate_only", BOOL));

    public static final MessageSpec CREATE_PARTITIONS_RESPONSE = MessageSpec.response(ApiKeys.CREATE_PARTITIONS, 0, 3,
            field("throttle_time_ms", INT32),
            field("results", array(
                    field("name", STRING),
                    field("error_code", INT16),
                    field("error_message", STRING).nullableSince(0).defaultValue(null))));

    // ---- DeleteRecords (21): flexible from 2. ----

    public static final MessageSpec DELETE_RECORDS_REQUEST = MessageSpec.request(ApiKeys.DELETE_RECORDS, 0, 2,
            field("topics", array(
                    field("name", STRING),
                    field("partitions", array(
                            field("partition_index", INT32),
                            field("offset", INT64))))),
            field("timeout_ms", INT32));

    public static final MessageSpec DELETE_RECORDS_RESPONSE = MessageSpec.response(ApiKeys.DELETE_RECORDS, 0, 2,
            field("throttle_time_ms", INT32),
            field("topics", array(
                    field("name", STRING),
                    field("partitions", array(
                            field("partition_index", INT32),
                            field("low_watermark", INT64),
                            field("error_code", INT16))))));

    // ---- DescribeConfigs (32): synonyms from 1, documentation and types from 3, flexible from 4. ----

    public static final MessageSpec DESCRIBE_CONFIGS_REQUEST = MessageSpec.request(ApiKeys.DESCRIBE_CONFIGS, 0, 4,
            field("resources", array(
                    field("resource_type", INT8),
                    field("resource_name", STRING),
                    field("configuration_keys", array(STRING)).nullableSince(0))),
            field("include_synonyms", BOOL).since(1),
            field("include_documentation", BOOL).since(3));

    public static final MessageSpec DESCRIBE_CONFIGS_RESPONSE = MessageSpec.response(ApiKeys.DESCRIBE_CONFIGS, 0, 4,
            field("throttle_time_ms", INT32),
            field("results", array(
                    field("error_code", INT16),
                    field("error_message", STRING).nullableSince(0),
                    field("resource_type", INT8),
                    field("resource_name", STRING),
                    field("configs", array(
                            field("name", STRING),
                            field("value", STRING).nullableSince(0),
                            field("read_only", BOOL),
                            field("is_default", BOOL).versions(0, 0),
                            field("config_source", INT8).since(1).defaultValue(-1),
                            field("is_sensitive", BOOL),
                            field("synonyms", array(
                                    field("name", STRING),
                                    field("value", STRING).nullableSince(0),
                                    field("source", INT8))).since(1),
                            field("config_type", INT8).since(3),
                            field("documentation", STRING).since(3).nullableSince(0))))));

    // ---- AlterConfigs (33) and IncrementalAlterConfigs (44). ----

    public static final MessageSpec ALTER_CONFIGS_REQUEST = MessageSpec.request(ApiKeys.ALTER_CONFIGS, 0, 2,
            field("resources", array(
                    field("resource_type", INT8),
                    field("resource_name", STRING),
                    field("configs", array(
                            field("name", STRING),
                            field("value", STRING).nullableSince(0))))),
            field("validate_only", BOOL));

    public static final MessageSpec ALTER_CONFIGS_RESPONSE = MessageSpec.response(ApiKeys.ALTER_CONFIGS, 0, 2,
            field("throttle_time_ms", INT32),
            field("responses", alterConfigsResults()));

    public static final MessageSpec INCREMENTAL_ALTER_CONFIGS_REQUEST = MessageSpec.request(
            ApiKeys.INCREMENTAL_ALTER_CONFIGS, 0, 1,
            field("resources", array(
                    field("resource_type", INT8),
                    field("resource_name", STRING),
                    field("configs", array(
                            field("name", STRING),
                            field("config_operation", INT8),
                            field("value", STRING).nullableSince(0))))),
            field("validate_only", BOOL));

    public static final MessageSpec INCREMENTAL_ALTER_CONFIGS_RESPONSE = MessageSpec.response(
            ApiKeys.INCREMENTAL_ALTER_CONFIGS, 0, 1,
            field("throttle_time_ms", INT32),
            field("responses", alterConfigsResults()));

    private static io.sluice.protocol.ArrayType alterConfigsResults() {
        return array(
                field("error_code", INT16),
                field("error_message", STRING).nullableSince(0),
                field("resource_type", INT8),
                field("resource_name", STRING));
    }

    // ---- InitProducerId (22): flexible from 2, epoch bump by producer id/epoch from 3. ----

    public static final MessageSpec INIT_PRODUCER_ID_REQUEST = MessageSpec.request(ApiKeys.INIT_PRODUCER_ID, 0, 5,
            field("transactional_id", STRING).nullableSince(0),
            field("transaction_timeout_ms", INT32),
            field("producer_id", INT64).since(3).defaultValue(-1),
            field("producer_epoch", INT16).since(3).defaultValue(-1));

    public static final MessageSpec INIT_PRODUCER_ID_RESPONSE = MessageSpec.response(ApiKeys.INIT_PRODUCER_ID, 0, 5,
            field("throttle_time_ms", INT32),
            field("error_code", INT16),
            field("producer_id", INT64).defaultValue(-1),
            field("producer_epoch", INT16));

    // ---- OffsetForLeaderEpoch (23): current leader epoch from 2, replica id from 3, flexible from 4. ----

    public static final MessageSpec OFFSET_FOR_LEADER_EPOCH_REQUEST = MessageSpec.request(
            ApiKeys.OFFSET_FOR_LEADER_EPOCH, 0, 4,
            field("replica_id", INT32).since(3).defaultValue(-2),
            field("topics", array(
                    field("topic", STRING),
                    field("partitions", array(
                            field("partition", INT32),
                            field("current_leader_epoch", INT32).since(2).defaultValue(-1),
                            field("leader_epoch", INT32))))));

    public static final MessageSpec OFFSET_FOR_LEADER_EPOCH_RESPONSE = MessageSpec.response(
            ApiKeys.OFFSET_FOR_LEADER_EPOCH, 0, 4,
            field("throttle_time_ms", INT32).since(2),
            field("topics", array(
                    field("topic", STRING),
                    field("partitions", array(
                            field("error_code", INT16),
                            field("partition", INT32),
                            field("leader_epoch", INT32).since(1).defaultValue(-1),
                            field("end_offset", INT64).defaultValue(-1))))));

    // ---- DescribeCluster (60): always flexible; v1 adds the endpoint type. ----

    public static final MessageSpec DESCRIBE_CLUSTER_REQUEST = MessageSpec.request(ApiKeys.DESCRIBE_CLUSTER, 0, 1,
            field("include_cluster_authorized_operations", BOOL),
            field("endpoint_type", INT8).since(1).defaultValue(1));

    public static final MessageSpec DESCRIBE_CLUSTER_RESPONSE = MessageSpec.response(ApiKeys.DESCRIBE_CLUSTER, 0, 1,
            field("throttle_time_ms", INT32),
            field("error_code", INT16),
            field("error_message", STRING).nullableSince(0).defaultValue(null),
            field("endpoint_type", INT8).since(1).defaultValue(1),
            field("cluster_id", STRING),
            field("controller_id", INT32).defaultValue(-1),
            field("brokers", array(
                    field("broker_id", INT32),
                    field("host", STRING),
                    field("port", INT32),
                    field("rack", STRING).nullableSince(0).defaultValue(null))),
            field("cluster_authorized_operations", INT32).defaultValue(Integer.MIN_VALUE));

    // ---- DescribeLogDirs (35): flexible from 2, top-level error from 3, disk totals from 4. Null topics = all. ----

    public static final MessageSpec DESCRIBE_LOG_DIRS_REQUEST = MessageSpec.request(ApiKeys.DESCRIBE_LOG_DIRS, 0, 4,
            field("topics", array(
                    field("topic", STRING),
                    field("partitions", array(INT32)))).nullableSince(0));

    public static final MessageSpec DESCRIBE_LOG_DIRS_RESPONSE = MessageSpec.response(ApiKeys.DESCRIBE_LOG_DIRS, 0, 4,
            field("throttle_time_ms", INT32),
            field("error_code", INT16).since(3),
            field("results", array(
                    field("error_code", INT16),
                    field("log_dir", STRING),
                    field("topics", array(
                            field("name", STRING),
                            field("partitions", array(
                                    field("partition_index", INT32),
                                    field("partition_size", INT64),
                                    field("offset_lag", INT64),
                                    field("is_future_key", BOOL))))),
                    field("total_bytes", INT64).since(4).defaultValue(-1),
                    field("usable_bytes", INT64).since(4).defaultValue(-1))));

    // ---- AlterReplicaLogDirs (34): flexible from 2. ----

    public static final MessageSpec ALTER_REPLICA_LOG_DIRS_REQUEST = MessageSpec.request(ApiKeys.ALTER_REPLICA_LOG_DIRS, 0, 2,
            field("dirs", array(
                    field("path", STRING),
                    field("topics", array(
                            field("name", STRING),
                            field("partitions", array(INT32)))))));

    public static final MessageSpec ALTER_REPLICA_LOG_DIRS_RESPONSE = MessageSpec.response(ApiKeys.ALTER_REPLICA_LOG_DIRS, 0, 2,
            field("throttle_time_ms", INT32),
            field("results", array(
                    field("topic_name", STRING),
                    field("partitions", array(
                            field("partition_index", INT32),
                            field("error_code", INT16))))));

    // ---- DescribeClientQuotas (48) and AlterClientQuotas (49): flexible from 1; quota values are float64. ----

    public static final MessageSpec DESCRIBE_CLIENT_QUOTAS_REQUEST = MessageSpec.request(ApiKeys.DESCRIBE_CLIENT_QUOTAS, 0, 1,
            field("components", array(
                    field("entity_type", STRING),
                    field("match_type", INT8),
                    field("match", STRING).nullableSince(0))),
            field("strict", BOOL));

    public static final MessageSpec DESCRIBE_CLIENT_QUOTAS_RESPONSE = MessageSpec.response(ApiKeys.DESCRIBE_CLIENT_QUOTAS, 0, 1,
            field("throttle_time_ms", INT32),
            field("error_code", INT16),
            field("error_message", STRING).nullableSince(0),
            field("entries", array(
                    field("entity", quotaEntity()),
                    field("values", array(
                            field("key", STRING),
                            field("value", FLOAT64))))).nullableSince(0));

    public static final MessageSpec ALTER_CLIENT_QUOTAS_REQUEST = MessageSpec.request(ApiKeys.ALTER_CLIENT_QUOTAS, 0, 1,
            field("entries", array(
                    field("entity", quotaEntity()),
                    field("ops", array(
                            field("key", STRING),
                            field("value", FLOAT64),
                            field("remove", BOOL))))),
            field("validate_only", BOOL));

    public static final MessageSpec ALTER_CLIENT_QUOTAS_RESPONSE = MessageSpec.response(ApiKeys.ALTER_CLIENT_QUOTAS, 0, 1,
            field("throttle_time_ms", INT32),
            field("entries", array(
                    field("error_code", INT16),
                    field("error_message", STRING).nullableSince(0),
                    field("entity", quotaEntity()))));

    private static io.sluice.protocol.ArrayType quotaEntity() {
        return array(
                field("entity_type", STRING),
                field("entity_name", STRING).nullableSince(0));
    }
}
