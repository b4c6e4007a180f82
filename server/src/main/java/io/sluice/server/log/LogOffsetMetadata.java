package io.sluice.server.log;

/**
 * An offset together with where it is on disk: the base offset of its segment and its byte
 * position there. The log publishes its end offset in this form so that a reader can bound its
 * read of the active segment by a position without taking the log's lock.
 */
public record LogOffsetMetadata(long messageOffset, long segmentBaseOffset, int relativePositionInSegment) {
}
