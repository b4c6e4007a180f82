package io.sluice.protocol;

/**
 * Every request type of the Kafka protocol up to DescribeTopicPartitions (75), by its int16 wire id,
 * its name in the protocol guide and the first version that uses the flexible encoding. Whether Sluice implements a key, and which versions, is decided
 * by {@link Messages}, not here.
 */
public enum ApiKeys {
    PRODUCE(0, "Produce", 9),
    FETCH(1, "Fetch", 12),
    LIST_OFFSETS(2, "ListOffsets", 6),
    METADATA(3, "Metadata", 9),
    LEADER_AND_ISR(4, "LeaderAndIsr", 4),
    STOP_REPLICA(5, "StopReplica", 2),
    UPDATE_METADATA(6, "UpdateMetadata", 6),
    CONTROLLED_SHUTDOWN(7, "ControlledShutdown", 3),
    OFFSET_COMMIT(8, "OffsetCommit", 8),
    OFFSET_FETCH(9, "OffsetFetch", 6),
    FIND_COORDINATOR(10, "FindCoordinator", 3),
    JOIN_GROUP(11, "JoinGroup", 6),
    HEARTBEAT(12, "Heartbeat", 4),
    LEAVE_GROUP(13, "LeaveGroup", 4),
    SYNC_GROUP(14, "SyncGroup", 4),
    DESCRIBE_GROUPS(15, "DescribeGroups", 5),
    LIST_GROUPS(16, "ListGroups", 3),
    SASL_HANDSHAKE(17, "SaslHandshake", -1),
    API_VERSIONS(18, "ApiVersions", 3),
    CREATE_TOPICS(19, "CreateTopics", 5),
    DELETE_TOPICS(20, "DeleteTopics", 4),
    DELETE_RECORDS(21, "DeleteRecords", 2),
    INIT_PRODUCER_ID(22, "InitProducerId", 2),
    OFFSET_FOR_LEADER_EPOCH(23, "OffsetForLeaderEpoch", 4),
    ADD_PARTITIONS_TO_TXN(24, "AddPartitionsToTxn", 3),
    ADD_OFFSETS_TO_TXN(25, "AddOffsetsToTxn", 3),
    END_TXN(26, "EndTxn", 3),
    WRITE_TXN_MARKERS(27, "WriteTxnMarkers", 1),
    TXN_OFFSET_COMMIT(28, "TxnOffsetCommit", 3),
    DESCRIBE_ACLS(29, "DescribeAcls", 2),
    CREATE_ACLS(30, "CreateAcls", 2),
    DELETE_ACLS(31, "DeleteAcls", 2),
    DESCRIBE_CONFIGS(32, "DescribeConfigs", 4),
    ALTER_CONFIGS(33, "AlterConfigs", 2),
    ALTER_REPLICA_LOG_DIRS(34, "AlterReplicaLogDirs", 2),
    DESCRIBE_LOG_DIRS(35, "DescribeLogDirs", 2),
    SASL_AUTHENTICATE(36, "SaslAuthenticate", 2),
    CREATE_PARTITIONS(37, "CreatePartitions", 2),
    CREATE_DELEGATION_TOKEN(38, "CreateDelegationToken", 2),
    RENEW_DELEGATION_TOKEN(39, "RenewDelegationToken", 2),
    EXPIRE_DELEGATION_TOKEN(40, "ExpireDelegationToken", 2),
    DESCRIBE_DELEGATION_TOKEN(41, "DescribeDelegationToken", 2),
    DELETE_GROUPS(42, "DeleteGroups", 2),
    ELECT_LEADERS(43, "ElectLeaders", 2),
    INCREMENTAL_ALTER_CONFIGS(44, "IncrementalAlterConfigs", 1),
    ALTER_PARTITION_REASSIGNMENTS(45, "AlterPartitionReassignments", 0),
    LIST_PARTITION_REASSIGNMENTS(46, "ListPartitionReassignments", 0),
    OFFSET_DELETE(47, "OffsetDelete", -1),
    DESCRIBE_CLIENT_QUOTAS(48, "DescribeClientQuotas", 1),
    ALTER_CLIENT_QUOTAS(49, "AlterClientQuotas", 1),
    DESCRIBE_USER_SCRAM_CREDENTIALS(50, "DescribeUserScramCredentials", 0),
    ALTER_USER_SCRAM_CREDENTIALS(51, "AlterUserScramCredentials", 0),
    VOTE(52, "Vote", 0),
    BEGIN_QUORUM_EPOCH(53, "BeginQuorumEpoch", 1),
    END_QUORUM_EPOCH(54, "EndQuorumEpoch", 1),
    DESCRIBE_QUORUM(55, "DescribeQuorum", 0),
    ALTER_PARTITION(56, "AlterPartition", 0),
    UPDATE_FEATURES(57, "UpdateFeatures", 0),
    ENVELOPE(58, "Envelope", 0),
    FETCH_SNAPSHOT(59, "FetchSnapshot", 0),
    DESCRIBE_CLUSTER(60, "DescribeCluster", 0),
    DESCRIBE_PRODUCERS(61, "DescribeProducers", 0),
    BROKER_REGISTRATION(62, "BrokerRegistration", 0),
    BROKER_HEARTBEAT(63, "BrokerHeartbeat", 0),
    UNREGISTER_BROKER(64, "UnregisterBroker", 0),
    DESCRIBE_TRANSACTIONS(65, "DescribeTransactions", 0),
    LIST_TRANSACTIONS(66, "ListTransactions", 0),
    ALLOCATE_PRODUCER_IDS(67, "AllocateProducerIds", 0),
    CONSUMER_GROUP_HEARTBEAT(68, "ConsumerGroupHeartbeat", 0),
    CONSUMER_GROUP_DESCRIBE(69, "ConsumerGroupDescribe", 0),
    CONTROLLER_REGISTRATION(70, "ControllerRegistration", 0),
    GET_TELEMETRY_SUBSCRIPTIONS(71, "GetTelemetrySubscriptions", 0),
    PUSH_TELEMETRY(72, "PushTelemetry", 0),
    ASSIGN_REPLICAS_TO_DIRS(73, "AssignReplicasToDirs", 0),
    LIST_CLIENT_METRICS_RESOURCES(74, "ListClientMetricsResources", 0),
    DESCRIBE_TOPIC_PARTITIONS(75, "DescribeTopicPartitions", 0);

