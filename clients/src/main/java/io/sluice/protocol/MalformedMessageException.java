package io.sluice.protocol;

/**
 * The one exception the protocol reader throws for bytes that do not parse: truncated input, a length
 * or count larger than what remains, a null where the version does not allow one, an over-long varint.
 * The broker answers it by closing the connection (Kafka brokers do the same for unparseable requests).
 */
public class MalformedMessageException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public MalformedMessageException(String message) {
        super(message);
    }

    public MalformedMessageException(String message, Throwable cause) {
        super(message, cause);
    }
}
