package io.sluice.tools.dumplog;

import io.sluice.record.CorruptRecordException;
import io.sluice.record.RecordBatch;
import io.sluice.record.RecordBatches;
import io.sluice.record.RecordCursor;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;

/**
 * Prints {@code .index} and {@code .timeindex} files and checks them against their {@code .log}, as
 * Kafka's dump tool does.
 *
 * <pre>
 * .index entry (8 bytes):      int32 offset relative to the segment's base offset, int32 position in the .log
 * .timeindex entry (12 bytes): int64 timestamp, int32 relative offset
 * </pre>
 *
 * The broker preallocates index files and fills them from the front, so a file may end in zeros;
 * as in Kafka, printing stops at the first entry after the first whose relative offset is 0.
 * An offset index entry names the last offset of the batch at its position; a time index entry
 * names a batch's max timestamp and last offset.
 */
final class IndexFileDumper {

    static final int OFFSET_ENTRY_SIZE = 8;
    static final int TIME_ENTRY_SIZE = 12;

    private final PrintStream out;
    private final PrintStream err;
    private final DumpProblems problems;
    private final boolean sanityCheckOnly;
    private final boolean verifyOnly;
    private final int maxMessageSize;

    IndexFileDumper(PrintStream out, PrintStream err, DumpProblems problems, boolean sanityCheckOnly, boolean verifyOnly,
                    int maxMessageSize) {
        this.out = out;
        this.err = err;
        this.problems = problems;
        this.sanityCheckOnly = sanityCheckOnly;
        this.verifyOnly = verifyOnly;
        this.maxMessageSize = maxMessageSize;
    }

    /** An index file's bytes with its base offset. */
    private static final class IndexFile {
        final File file;
        final long baseOffset;
        final ByteBuffer bytes;
        final int entrySize;

        IndexFile(File file, int entrySize) throws IOException {
            this.file = file;
            this.baseOffset = SegmentFiles.baseOffset(file);
            this.bytes = ByteBuffer.wrap(Files.readAllBytes(file.toPath()));
            this.entrySize = entrySize;
        }

        int entries() {
            return bytes.capacity() / entrySize;
        }

        long length() {
            return bytes.capacity();
        }
    }

    // ---- .index ----

    /** Returns false if the sanity check failed. */
    boolean dumpOffsetIndex(File file) throws IOException {
        IndexFile index = new IndexFile(file, OFFSET_ENTRY_SIZE);
        if (index.entries() == 0) {
            out.println(file + " is empty.");
            return true;
        }
        if (sanityCheckOnly) {
            return reportSanity(file, offsetIndexSanity(index));
        }
        ByteBuffer log = readLog(file);
        for (int i = 0; i < index.entries(); i++) {
            long offset = index.baseOffset + index.bytes.getInt(i * OFFSET_ENTRY_SIZE);
            int position = index.bytes.getInt(i * OFFSET_ENTRY_SIZE + 4);
            if (offset == index.baseOffset && i > 0) {
                break;
            }
            if (log != null) {
                long logOffset = lastOffsetOfBatchAt(log, position);
                if (logOffset != offset) {
                    problems.indexMismatch(file.getAbsolutePath(), offset, logOffset);
                }
            }
            if (!verifyOnly) {
                out.println("offset: " + offset + " position: " + position);
            }
        }
        return true;
    }

    /** The broker's startup check of an offset index; null if it passes, else why not. */
    private static String offsetIndexSanity(IndexFile index) {
        int entries = index.entries();
        long lastOffset = entries == 0 ? index.baseOffset
                : index.baseOffset + index.bytes.getInt((entries - 1) * OFFSET_ENTRY_SIZE);
        if (entries != 0 && lastOffset < index.baseOffset) {
            return "Corrupt index found, index file " + index.file.getAbsolutePath() + " has non-zero size but the last offset is "
                    + lastOffset + " which is less than the base offset " + index.baseOffset;
        }
        if (index.length() % OFFSET_ENTRY_SIZE != 0) {
            return "Index file " + index.file.getAbsolutePath() + " is corrupt, found " + index.length()
                    + " bytes which is neither positive nor a multiple of " + OFFSET_ENTRY_SIZE;
        }
        return null;
    }

    private long lastOffsetOfBatchAt(ByteBuffer log, int position) {
        if (position < 0 || position >= log.limit()) {
            return -1;
        }
        ByteBuffer slice = log.slice(position, Math.min(maxMessageSize, log.limit() - position));
        try {
            RecordBatches.BatchIterator batches = RecordBatches.iterate(slice);
            return batches.hasNext() ? batches.next().lastOffset() : -1;
        } catch (CorruptRecordException e) {
            return -1;
        }
    }

    // ---- .timeindex ----

