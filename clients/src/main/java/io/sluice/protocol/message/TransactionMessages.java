package io.sluice.protocol.message;

import static io.sluice.protocol.Field.field;
import static io.sluice.protocol.Primitive.BOOL;
import static io.sluice.protocol.Primitive.INT16;
import static io.sluice.protocol.Primitive.INT32;
import static io.sluice.protocol.Primitive.INT64;
import static io.sluice.protocol.Primitive.STRING;
import static io.sluice.protocol.Schema.array;
import static io.sluice.protocol.Schema.struct;

import io.sluice.protocol.ApiKeys;
import io.sluice.protocol.MessageSpec;
import io.sluice.protocol.Schema;

/**
 * Transactions: the producer's calls to its transaction coordinator, the coordinator's markers to
 * partition leaders, and the Admin client's producer and transaction listings.
 */
public final class TransactionMessages {

    private TransactionMessages() {
    }

    private static final Schema ADD_PARTITIONS_TOPIC = struct(
            field("name", STRING),
            field("partitions", array(INT32)));

    private static final Schema ADD_PARTITIONS_TOPIC_RESULT = struct(
            field("name", STRING),
            field("results_by_partition", array(
                    field("partition_index", INT32),
                    field("partition_error_code", INT16))));

    // ---- AddPartitionsToTxn (24): flexible from 3, batched by transaction (broker-to-broker) from 4. ----

    public static final MessageSpec ADD_PARTITIONS_TO_TXN_REQUEST = MessageSpec.request(ApiKeys.ADD_PARTITIONS_TO_TXN, 0, 5,
            field("transactions", array(
                    field("transactional_id", STRING),
                    field("producer_id", INT64),
                    field("producer_epoch", INT16),
                    field("verify_only", BOOL),
                    field("topics", array(ADD_PARTITIONS_TOPIC)))).since(4),
            field("v3_and_below_transactional_id", STRING).versions(0, 3),
            field("v3_and_below_producer_id", INT64).versions(0, 3),
            field("v3_and_below_producer_epoch", INT16).versions(0, 3),
            field("v3_and_below_topics", array(ADD_PARTITIONS_TOPIC)).versions(0, 3));

    public static final MessageSpec ADD_PARTITIONS_TO_TXN_RESPONSE = MessageSpec.response(ApiKeys.ADD_PARTITIONS_TO_TXN, 0, 5,
            field("throttle_time_ms", INT32),
            field("error_code", INT16).since(4),
            field("results_by_transaction", array(
                    field("transactional_id", STRING),
                    field("topic_results", array(ADD_PARTITIONS_TOPIC_RESULT)))).since(4),
            field("results_by_topic_v3_and_below", array(ADD_PARTITIONS_TOPIC_RESULT)).versions(0, 3));

    // ---- AddOffsetsToTxn (25) and EndTxn (26): flexible from 3. ----

    public static final MessageSpec ADD_OFFSETS_TO_TXN_REQUEST = MessageSpec.request(ApiKeys.ADD_OFFSETS_TO_TXN, 0, 4,
            field("transactional_id", STRING),
            field("producer_id", INT64),
            field("producer_epoch", INT16),
            field("group_id", STRING));

    public static final MessageSpec ADD_OFFSETS_TO_TXN_RESPONSE = MessageSpec.response(ApiKeys.ADD_OFFSETS_TO_TXN, 0, 4,
            field("throttle_time_ms", INT32),
            field("error_code", INT16));

    public static final MessageSpec END_TXN_REQUEST = MessageSpec.request(ApiKeys.END_TXN, 0, 4,
            field("transactional_id", STRING),
            field("producer_id", INT64),
            field("producer_epoch", INT16),
            field("committed", BOOL));

    public static final MessageSpec END_TXN_RESPONSE = MessageSpec.response(ApiKeys.END_TXN, 0, 4,
            field("throttle_time_ms", INT32),
            field("error_code", INT16));

    // ---- WriteTxnMarkers (27): coordinator to partition leaders, flexible from 1. ----

    public static final MessageSpec WRITE_TXN_MARKERS_REQUEST = MessageSpec.request(ApiKeys.WRITE_TXN_MARKERS, 0, 1,
            field("markers", array(
                    field("producer_id", INT64),
                    field("producer_epoch", INT16),
                    field("transaction_result", BOOL),
                    field("topics", array(
                            field("name", STRING),
                            field("partition_indexes", array(INT32)))),
                    field("coordinator_epoch", INT32))));

