package io.sluice.server.log;

/** A producer's batch does not follow its last sequence: OUT_OF_ORDER_SEQUENCE_NUMBER (45). */
public class OutOfOrderSequenceException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public OutOfOrderSequenceException(String message) {
        super(message);
    }
}
