package io.sluice.server.log;

/** A batch bigger than max.message.bytes (or than a segment can hold); maps to MESSAGE_TOO_LARGE. */
public class RecordTooLargeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public RecordTooLargeException(String message) {
        super(message);
    }

    public RecordTooLargeException(String message, Throwable cause) {
        super(message, cause);
    }
}
