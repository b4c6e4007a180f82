package io.sluice.zk.errors;

/**
 * A topic or config request was refused for a reason the client must be told. Each subclass
 * carries the Kafka wire error code it stands for, so the request dispatcher can answer
 * CreateTopics / CreatePartitions / DeleteTopics / AlterConfigs without a lookup table of its own;
 * {@link #getMessage()} is meant for the response's error message.
 */
public abstract class AdminException extends RuntimeException {

    private final short errorCode;
    private final String errorName;

    protected AdminException(short errorCode, String errorName, String message) {
        super(message);
        this.errorCode = errorCode;
        this.errorName = errorName;
    }

    /** The Kafka protocol error code, e.g. 36 for TOPIC_ALREADY_EXISTS. */
    public short errorCode() {
        return errorCode;
    }

    /** The Kafka protocol error name, e.g. {@code TOPIC_ALREADY_EXISTS}. */
    public String errorName() {
        return errorName;
    }

    /** UNKNOWN_TOPIC_OR_PARTITION (3). */
    public static final class UnknownTopicOrPartition extends AdminException {
        public UnknownTopicOrPartition(String message) {
            super((short) 3, "UNKNOWN_TOPIC_OR_PARTITION", message);
        }
    }

    /** INVALID_TOPIC_EXCEPTION (17): bad name, name collision, or topic queued for deletion. */
    public static final class InvalidTopic extends AdminException {
        public InvalidTopic(String message) {
            super((short) 17, "INVALID_TOPIC_EXCEPTION", message);
        }
    }

    /** TOPIC_ALREADY_EXISTS (36). */
    public static final class TopicExists extends AdminException {
        public TopicExists(String message) {
            super((short) 36, "TOPIC_ALREADY_EXISTS", message);
        }
    }

    /** INVALID_PARTITIONS (37). */
    public static final class InvalidPartitions extends AdminException {
        public InvalidPartitions(String message) {
            super((short) 37, "INVALID_PARTITIONS", message);
        }
    }

    /** INVALID_REPLICATION_FACTOR (38). */
    public static final class InvalidReplicationFactor extends AdminException {
        public InvalidReplicationFactor(String message) {
            super((short) 38, "INVALID_REPLICATION_FACTOR", message);
        }
    }

    /** INVALID_REPLICA_ASSIGNMENT (39). */
    public static final class InvalidReplicaAssignment extends AdminException {
        public InvalidReplicaAssignment(String message) {
            super((short) 39, "INVALID_REPLICA_ASSIGNMENT", message);
        }
    }
}
