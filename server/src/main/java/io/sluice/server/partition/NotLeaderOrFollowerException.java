package io.sluice.server.partition;

/** This broker does not lead the partition (any more): NOT_LEADER_OR_FOLLOWER (6); clients refresh metadata and retry. */
public class NotLeaderOrFollowerException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public NotLeaderOrFollowerException(String message) {
        super(message);
    }
}