    private static final ApiKeys[] BY_ID;

    static {
        int max = 0;
        for (ApiKeys key : values()) {
            max = Math.max(max, key.id);
        }
        BY_ID = new ApiKeys[max + 1];
        for (ApiKeys key : values()) {
            BY_ID[key.id] = key;
        }
    }

    private final short id;
    private final String displayName;
    private final short firstFlexibleVersion;

    ApiKeys(int id, String displayName, int firstFlexibleVersion) {
        this.id = (short) id;
        this.displayName = displayName;
        this.firstFlexibleVersion = (short) (firstFlexibleVersion < 0 ? Short.MAX_VALUE : firstFlexibleVersion);
    }

    /**
     * True if {@code version} uses the flexible encoding (compact types, tagged fields, request header
     * v2, response header v1). Every later version is flexible too, including ones newer than this
     * code knows, which is what lets a broker parse the header of a too-new ApiVersions request.
     */
    public boolean isFlexible(int version) {
        return version >= firstFlexibleVersion;
    }

    public short id() {
        return id;
    }

    /** The name used in the protocol guide, e.g. "ListOffsets". */
    public String displayName() {
        return displayName;
    }

    /** The key with this wire id, or null if there is none. */
    public static ApiKeys forId(int id) {
        return id >= 0 && id < BY_ID.length ? BY_ID[id] : null;
    }
}