    public static final MessageSpec WRITE_TXN_MARKERS_RESPONSE = MessageSpec.response(ApiKeys.WRITE_TXN_MARKERS, 0, 1,
            field("markers", array(
                    field("producer_id", INT64),
                    field("topics", array(
                            field("name", STRING),
                            field("partitions", array(
                                    field("partition_index", INT32),
                                    field("error_code", INT16))))))));

    // ---- TxnOffsetCommit (28): leader epoch from 2, group membership fields and flexible from 3. ----

    public static final MessageSpec TXN_OFFSET_COMMIT_REQUEST = MessageSpec.request(ApiKeys.TXN_OFFSET_COMMIT, 0, 4,
            field("transactional_id", STRING),
            field("group_id", STRING),
            field("producer_id", INT64),
            field("producer_epoch", INT16),
            field("generation_id", INT32).since(3).defaultValue(-1),
            field("member_id", STRING).since(3),
            field("group_instance_id", STRING).since(3).nullableSince(3).defaultValue(null),
            field("topics", array(
                    field("name", STRING),
                    field("partitions", array(
                            field("partition_index", INT32),
                            field("committed_offset", INT64),
                            field("committed_leader_epoch", INT32).since(2).defaultValue(-1),
                            field("committed_metadata", STRING).nullableSince(0))))));

    public static final MessageSpec TXN_OFFSET_COMMIT_RESPONSE = MessageSpec.response(ApiKeys.TXN_OFFSET_COMMIT, 0, 4,
            field("throttle_time_ms", INT32),
            field("topics", array(
                    field("name", STRING),
                    field("partitions", array(
                            field("partition_index", INT32),
                            field("error_code", INT16))))));

    // ---- DescribeProducers (61), DescribeTransactions (65), ListTransactions (66): always flexible. ----

    public static final MessageSpec DESCRIBE_PRODUCERS_REQUEST = MessageSpec.request(ApiKeys.DESCRIBE_PRODUCERS, 0, 0,
            field("topics", array(
                    field("name", STRING),
                    field("partition_indexes", array(INT32)))));

    public static final MessageSpec DESCRIBE_PRODUCERS_RESPONSE = MessageSpec.response(ApiKeys.DESCRIBE_PRODUCERS, 0, 0,
            field("throttle_time_ms", INT32),
            field("topics", array(
                    field("name", STRING),
                    field("partitions", array(
                            field("partition_index", INT32),
                            field("error_code", INT16),
                            field("error_message", STRING).nullableSince(0).defaultValue(null),
                            field("active_producers", array(
                                    field("producer_id", INT64),
                                    field("producer_epoch", INT32),
                                    field("last_sequence", INT32).defaultValue(-1),
                                    field("last_timestamp", INT64).defaultValue(-1),
                                    field("coordinator_epoch", INT32),
                                    field("current_txn_start_offset", INT64).defaultValue(-1))))))));

    public static final MessageSpec DESCRIBE_TRANSACTIONS_REQUEST = MessageSpec.request(ApiKeys.DESCRIBE_TRANSACTIONS, 0, 0,
            field("transactional_ids", array(STRING)));

    public static final MessageSpec DESCRIBE_TRANSACTIONS_RESPONSE = MessageSpec.response(ApiKeys.DESCRIBE_TRANSACTIONS, 0, 0,
            field("throttle_time_ms", INT32),
            field("transaction_states", array(
                    field("error_code", INT16),
                    field("transactional_id", STRING),
                    field("transaction_state", STRING),
                    field("transaction_timeout_ms", INT32),
                    field("transaction_start_time_ms", INT64),
                    field("producer_id", INT64),
                    field("producer_epoch", INT16),
                    field("topics", array(
                            field("topic", STRING),
                            field("partitions", array(INT32)))))));

    public static final MessageSpec LIST_TRANSACTIONS_REQUEST = MessageSpec.request(ApiKeys.LIST_TRANSACTIONS, 0, 1,
            field("state_filters", array(STRING)),
            field("producer_id_filters", array(INT64)),
            field("duration_filter", INT64).since(1).defaultValue(-1));

    public static final MessageSpec LIST_TRANSACTIONS_RESPONSE = MessageSpec.response(ApiKeys.LIST_TRANSACTIONS, 0, 1,
            field("throttle_time_ms", INT32),
            field("error_code", INT16),
            field("unknown_state_filters", array(STRING)),
            field("transaction_states", array(
                    field("transactional_id", STRING),
                    field("producer_id", INT64),
                    field("transaction_state", STRING))));
}
