package io.sluice.server.log;

/** A producer writes with an epoch older than the partition has seen: INVALID_PRODUCER_EPOCH (47). */
public class InvalidProducerEpochException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InvalidProducerEpochException(String message) {
        super(message);
    }
}
