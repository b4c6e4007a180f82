package io.sluice.record;

/**
 * A batch or record whose bytes break the format: bad magic, bad CRC, impossible lengths.
 * The broker answers it with CORRUPT_MESSAGE; the log's recovery cuts the segment before it.
 */
public class CorruptRecordException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CorruptRecordException(String message) {
        super(message);
    }

    public CorruptRecordException(String message, Throwable cause) {
        super(message, cause);
    }
}
