package io.sluice.clients.common;

import io.sluice.protocol.Errors;

/**
 * A broker answered with an error code. {@link #error()} is the code; the exception is retriable
 * exactly when the code is ({@link Errors#retriable()}), so callers can test
 * {@code e instanceof ApiException a && a.error().retriable()} or {@link #isRetriable()}.
 */
public class ApiException extends SluiceException {

    private final Errors error;

    public ApiException(Errors error) {
        this(error, null);
    }

    /** {@code message} may be null: the error's default message is used then. */
    public ApiException(Errors error, String message) {
        super(message == null || message.isEmpty() ? error.name() + ": " + error.message() : error.name() + ": " + message);
        this.error = error;
    }

    public Errors error() {
        return error;
    }

    public boolean isRetriable() {
        return error.retriable();
    }

    /** True for an {@link ApiException} with a retriable code or any {@link RetriableException}. */
    public static boolean isRetriable(Throwable t) {
        return t instanceof RetriableException || (t instanceof ApiException api && api.isRetriable());
    }
}
