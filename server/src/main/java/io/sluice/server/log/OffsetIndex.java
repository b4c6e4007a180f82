package io.sluice.server.log;

import java.io.File;
import java.io.IOException;

/**
 * The sparse offset index of one segment ({@code .index}): maps an offset to the file position of
 * a batch, one entry per {@code index.interval.bytes} of appended data.
 *
 * <pre>
 * entry (8 bytes, big-endian)
 *   offset  size  field
 *        0     4  relativeOffset   last offset of the indexed batch minus the segment's base offset
 *        4     4  position         byte position of that batch in the .log file
 * </pre>
 *
 * Offsets are stored relative to the base offset (which the file name carries) so that an entry
 * fits in 8 bytes; this is why a segment may hold at most 2^31 offsets and the log rolls before
 * a batch would overflow that. The indexed offset is the batch's last offset, so a floor lookup
 * for any target lands on a batch at or before the one holding the target.
 *
 * <p>Not thread-safe; see {@link LazyIndex}.
 */
public final class OffsetIndex extends AbstractIndex {

    public static final int ENTRY_SIZE = 8;
    private static final int RELATIVE_OFFSET_OFFSET = 0;
    private static final int POSITION_OFFSET = RELATIVE_OFFSET_OFFSET + 4;

    /** An offset and the file position of the batch that holds it (or precedes it). */
    public record OffsetPosition(long offset, int position) {
    }

    public OffsetIndex(File file, long baseOffset, int maxIndexSize, boolean preallocate) throws IOException {
        super(file, baseOffset, maxIndexSize, preallocate, ENTRY_SIZE);
    }

    @Override
    protected long keyAt(int n) {
        return baseOffset + mmap.getInt(n * ENTRY_SIZE + RELATIVE_OFFSET_OFFSET);
    }

    private int positionAt(int n) {
        return mmap.getInt(n * ENTRY_SIZE + POSITION_OFFSET);
    }

    public OffsetPosition entry(int n) {
        return new OffsetPosition(keyAt(n), positionAt(n));
    }

    /** The last indexed offset, or the base offset when the index is empty. */
    public long lastOffset() {
        return entries() == 0 ? baseOffset : keyAt(entries() - 1);
    }

    public OffsetPosition lastEntry() {
        return entries() == 0 ? new OffsetPosition(baseOffset, 0) : entry(entries() - 1);
    }

    /** Adds an entry; offsets and positions must increase. */
    public void append(long offset, int position) {
        if (isFull()) {
            throw new IllegalStateException("Offset index " + file() + " is full (" + entries() + " entries)");
        }
        if (entries() > 0 && (offset <= lastOffset() || position <= positionAt(entries() - 1))) {
            throw new InvalidOffsetException("Offset index entry (" + offset + ", " + position + ") is not after the last one "
                    + lastEntry() + " in " + file());
        }
        long relative = offset - baseOffset;
        if (relative < 0 || relative > Integer.MAX_VALUE) {
            throw new InvalidOffsetException("Offset " + offset + " cannot be indexed relative to base offset " + baseOffset);
        }
        int at = entries() * ENTRY_SIZE;
        mmap.putInt(at + RELATIVE_OFFSET_OFFSET, (int) relative);
        mmap.putInt(at + POSITION_OFFSET, position);
        incrementEntries();
    }

    /** The entry with the largest offset at most {@code target}, or (baseOffset, 0) when none is. */
    public OffsetPosition lookup(long target) {
        int slot = largestLowerBound(target, false);
        return slot < 0 ? new OffsetPosition(baseOffset, 0) : entry(slot);
    }

    /** Drops every entry whose offset is at least {@code offset}. */
    public void truncateTo(long offset) {
        int slot = largestLowerBound(offset, true);
        truncateToEntries(slot + 1);
    }

    /**
     * The first batch of a segment is never indexed (its position is 0, which the floor lookup
     * already returns), so an entry at position 0 can only be zeroes of a preallocated file that
     * was never trimmed: a crash.
     */
    @Override
    public void sanityCheck(long logFileSize) {
        long previousOffset = -1;
        int previousPosition = -1;
        for (int n = 0; n < entries(); n++) {
            long relative = mmap.getInt(n * ENTRY_SIZE + RELATIVE_OFFSET_OFFSET);
            int position = positionAt(n);
            if (relative < 0 || position <= 0 || position >= logFileSize
                    || relative <= previousOffset || position <= previousPosition) {
                throw new CorruptIndexException("Corrupt offset index " + file() + ": entry " + n + " (relative offset "
                        + relative + ", position " + position + ") after (" + previousOffset + ", " + previousPosition
                        + "), log size " + logFileSize);
            }
            previousOffset = relative;
            previousPosition = position;
        }
    }
}
