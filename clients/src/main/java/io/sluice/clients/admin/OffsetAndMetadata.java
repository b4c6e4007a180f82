package io.sluice.clients.admin;

/**
 * A committed offset: the next offset to consume, the leader epoch of the record before it (-1 when
 * unknown) and the committer's metadata string (empty by default).
 */
public record OffsetAndMetadata(long offset, int leaderEpoch, String metadata) {

    public OffsetAndMetadata {
        if (offset < 0) {
            throw new IllegalArgumentException("Invalid negative offset " + offset);
        }
        metadata = metadata == null ? "" : metadata;
    }

    public OffsetAndMetadata(long offset) {
        this(offset, -1, "");
    }
}
