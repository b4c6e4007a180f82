package io.sluice.clients.common;

/** A key or value could not be serialized or deserialized. */
public class SerializationException extends SluiceException {

    public SerializationException(String message) {
        super(message);
    }

    public SerializationException(String message, Throwable cause) {
        super(message, cause);
    }
}
