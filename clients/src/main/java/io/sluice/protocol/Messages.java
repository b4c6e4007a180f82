package io.sluice.protocol;

import io.sluice.protocol.message.AdminMessages;
import io.sluice.protocol.message.ControllerMessages;
import io.sluice.protocol.message.CoreMessages;
import io.sluice.protocol.message.GroupMessages;
import io.sluice.protocol.message.ReassignmentMessages;
import io.sluice.protocol.message.SecurityMessages;
import io.sluice.protocol.message.TransactionMessages;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The registry of every message this code defines: for each api key, its request and response
 * {@link MessageSpec}. A key is defined when both are present.
 */
public final class Messages {

    private static final Map<ApiKeys, MessageSpec> REQUESTS = new EnumMap<>(ApiKeys.class);
    private static final Map<ApiKeys, MessageSpec> RESPONSES = new EnumMap<>(ApiKeys.class);

    static {
        register(CoreMessages.API_VERSIONS_REQUEST, CoreMessages.API_VERSIONS_RESPONSE);
        register(CoreMessages.METADATA_REQUEST, CoreMessages.METADATA_RESPONSE);
        register(CoreMessages.PRODUCE_REQUEST, CoreMessages.PRODUCE_RESPONSE);
        register(CoreMessages.FETCH_REQUEST, CoreMessages.FETCH_RESPONSE);
        register(CoreMessages.LIST_OFFSETS_REQUEST, CoreMessages.LIST_OFFSETS_RESPONSE);
        register(AdminMessages.CREATE_TOPICS_REQUEST, AdminMessages.CREATE_TOPICS_RESPONSE);
        register(AdminMessages.DELETE_TOPICS_REQUEST, AdminMessages.DELETE_TOPICS_RESPONSE);
        register(AdminMessages.CREATE_PARTITIONS_REQUEST, AdminMessages.CREATE_PARTITIONS_RESPONSE);
        register(AdminMessages.DELETE_RECORDS_REQUEST, AdminMessages.DELETE_RECORDS_RESPONSE);
        register(AdminMessages.DESCRIBE_CONFIGS_REQUEST, AdminMessages.DESCRIBE_CONFIGS_RESPONSE);
        register(AdminMessages.ALTER_CONFIGS_REQUEST, AdminMessages.ALTER_CONFIGS_RESPONSE);
        register(AdminMessages.INCREMENTAL_ALTER_CONFIGS_REQUEST, AdminMessages.INCREMENTAL_ALTER_CONFIGS_RESPONSE);
        register(AdminMessages.INIT_PRODUCER_ID_REQUEST, AdminMessages.INIT_PRODUCER_ID_RESPONSE);
        register(AdminMessages.OFFSET_FOR_LEADER_EPOCH_REQUEST, AdminMessages.OFFSET_FOR_LEADER_EPOCH_RESPONSE);
        register(AdminMessages.DESCRIBE_CLUSTER_REQUEST, AdminMessages.DESCRIBE_CLUSTER_RESPONSE);
        register(GroupMessages.FIND_COORDINATOR_REQUEST, GroupMessages.FIND_COORDINATOR_RESPONSE);
        register(GroupMessages.JOIN_GROUP_REQUEST, GroupMessages.JOIN_GROUP_RESPONSE);
        register(GroupMessages.HEARTBEAT_REQUEST, GroupMessages.HEARTBEAT_RESPONSE);
        register(GroupMessages.LEAVE_GROUP_REQUEST, GroupMessages.LEAVE_GROUP_RESPONSE);
        register(GroupMessages.SYNC_GROUP_REQUEST, GroupMessages.SYNC_GROUP_RESPONSE);
        register(GroupMessages.DESCRIBE_GROUPS_REQUEST, GroupMessages.DESCRIBE_GROUPS_RESPONSE);
        register(GroupMessages.LIST_GROUPS_REQUEST, GroupMessages.LIST_GROUPS_RESPONSE);
        register(GroupMessages.OFFSET_COMMIT_REQUEST, GroupMessages.OFFSET_COMMIT_RESPONSE);
        register(GroupMessages.OFFSET_FETCH_REQUEST, GroupMessages.OFFSET_FETCH_RESPONSE);
        register(GroupMessages.DELETE_GROUPS_REQUEST, GroupMessages.DELETE_GROUPS_RESPONSE);
        register(GroupMessages.OFFSET_DELETE_REQUEST, GroupMessages.OFFSET_DELETE_RESPONSE);
        register(ReassignmentMessages.ELECT_LEADERS_REQUEST, ReassignmentMessages.ELECT_LEADERS_RESPONSE);
        register(ReassignmentMessages.ALTER_PARTITION_REASSIGNMENTS_REQUEST, ReassignmentMessages.ALTER_PARTITION_REASSIGNMENTS_RESPONSE);
        register(ReassignmentMessages.LIST_PARTITION_REASSIGNMENTS_REQUEST, ReassignmentMessages.LIST_PARTITION_REASSIGNMENTS_RESPONSE);
        register(ControllerMessages.LEADER_AND_ISR_REQUEST, ControllerMessages.LEADER_AND_ISR_RESPONSE);
        register(ControllerMessages.STOP_REPLICA_REQUEST, ControllerMessages.STOP_REPLICA_RESPONSE);
        register(ControllerMessages.UPDATE_METADATA_REQUEST, ControllerMessages.UPDATE_METADATA_RESPONSE);
        register(ControllerMessages.CONTROLLED_SHUTDOWN_REQUEST, ControllerMessages.CONTROLLED_SHUTDOWN_RESPONSE);
        register(AdminMessages.DESCRIBE_LOG_DIRS_REQUEST, AdminMessages.DESCRIBE_LOG_DIRS_RESPONSE);
        register(AdminMessages.ALTER_REPLICA_LOG_DIRS_REQUEST, AdminMessages.ALTER_REPLICA_LOG_DIRS_RESPONSE);
        register(AdminMessages.DESCRIBE_CLIENT_QUOTAS_REQUEST, AdminMessages.DESCRIBE_CLIENT_QUOTAS_RESPONSE);
        register(AdminMessages.ALTER_CLIENT_QUOTAS_REQUEST, AdminMessages.ALTER_CLIENT_QUOTAS_RESPONSE);
        register(TransactionMessages.ADD_PARTITIONS_TO_TXN_REQUEST, TransactionMessages.ADD_PARTITIONS_TO_TXN_RESPONSE);
        register(TransactionMessages.ADD_OFFSETS_TO_TXN_REQUEST, TransactionMessages.ADD_OFFSETS_TO_TXN_RESPONSE);
        register(TransactionMessages.END_TXN_REQUEST, TransactionMessages.END_TXN_RESPONSE);
        register(TransactionMessages.WRITE_TXN_MARKERS_REQUEST, TransactionMessages.WRITE_TXN_MARKERS_RESPONSE);
        register(TransactionMessages.TXN_OFFSET_COMMIT_REQUEST, TransactionMessages.TXN_OFFSET_COMMIT_RESPONSE);
        register(TransactionMessages.DESCRIBE_PRODUCERS_REQUEST, TransactionMessages.DESCRIBE_PRODUCERS_RESPONSE);
        register(TransactionMessages.DESCRIBE_TRANSACTIONS_REQUEST, TransactionMessages.DESCRIBE_TRANSACTIONS_RESPONSE);
        register(TransactionMessages.LIST_TRANSACTIONS_REQUEST, TransactionMessages.LIST_TRANSACTIONS_RESPONSE);
        register(SecurityMessages.SASL_HANDSHAKE_REQUEST, SecurityMessages.SASL_HANDSHAKE_RESPONSE);
        register(SecurityMessages.SASL_AUTHENTICATE_REQUEST, SecurityMessages.SASL_AUTHENTICATE_RESPONSE);
        register(SecurityMessages.DESCRIBE_ACLS_REQUEST, SecurityMessages.DESCRIBE_ACLS_RESPONSE);
        register(SecurityMessages.CREATE_ACLS_REQUEST, SecurityMessages.CREATE_ACLS_RESPONSE);
        register(SecurityMessages.DELETE_ACLS_REQUEST, SecurityMessages.DELETE_ACLS_RESPONSE);
    }

