package io.sluice.clients.common;

import io.sluice.protocol.Errors;

/** A record (or batch) is larger than {@code max.request.size}, {@code buffer.memory} or the broker's limit. */
public class RecordTooLargeException extends ApiException {

    public RecordTooLargeException(String message) {
        super(Errors.MESSAGE_TOO_LARGE, message);
    }
}
