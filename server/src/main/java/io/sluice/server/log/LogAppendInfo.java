package io.sluice.server.log;

/**
 * What an append did: the offsets it assigned (or accepted, for a follower), the largest timestamp
 * and the offset of the batch that carried it, the LogAppendTime stamped (-1 for CreateTime
 * topics), and the log start offset after the append (for the produce response).
 */
public record LogAppendInfo(long firstOffset, long lastOffset, long maxTimestamp, long offsetOfMaxTimestamp,
                            long logAppendTime, long logStartOffset, int validBytes, int numBatches,
                            boolean duplicate) {

    public LogAppendInfo(long firstOffset, long lastOffset, long maxTimestamp, long offsetOfMaxTimestamp,
                         long logAppendTime, long logStartOffset, int validBytes, int numBatches) {
        this(firstOffset, lastOffset, maxTimestamp, offsetOfMaxTimestamp, logAppendTime, logStartOffset, validBytes,
                numBatches, false);
    }

    public static LogAppendInfo empty(long logEndOffset, long logStartOffset) {
        return new LogAppendInfo(logEndOffset, logEndOffset - 1, -1L, -1L, -1L, logStartOffset, 0, 0);
    }

    /** A retried idempotent batch: nothing was appended; these are the offsets it got the first time. */
    public static LogAppendInfo duplicate(long firstOffset, long lastOffset, long timestamp, long logStartOffset) {
        return new LogAppendInfo(firstOffset, lastOffset, timestamp, lastOffset, -1L, logStartOffset, 0, 0, true);
    }
}
