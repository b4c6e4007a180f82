package io.sluice.server.partition;

/** An acks=all write while the ISR is smaller than min.insync.replicas: NOT_ENOUGH_REPLICAS (19), nothing appended. */
public class NotEnoughReplicasException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public NotEnoughReplicasException(String message) {
        super(message);
    }
}
