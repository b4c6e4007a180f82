package io.sluice.server.log;

/**
 * What the log remembers of one appended idempotent batch, so that a retried batch is answered with
 * its original offsets instead of being appended twice.
 */
public record BatchMetadata(int firstSequence, int lastSequence, long firstOffset, long lastOffset, long timestamp) {
}
