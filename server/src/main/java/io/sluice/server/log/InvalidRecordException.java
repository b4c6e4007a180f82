package io.sluice.server.log;

/** A batch whose header is well formed but not acceptable from a client (e.g. a control batch, or a record count that does not match its offsets); maps to INVALID_RECORD. */
public class InvalidRecordException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InvalidRecordException(String message) {
        super(message);
    }
}
