package io.sluice.server.log;

/** A log directory failed or is offline; maps to KAFKA_STORAGE_ERROR. The directory stays offline until restart. */
public class KafkaStorageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public KafkaStorageException(String message) {
        super(message);
    }

    public KafkaStorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
