package io.sluice.clients.common;

/**
 * An operation did not finish within its bound: a request within {@code request.timeout.ms}, a
 * metadata wait or a buffer allocation within {@code max.block.ms}, a record within
 * {@code delivery.timeout.ms}.
 */
public class TimeoutException extends RetriableException {

    public TimeoutException(String message) {
        super(message);
    }

    public TimeoutException(String message, Throwable cause) {
        super(message, cause);
    }
}
