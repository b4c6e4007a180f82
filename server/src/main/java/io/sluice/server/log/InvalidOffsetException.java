package io.sluice.server.log;

/** Offsets that break the log's order, e.g. a follower batch below the log end offset or an offset range that cannot be indexed; maps to a non-retriable append error. */
public class InvalidOffsetException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InvalidOffsetException(String message) {
        super(message);
    }

    public InvalidOffsetException(String message, Throwable cause) {
        super(message, cause);
    }
}
