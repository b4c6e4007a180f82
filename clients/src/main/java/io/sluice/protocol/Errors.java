package io.sluice.protocol;

/**
 * The protocol's error codes (-1 to 127), named as in the protocol guide so that logs read the same
 * as a Kafka broker's. {@link #retriable()} says whether a client may retry the same request (the
 * condition is expected to pass, e.g. a leader election); handlers should only return codes the
 * calling client version knows for that API.
 */
public enum Errors {
    UNKNOWN_SERVER_ERROR(-1),
    NONE(0),
    OFFSET_OUT_OF_RANGE(1),
    CORRUPT_MESSAGE(2, true),
    UNKNOWN_TOPIC_OR_PARTITION(3, true),
    INVALID_FETCH_SIZE(4),
    LEADER_NOT_AVAILABLE(5, true),
    NOT_LEADER_OR_FOLLOWER(6, true),
    REQUEST_TIMED_OUT(7, true),
    BROKER_NOT_AVAILABLE(8),
    REPLICA_NOT_AVAILABLE(9, true),
    MESSAGE_TOO_LARGE(10),
    STALE_CONTROLLER_EPOCH(11),
    OFFSET_METADATA_TOO_LARGE(12),
    NETWORK_EXCEPTION(13, true),
    COORDINATOR_LOAD_IN_PROGRESS(14, true),
    COORDINATOR_NOT_AVAILABLE(15, true),
    NOT_COORDINATOR(16, true),
    INVALID_TOPIC_EXCEPTION(17),
    RECORD_LIST_TOO_LARGE(18),
    NOT_ENOUGH_REPLICAS(19, true),
    NOT_ENOUGH_REPLICAS_AFTER_APPEND(20, true),
    INVALID_REQUIRED_ACKS(21),
    ILLEGAL_GENERATION(22),
    INCONSISTENT_GROUP_PROTOCOL(23),
    INVALID_GROUP_ID(24),
    UNKNOWN_MEMBER_ID(25),
    INVALID_SESSION_TIMEOUT(26),
    REBALANCE_IN_PROGRESS(27),
    INVALID_COMMIT_OFFSET_SIZE(28),
    TOPIC_AUTHORIZATION_FAILED(29),
    GROUP_AUTHORIZATION_FAILED(30),
    CLUSTER_AUTHORIZATION_FAILED(31),
    INVALID_TIMESTAMP(32),
    UNSUPPORTED_SASL_MECHANISM(33),
    ILLEGAL_SASL_STATE(34),
    UNSUPPORTED_VERSION(35),
    TOPIC_ALREADY_EXISTS(36),
    INVALID_PARTITIONS(37),
    INVALID_REPLICATION_FACTOR(38),
    INVALID_REPLICA_ASSIGNMENT(39),
    INVALID_CONFIG(40),
    NOT_CONTROLLER(41, true),
    INVALID_REQUEST(42),
    UNSUPPORTED_FOR_MESSAGE_FORMAT(43),
    POLICY_VIOLATION(44),
    OUT_OF_ORDER_SEQUENCE_NUMBER(45),
    DUPLICATE_SEQUENCE_NUMBER(46),
    INVALID_PRODUCER_EPOCH(47),
    INVALID_TXN_STATE(48),
    INVALID_PRODUCER_ID_MAPPING(49),
    INVALID_TRANSACTION_TIMEOUT(50),
    CONCURRENT_TRANSACTIONS(51, true),
    TRANSACTION_COORDINATOR_FENCED(52),
    TRANSACTIONAL_ID_AUTHORIZATION_FAILED(53),
    SECURITY_DISABLED(54),
    OPERATION_NOT_ATTEMPTED(55),
    KAFKA_STORAGE_ERROR(56, true),
    LOG_DIR_NOT_FOUND(57),
    SASL_AUTHENTICATION_FAILED(58),
    UNKNOWN_PRODUCER_ID(59),
    REASSIGNMENT_IN_PROGRESS(60),
    DELEGATION_TOKEN_AUTH_DISABLED(61),
    DELEGATION_TOKEN_NOT_FOUND(62),
    DELEGATION_TOKEN_OWNER_MISMATCH(63),
    DELEGATION_TOKEN_REQUEST_NOT_ALLOWED(64),
    DELEGATION_TOKEN_AUTHORIZATION_FAILED(65),
    DELEGATION_TOKEN_EXPIRED(66),
    INVALID_PRINCIPAL_TYPE(67),
    NON_EMPTY_GROUP(68),
    GROUP_ID_NOT_FOUND(69),
    FETCH_SESSION_ID_NOT_FOUND(70, true),
    INVALID_FETCH_SESSION_EPOCH(71, true),
    LISTENER_NOT_FOUND(72, true),
    TOPIC_DELETION_DISABLED(73),
    FENCED_LEADER_EPOCH(74, true),
    UNKNOWN_LEADER_EPOCH(75, true),
    UNSUPPORTED_COMPRESSION_TYPE(76),
    STALE_BROKER_EPOCH(77),
    OFFSET_NOT_AVAILABLE(78, true),
    MEMBER_ID_REQUIRED(79),
    PREFERRED_LEADER_NOT_AVAILABLE(80, true),
    GROUP_MAX_SIZE_REACHED(81),
    FENCED_INSTANCE_ID(82),
    ELIGIBLE_LEADERS_NOT_AVAILABLE(83, true),
    ELECTION_NOT_NEEDED(84, true),
    NO_REASSIGNMENT_IN_PROGRESS(85),
    GROUP_SUBSCRIBED_TO_TOPIC(86),
    INVALID_RECORD(87),
    UNSTABLE_OFFSET_COMMIT(88, true),
    THROTTLING_QUOTA_EXCEEDED(89, true),
    PRODUCER_FENCED(90),
    RESOURCE_NOT_FOUND(91),
    DUPLICATE_RESOURCE(92),
    UNACCEPTABLE_CREDENTIAL(93),
    INCONSISTENT_VOTER_SET(94),
    INVALID_UPDATE_VERSION(95),
    FEATURE_UPDATE_FAILED(96),
    PRINCIPAL_DESERIALIZATION_FAILURE(97),
    SNAPSHOT_NOT_FOUND(98),
    POSITION_OUT_OF_RANGE(99),
    UNKNOWN_TOPIC_ID(100, true),
    DUPLICATE_BROKER_REGISTRATION(101),
    BROKER_ID_NOT_REGISTERED(102),
    INCONSISTENT_TOPIC_ID(103, true),
    INCONSISTENT_CLUSTER_ID(104),
    TRANSACTIONAL_ID_NOT_FOUND(105),
    FETCH_SESSION_TOPIC_ID_ERROR(106, true),
    INELIGIBLE_REPLICA(107),
    NEW_LEADER_ELECTED(108),
    OFFSET_MOVED_TO_TIERED_STORAGE(109),
    FENCED_MEMBER_EPOCH(110),
    UNRELEASED_INSTANCE_ID(111),
    UNSUPPORTED_ASSIGNOR(112),
    STALE_MEMBER_EPOCH(113),
    MISMATCHED_ENDPOINT_TYPE(114),
    UNSUPPORTED_ENDPOINT_TYPE(115),
    UNKNOWN_CONTROLLER_ID(116),
    UNKNOWN_SUBSCRIPTION_ID(117),
    TELEMETRY_TOO_LARGE(118),
    INVALID_REGISTRATION(119),
    TRANSACTION_ABORTABLE(120),
    INVALID_RECORD_STATE(121),
    SHARE_SESSION_NOT_FOUND(122, true),
    INVALID_SHARE_SESSION_EPOCH(123, true),
    FENCED_STATE_EPOCH(124),
    INVALID_VOTER_KEY(125),
    DUPLICATE_VOTER(126),
    VOTER_NOT_FOUND(127);

    private static final Errors[] BY_CODE;

    static {
        BY_CODE = new Errors[values().length + 1];
        for (Errors error : values()) {
            BY_CODE[error.code + 1] = error;
        }
    }

    private final short code;
    private final boolean retriable;

    Errors(int code) {
        this(code, false);
    }

    Errors(int code, boolean retriable) {
        this.code = (short) code;
        this.retriable = retriable;
    }

    public short code() {
        return code;
    }

    public boolean retriable() {
        return retriable;
    }

    /** A readable default message derived from the name, e.g. "Unknown topic or partition". */
    public String message() {
        if (this == NONE) {
            return null;
        }
        String words = name().replace('_', ' ').toLowerCase(java.util.Locale.ROOT);
        return Character.toUpperCase(words.charAt(0)) + words.substring(1) + ".";
    }

    /** The error with this code; unknown codes map to {@link #UNKNOWN_SERVER_ERROR}. */
    public static Errors forCode(int code) {
        int index = code + 1;
        if (index >= 0 && index < BY_CODE.length && BY_CODE[index] != null) {
            return BY_CODE[index];
        }
        return UNKNOWN_SERVER_ERROR;
    }
}
