package io.sluice.server.api;

import io.sluice.protocol.Errors;
import io.sluice.zk.errors.AdminException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns a refused or failed admin operation into the error code and message of a response entry. */
final class AdminErrors {

    private static final Logger log = LoggerFactory.getLogger(AdminErrors.class);

    /** An error code with the message to send; a null message for success. */
    record Outcome(short code, String message) {
        static final Outcome NONE = new Outcome(Errors.NONE.code(), null);

        boolean failed() {
            return code != Errors.NONE.code();
        }
    }

    private AdminErrors() {
    }

    static Outcome of(Errors error, String message) {
        return new Outcome(error.code(), message);
    }

    static Outcome of(RuntimeException e, String what) {
        if (e instanceof AdminException admin) {
            return new Outcome(admin.errorCode(), admin.getMessage());
        }
        log.error("{} failed", what, e);
        return new Outcome(Errors.UNKNOWN_SERVER_ERROR.code(), e.toString());
    }
}
