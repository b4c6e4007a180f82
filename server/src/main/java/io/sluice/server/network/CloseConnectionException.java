package io.sluice.server.network;

/**
 * Thrown or completed by a {@link RequestHandler} when the request cannot be answered because the client
 * does not speak the protocol (malformed header, unknown API key, truncated body). The network layer logs
 * one line with the client's address and {@link #getMessage()} and closes that connection only.
 *
 * <p>Carries no stack trace: it reports a client's mistake, not a broker bug, and a fuzzing or confused
 * client can cause many of them.
 */
public class CloseConnectionException extends RuntimeException {

    public CloseConnectionException(String reason) {
        super(reason, null, false, false);
    }

    public CloseConnectionException(String reason, Throwable cause) {
        super(reason, cause, false, false);
    }
}