    boolean dumpTimeIndex(File file) throws IOException {
        IndexFile timeIndex = new IndexFile(file, TIME_ENTRY_SIZE);
        if (sanityCheckOnly) {
            return reportSanity(file, timeIndexSanity(timeIndex));
        }
        File offsetIndexFile = SegmentFiles.sibling(file, SegmentFiles.INDEX_SUFFIX);
        IndexFile offsetIndex = offsetIndexFile.exists() ? new IndexFile(offsetIndexFile, OFFSET_ENTRY_SIZE) : null;
        ByteBuffer log = readLog(file);
        String path = file.getAbsolutePath();
        long previousTimestamp = RecordBatch.NO_TIMESTAMP;
        for (int i = 0; i < timeIndex.entries(); i++) {
            long timestamp = timeIndex.bytes.getLong(i * TIME_ENTRY_SIZE);
            long offset = timeIndex.baseOffset + timeIndex.bytes.getInt(i * TIME_ENTRY_SIZE + 8);
            if (offset == timeIndex.baseOffset && i > 0) {
                break;
            }
            if (log != null) {
                checkTimeEntry(path, log, offsetIndex, timestamp, offset, previousTimestamp);
            }
            if (!verifyOnly) {
                out.println("timestamp: " + timestamp + " offset: " + offset);
            }
            previousTimestamp = timestamp;
        }
        return true;
    }

    private void checkTimeEntry(String path, ByteBuffer log, IndexFile offsetIndex, long timestamp, long offset,
                                long previousTimestamp) {
        int position = offsetIndex == null ? 0 : floorPosition(offsetIndex, offset);
        RecordBatch found = null;
        try {
            for (RecordBatch batch : RecordBatches.iterate(log.slice(Math.min(position, log.limit()),
                    log.limit() - Math.min(position, log.limit())))) {
                if (batch.lastOffset() >= offset) {
                    found = batch;
                    break;
                }
            }
        } catch (CorruptRecordException e) {
            found = null;
        }
        if (found == null) {
            problems.offsetNotFound(path, offset, -1);
        } else if (found.lastOffset() != offset) {
            problems.offsetNotFound(path, offset, found.lastOffset());
        } else {
            long maxTimestamp = RecordBatch.NO_TIMESTAMP;
            try {
                RecordCursor record = found.cursor();
                while (record.next()) {
                    maxTimestamp = Math.max(maxTimestamp, record.timestamp());
                }
            } catch (CorruptRecordException e) {
                err.println("Could not read the records of the batch with last offset " + offset + ": " + e.getMessage());
            }
            if (maxTimestamp != timestamp) {
                problems.timestampMismatch(path, timestamp, maxTimestamp);
            }
            if (previousTimestamp >= timestamp) {
                problems.outOfOrderTimestamp(path, timestamp, previousTimestamp);
            }
        }
    }

    /** The position of the largest offset index entry at or below {@code target}; 0 if there is none. */
    private static int floorPosition(IndexFile index, long target) {
        int entries = index.entries();
        if (entries == 0 || index.baseOffset + index.bytes.getInt(0) > target) {
            return 0;
        }
        int lo = 0;
        int hi = entries - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            long found = index.baseOffset + index.bytes.getInt(mid * OFFSET_ENTRY_SIZE);
            if (found > target) {
                hi = mid - 1;
            } else if (found < target) {
                lo = mid;
            } else {
                return index.bytes.getInt(mid * OFFSET_ENTRY_SIZE + 4);
            }
        }
        return index.bytes.getInt(lo * OFFSET_ENTRY_SIZE + 4);
    }

    /** The broker's startup check of a time index; null if it passes, else why not. */
    private static String timeIndexSanity(IndexFile index) {
        int entries = index.entries();
        if (entries != 0) {
            long firstTimestamp = index.bytes.getLong(0);
            long lastTimestamp = index.bytes.getLong((entries - 1) * TIME_ENTRY_SIZE);
            long lastOffset = index.baseOffset + index.bytes.getInt((entries - 1) * TIME_ENTRY_SIZE + 8);
            if (lastTimestamp < firstTimestamp) {
                return "Corrupt time index found, time index file (" + index.file.getAbsolutePath() + ") has non-zero size "
                        + "but the last timestamp is " + lastTimestamp + " which is less than the first timestamp " + firstTimestamp;
            }
            if (lastOffset < index.baseOffset) {
                return "Corrupt time index found, time index file (" + index.file.getAbsolutePath() + ") has non-zero size "
                        + "but the last offset is " + lastOffset + " which is less than the first offset " + index.baseOffset;
            }
        }
        if (index.length() % TIME_ENTRY_SIZE != 0) {
            return "Time index file " + index.file.getAbsolutePath() + " is corrupt, found " + index.length()
                    + " bytes which is neither positive nor a multiple of " + TIME_ENTRY_SIZE;
        }
        return null;
    }

    // ---- shared ----

    private boolean reportSanity(File file, String failure) {
        if (failure == null) {
            out.println(file + " passed sanity check.");
            return true;
        }
        err.println(file + " failed sanity check: " + failure);
        return false;
    }

    /** The segment's .log, or null (with a note) when it is missing: entries are then printed unchecked. */
    private ByteBuffer readLog(File indexFile) throws IOException {
        File log = SegmentFiles.sibling(indexFile, SegmentFiles.LOG_SUFFIX);
        if (!log.exists()) {
            err.println("No log file " + log + ": index entries are printed without checking them against the log");
            return null;
        }
        return SegmentFiles.map(log, Integer.MAX_VALUE);
    }
}
