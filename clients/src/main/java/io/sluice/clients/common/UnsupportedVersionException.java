package io.sluice.clients.common;

/** The broker supports no version of an API within the range the caller can use. Not retriable. */
public class UnsupportedVersionException extends SluiceException {

    public UnsupportedVersionException(String message) {
        super(message);
    }
}
