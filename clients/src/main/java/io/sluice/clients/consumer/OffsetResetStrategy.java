package io.sluice.clients.consumer;

import java.util.Locale;

/** auto.offset.reset: where to start when there is no committed offset or it is out of range. */
public enum OffsetResetStrategy {
    EARLIEST,
    LATEST,
    NONE;

    public static OffsetResetStrategy parse(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("auto.offset.reset must be earliest, latest or none, not " + value);
        }
    }

    /** The ListOffsets timestamp that finds this position (-2 earliest, -1 latest). */
    public long listOffsetsTimestamp() {
        return this == EARLIEST ? -2L : -1L;
    }
}
