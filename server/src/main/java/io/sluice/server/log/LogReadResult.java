package io.sluice.server.log;

/**
 * The answer to a read: a {@link SegmentSlice} of whole batches (possibly empty) and the log's start
 * and end offsets at the time of the read. Close it (which closes the slice) once it is sent.
 */
public record LogReadResult(long fetchOffset, SegmentSlice records, long logStartOffset, long logEndOffset)
        implements AutoCloseable {

    @Override
    public void close() {
        records.close();
    }
}
