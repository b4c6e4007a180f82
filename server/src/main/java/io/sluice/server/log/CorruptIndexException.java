package io.sluice.server.log;

/** An index file whose size or entries break its invariants; the loader rebuilds the index from the log. */
public class CorruptIndexException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CorruptIndexException(String message) {
        super(message);
    }

    public CorruptIndexException(String message, Throwable cause) {
        super(message, cause);
    }
}
