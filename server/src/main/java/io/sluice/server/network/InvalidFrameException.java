package io.sluice.server.network;

/** A frame size prefix outside {@code 0..socket.request.max.bytes}; the connection that sent it is closed. */
final class InvalidFrameException extends Exception {

    InvalidFrameException(String message) {
        super(message, null, false, false);
    }
}
