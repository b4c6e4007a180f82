package io.sluice.clients.common;

/** A connection could not be made or broke while a request was on it. Retriable. */
public class NetworkException extends RetriableException {

    public NetworkException(String message) {
        super(message);
    }

    public NetworkException(String message, Throwable cause) {
        super(message, cause);
    }
}
