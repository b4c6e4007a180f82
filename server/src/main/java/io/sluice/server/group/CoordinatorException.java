package io.sluice.server.group;

import io.sluice.protocol.Errors;

/** A whole group request fails with {@link #error()} (NOT_COORDINATOR, COORDINATOR_NOT_AVAILABLE...). */
public final class CoordinatorException extends RuntimeException {

    private final Errors error;

    public CoordinatorException(Errors error, String message) {
        super(message, null, false, false);
        this.error = error;
    }

    public Errors error() {
        return error;
    }
}
