package io.sluice.server.log;

/** A read or DeleteRecords offset outside [log start offset, log end offset]; maps to OFFSET_OUT_OF_RANGE. */
public class OffsetOutOfRangeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public OffsetOutOfRangeException(String message) {
        super(message);
    }

    public OffsetOutOfRangeException(String message, Throwable cause) {
        super(message, cause);
    }
}
