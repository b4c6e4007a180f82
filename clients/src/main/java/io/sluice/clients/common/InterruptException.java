package io.sluice.clients.common;

/**
 * The calling thread was interrupted while blocked in the client. Unchecked (as all our client
 * exceptions); the thread's interrupt flag is set again when this is created.
 */
public class InterruptException extends SluiceException {

    public InterruptException(String message, InterruptedException cause) {
        super(message, cause);
        Thread.currentThread().interrupt();
    }

    public InterruptException(InterruptedException cause) {
        this("Interrupted", cause);
    }
}
