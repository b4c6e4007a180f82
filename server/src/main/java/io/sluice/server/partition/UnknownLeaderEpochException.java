package io.sluice.server.partition;

/** A request names a leader epoch newer than this broker knows (its metadata lags): UNKNOWN_LEADER_EPOCH (75). */
public class UnknownLeaderEpochException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UnknownLeaderEpochException(String message) {
        super(message);
    }
}