    private Messages() {
    }

    private static void register(MessageSpec request, MessageSpec response) {
        if (request.apiKey() != response.apiKey() || !request.isRequest() || response.isRequest()
                || request.lowestVersion() != response.lowestVersion()
                || request.highestVersion() != response.highestVersion()) {
            throw new IllegalStateException("Mismatched pair " + request + " / " + response);
        }
        REQUESTS.put(request.apiKey(), request);
        RESPONSES.put(response.apiKey(), response);
    }

    /** The request spec of {@code key}; throws IllegalArgumentException if it is not defined. */
    public static MessageSpec request(ApiKeys key) {
        return lookup(REQUESTS, key);
    }

    /** The response spec of {@code key}; throws IllegalArgumentException if it is not defined. */
    public static MessageSpec response(ApiKeys key) {
        return lookup(RESPONSES, key);
    }

    public static boolean isDefined(ApiKeys key) {
        return key != null && REQUESTS.containsKey(key);
    }

    /** Every defined key, in id order. */
    public static List<ApiKeys> definedKeys() {
        return Collections.unmodifiableList(new ArrayList<>(REQUESTS.keySet()));
    }

    private static MessageSpec lookup(Map<ApiKeys, MessageSpec> specs, ApiKeys key) {
        MessageSpec spec = key == null ? null : specs.get(key);
        if (spec == null) {
            throw new IllegalArgumentException("No message defined for " + key);
        }
        return spec;
    }
}
