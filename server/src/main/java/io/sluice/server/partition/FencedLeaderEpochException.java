package io.sluice.server.partition;

/** A request names a leader epoch older than this leader's: FENCED_LEADER_EPOCH (74). */
public class FencedLeaderEpochException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public FencedLeaderEpochException(String message) {
        super(message);
    }
}
