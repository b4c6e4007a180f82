package io.sluice.clients.consumer;

import io.sluice.clients.common.SluiceException;

/** Thrown by a blocking consumer call after another thread called {@link SluiceConsumer#wakeup}. */
public class WakeupException extends SluiceException {

    public WakeupException() {
        super("The consumer was woken up");
    }
}
