package io.sluice.server.log;

/**
 * A batch larger than a whole segment (segment.bytes): RECORD_LIST_TOO_LARGE (18), as opposed to one
 * merely above max.message.bytes, which is MESSAGE_TOO_LARGE (10).
 */
public class RecordBatchTooLargeException extends RecordTooLargeException {
    private static final long serialVersionUID = 1L;

    public RecordBatchTooLargeException(String message) {
        super(message);
    }
}
