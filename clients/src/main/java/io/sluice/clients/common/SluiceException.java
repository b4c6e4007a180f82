package io.sluice.clients.common;

/** The root of every exception our client library throws or completes a future with. */
public class SluiceException extends RuntimeException {

    public SluiceException(String message) {
        super(message);
    }

    public SluiceException(String message, Throwable cause) {
        super(message, cause);
    }
}
