package io.sluice.server.log;

import java.io.File;
import java.io.IOException;

/**
 * The time index of one segment ({@code .timeindex}): each entry says "up to this offset, the
 * largest timestamp seen is this one". An entry is added only when the segment's max timestamp
 * has grown, so timestamps strictly increase along the file even when producers send timestamps
 * out of order.
 *
 * <pre>
 * entry (12 bytes, big-endian)
 *   offset  size  field
 *        0     8  timestamp        max timestamp of the segment up to relativeOffset
 *        8     4  relativeOffset   offset of the batch that carried that timestamp, minus base offset
 * </pre>
 *
 * One slot is kept free so that the roll can always write the segment's final max timestamp:
 * {@link #isFull()} is true one entry early.
 *
 * <p>Not thread-safe; see {@link LazyIndex}.
 */
public final class TimeIndex extends AbstractIndex {

    public static final int ENTRY_SIZE = 12;
    private static final int TIMESTAMP_OFFSET = 0;
    private static final int RELATIVE_OFFSET_OFFSET = TIMESTAMP_OFFSET + 8;

    /** A timestamp and an offset, the unit of the time index. */
    public record TimestampOffset(long timestamp, long offset) {
    }

    public TimeIndex(File file, long baseOffset, int maxIndexSize, boolean preallocate) throws IOException {
        super(file, baseOffset, maxIndexSize, preallocate, ENTRY_SIZE);
    }

    @Override
    protected long keyAt(int n) {
        return mmap.getLong(n * ENTRY_SIZE + TIMESTAMP_OFFSET);
    }

    private long offsetAt(int n) {
        return baseOffset + mmap.getInt(n * ENTRY_SIZE + RELATIVE_OFFSET_OFFSET);
    }

    public TimestampOffset entry(int n) {
        return new TimestampOffset(keyAt(n), offsetAt(n));
    }

    @Override
    public boolean isFull() {
        return entries() >= maxEntries() - 1;
    }

    /** The last entry, or (-1, baseOffset) when the index is empty. */
    public TimestampOffset lastEntry() {
        return entries() == 0 ? new TimestampOffset(-1L, baseOffset) : entry(entries() - 1);
    }

    /**
     * Adds (timestamp, offset) if the timestamp is larger than the last entry's. {@code skipFullCheck}
     * is for the roll, which uses the slot {@link #isFull()} keeps free.
     */
    public void maybeAppend(long timestamp, long offset, boolean skipFullCheck) {
        if (entries() >= maxEntries() || (!skipFullCheck && isFull())) {
            throw new IllegalStateException("Time index " + file() + " is full (" + entries() + " entries)");
        }
        if (entries() > 0) {
            TimestampOffset last = lastEntry();
            if (offset < last.offset()) {
                throw new InvalidOffsetException("Time index entry offset " + offset + " is below the last one "
                        + last + " in " + file());
            }
            if (timestamp <= last.timestamp()) {
                return;
            }
        }
        long relative = offset - baseOffset;
        if (relative < 0 || relative > Integer.MAX_VALUE) {
            throw new InvalidOffsetException("Offset " + offset + " cannot be indexed relative to base offset " + baseOffset);
        }
        int at = entries() * ENTRY_SIZE;
        mmap.putLong(at + TIMESTAMP_OFFSET, timestamp);
        mmap.putInt(at + RELATIVE_OFFSET_OFFSET, (int) relative);
        incrementEntries();
    }

    /**
     * The entry with the largest timestamp strictly below {@code target}, or (-1, baseOffset) when
     * none is. Every batch up to that entry's offset has a timestamp below the target, so a search
     * for the first batch with timestamp >= target may start right after it.
     */
    public TimestampOffset lookupBelow(long target) {
        int slot = largestLowerBound(target, true);
        return slot < 0 ? new TimestampOffset(-1L, baseOffset) : entry(slot);
    }

    /** Drops every entry whose offset is at least {@code offset}. */
    public void truncateTo(long offset) {
        int keep = entries();
        while (keep > 0 && offsetAt(keep - 1) >= offset) {
            keep--;
        }
        truncateToEntries(keep);
    }

    @Override
    public void sanityCheck(long logFileSize) {
        long previousTimestamp = Long.MIN_VALUE;
        long previousOffset = -1;
        for (int n = 0; n < entries(); n++) {
            long timestamp = keyAt(n);
            long relative = mmap.getInt(n * ENTRY_SIZE + RELATIVE_OFFSET_OFFSET);
            if (relative < 0 || timestamp <= previousTimestamp || relative < previousOffset) {
                throw new CorruptIndexException("Corrupt time index " + file() + ": entry " + n + " (" + timestamp + ", "
                        + relative + ") after (" + previousTimestamp + ", " + previousOffset + ")");
            }
            previousTimestamp = timestamp;
            previousOffset = relative;
        }
    }
}
