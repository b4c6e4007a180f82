package io.sluice.clients.common;

/** A failure that may go away if the same operation is tried again (after a metadata refresh, a reconnect...). */
public class RetriableException extends SluiceException {

    public RetriableException(String message) {
        super(message);
    }

    public RetriableException(String message, Throwable cause) {
        super(message, cause);
    }
}
