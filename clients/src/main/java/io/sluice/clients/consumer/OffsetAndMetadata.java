package io.sluice.clients.consumer;

import java.util.Optional;

/**
 * A committed position: the offset of the next record to read, the leader epoch of the last record
 * consumed (empty if unknown) and free-form metadata (may be empty, never null). Immutable.
 */
public record OffsetAndMetadata(long offset, Optional<Integer> leaderEpoch, String metadata) {

    public OffsetAndMetadata {
        if (offset < 0) {
            throw new IllegalArgumentException("Invalid negative offset " + offset);
        }
        metadata = metadata == null ? "" : metadata;
    }

    public OffsetAndMetadata(long offset) {
        this(offset, Optional.empty(), "");
    }

    public OffsetAndMetadata(long offset, String metadata) {
        this(offset, Optional.empty(), metadata);
    }
}
