package io.sluice.server.partition;

/** The cluster knows no such topic or partition: UNKNOWN_TOPIC_OR_PARTITION (3). */
public class UnknownTopicOrPartitionException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UnknownTopicOrPartitionException(String message) {
        super(message);
    }
}
