package io.sluice.server.log;

import io.sluice.record.CorruptRecordException;
import io.sluice.record.RecordBatch;
import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One segment of a partition log: a {@code .log} file of record batches exactly as they came off
 * the wire (magic 2, offsets assigned), its sparse {@link OffsetIndex} and its {@link TimeIndex}.
 * The base offset names all three files.
 *
 * <p>Open resources are lazy and bounded: the file channel is opened on first use and both indexes
 * are mapped on first use; {@link OpenSegmentLimiter} may close them again at any time
 * ({@link #releaseOpenResources()}), and the next use reopens them.
 *
 * <p>Thread-safety: this class is not thread-safe for writers. {@link Log} serializes every
 * mutation (append, truncate, recover, roll, rename, delete) under its lock. Reads
 * ({@link #read}, {@link #findOffsetByTimestamp}) may run concurrently with an append: they are
 * bounded by a file position the caller got from the log's published end offset, batches before
 * it never change, and index access is serialized by each {@link LazyIndex}.
 */
public final class LogSegment {

    private static final long UNKNOWN = Long.MIN_VALUE;
    /** Bytes of a batch header a scan needs: up to and including maxTimestamp. */
    // The whole fixed header: scans hand it out as a header-only RecordBatch view (producer state replay).
    private static final int SCAN_HEADER_SIZE = RecordBatch.HEADER_SIZE;

    private final long baseOffset;
    private final int indexIntervalBytes;
    private final OpenSegmentLimiter limiter;
    private final LazyIndex<OffsetIndex> offsetIndex;
    private final LazyIndex<TimeIndex> timeIndex;
    private final AtomicReference<SharedFileChannel> channel = new AtomicReference<>();
    private final long createdMs;

    private volatile File logFile;
    private volatile int size;
    private int bytesSinceLastIndexEntry;
    private volatile long maxTimestampSoFar = UNKNOWN;
    private volatile long offsetOfMaxTimestampSoFar;
    /** The first batch's max timestamp; the segment.ms roll clock starts there. */
    private volatile long rollingBasedTimestamp = UNKNOWN;

    private LogSegment(File dir, long baseOffset, int indexIntervalBytes, int maxIndexSize, OpenSegmentLimiter limiter,
                       long nowMs, boolean active, String suffix) throws IOException {
        this.baseOffset = baseOffset;
        this.indexIntervalBytes = indexIntervalBytes;
        this.limiter = limiter;
        this.createdMs = nowMs;
        this.logFile = LogFileUtils.withSuffix(LogFileUtils.logFile(dir, baseOffset), suffix);
        boolean created = !logFile.exists();
        if (created) {
            Files.createFile(logFile.toPath());
        }
        this.size = (int) Math.min(Integer.MAX_VALUE, logFile.length());
        File offsetIndexFile = LogFileUtils.withSuffix(LogFileUtils.offsetIndexFile(dir, baseOffset), suffix);
        File timeIndexFile = LogFileUtils.withSuffix(LogFileUtils.timeIndexFile(dir, baseOffset), suffix);
        if (created) {
            // Empty index files from the start: a missing index file then always means damage.
            createIfMissing(offsetIndexFile);
            createIfMissing(timeIndexFile);
        }
        this.offsetIndex = LazyIndex.forOffsetIndex(offsetIndexFile, baseOffset, maxIndexSize, active, this::touched);
        this.timeIndex = LazyIndex.forTimeIndex(timeIndexFile, baseOffset, maxIndexSize, active, this::touched);
    }

    private static void createIfMissing(File file) throws IOException {
        if (!file.exists()) {
            Files.createFile(file.toPath());
        }
    }

    /**
     * Opens the segment with base offset {@code baseOffset} in {@code dir}, creating an empty
     * {@code .log} file if there is none. {@code active} preallocates the indexes.
     */
    public static LogSegment open(File dir, long baseOffset, int indexIntervalBytes, int maxIndexSize,
                                  OpenSegmentLimiter limiter, long nowMs, boolean active) throws IOException {
        return new LogSegment(dir, baseOffset, indexIntervalBytes, maxIndexSize, limiter, nowMs, active, "");
    }

    /** Opens a segment whose files carry {@code suffix} (e.g. a {@code .swap} being recovered). */
    static LogSegment openWithSuffix(File dir, long baseOffset, int indexIntervalBytes, int maxIndexSize,
                                     OpenSegmentLimiter limiter, long nowMs, String suffix) throws IOException {
        return new LogSegment(dir, baseOffset, indexIntervalBytes, maxIndexSize, limiter, nowMs, false, suffix);
    }

    public long baseOffset() {
        return baseOffset;
    }

    /** Bytes in the .log file. */
    public int size() {
        return size;
    }

    public File logFile() {
        return logFile;
    }

    public File offsetIndexFile() {
        return offsetIndex.file();
    }

    public File timeIndexFile() {
        return timeIndex.file();
    }

    public long createdMs() {
        return createdMs;
    }

    private void touched() {
        limiter.touch(this);
    }

    // ---------------------------------------------------------------- open resources

    private SharedFileChannel acquireChannel() throws IOException {
        while (true) {
            SharedFileChannel current = channel.get();
            if (current != null && current.retain()) {
                return current;
            }
            boolean opened = false;
            synchronized (channel) {
                if (channel.get() == current) {
                    FileChannel fileChannel = FileChannel.open(logFile.toPath(), StandardOpenOption.READ, StandardOpenOption.WRITE);
                    channel.set(new SharedFileChannel(fileChannel));
                    opened = true;
                }
            }
            if (opened) {
                touched();
            }
        }
    }

    /** Closes the descriptor (once no slice uses it) and unmaps both indexes; the next use reopens them. */
    void releaseOpenResources() throws IOException {
        SharedFileChannel current = channel.getAndSet(null);
        if (current != null) {
            current.release();
        }
        offsetIndex.unload();
        timeIndex.unload();
    }

    /** Whether the channel or an index is open now (for tests of the open-file bound). */
    boolean hasOpenResources() {
        return channel.get() != null || offsetIndex.isLoaded() || timeIndex.isLoaded();
    }

    // ---------------------------------------------------------------- append

    /**
     * Appends whole, validated batches whose offsets are already assigned. Adds an offset index
     * entry (and a time index entry if the max timestamp grew) for the first batch that starts
     * more than {@code index.interval.bytes} after the last indexed one.
     */
    public void append(ByteBuffer batches) throws IOException {
        touched();
        ensureMaxTimestampLoaded();
        int physicalPosition = size;
        int start = batches.position();
        int length = batches.remaining();
        SharedFileChannel file = acquireChannel();
        try {
            ByteBuffer toWrite = batches.duplicate();
            long at = physicalPosition;
            while (toWrite.hasRemaining()) {
                at += file.channel().write(toWrite, at);
            }
        } finally {
            file.release();
        }
        for (int pos = start; pos < start + length; ) {
            RecordBatch batch = RecordBatch.at(batches, pos);
            int batchSize = batch.sizeInBytes();
            indexBatch(batch.lastOffset(), batch.maxTimestamp(), physicalPosition + (pos - start), batchSize);
            pos += batchSize;
        }
        size = physicalPosition + length;
    }

    private void indexBatch(long lastOffset, long batchMaxTimestamp, int position, int batchSize) {
        if (position == 0) {
            rollingBasedTimestamp = batchMaxTimestamp;
        }
        if (batchMaxTimestamp > maxTimestampSoFar) {
            maxTimestampSoFar = batchMaxTimestamp;
            offsetOfMaxTimestampSoFar = lastOffset;
        }
        if (bytesSinceLastIndexEntry > indexIntervalBytes) {
            // Appends never find a full index (the log rolls first), but a rebuild may: a reopened or
            // truncated segment counted its interval from a different start, or segment.index.bytes
            // shrank. The index is sparse, so a skipped entry only lengthens a scan.
            offsetIndex.apply(index -> {
                if (!index.isFull()) {
                    index.append(lastOffset, position);
                }
                return null;
            });
            long maxTimestamp = maxTimestampSoFar;
            long maxTimestampOffset = offsetOfMaxTimestampSoFar;
            if (maxTimestamp >= 0) {
                timeIndex.apply(index -> {
                    if (!index.isFull()) {
                        index.maybeAppend(maxTimestamp, maxTimestampOffset, false);
                    }
                    return null;
                });
            }
            bytesSinceLastIndexEntry = 0;
        }
        bytesSinceLastIndexEntry += batchSize;
    }

    /** {@link #shouldRoll(int, long, long, long, int, long)} for batches stamped with the current time. */
    public boolean shouldRoll(int batchesSize, long lastOffset, long nowMs, int segmentBytes, long segmentMs) {
        return shouldRoll(batchesSize, lastOffset, nowMs, nowMs, segmentBytes, segmentMs);
    }

    /**
     * Whether the log must roll before appending {@code batchesSize} bytes whose last offset is
     * {@code lastOffset} and largest timestamp {@code maxTimestampInBatches}: the segment would pass
     * segment.bytes, spans more than segment.ms, has a full index, or could not index the offset
     * relative to its base in 32 bits. Time is counted as Kafka does: from the first batch's timestamp
     * to the new batches' (so records carrying old timestamps do not roll a segment per append), or
     * from the segment's creation by the wall clock when its first batch has no timestamp.
     */
    public boolean shouldRoll(int batchesSize, long lastOffset, long nowMs, long maxTimestampInBatches,
                              int segmentBytes, long segmentMs) {
        if (size == 0) {
            return !canHoldOffset(lastOffset);
        }
        return (long) size + batchesSize > segmentBytes
                || timeWaitedForRoll(nowMs, maxTimestampInBatches) > segmentMs
                || offsetIndex.apply(OffsetIndex::isFull)
                || timeIndex.apply(TimeIndex::isFull)
                || !canHoldOffset(lastOffset);
    }

    private long timeWaitedForRoll(long nowMs, long maxTimestampInBatches) {
        long first = rollingBasedTimestamp();
        return first >= 0 ? maxTimestampInBatches - first : nowMs - createdMs;
    }

    public boolean canHoldOffset(long offset) {
        long relative = offset - baseOffset;
        return relative >= 0 && relative <= Integer.MAX_VALUE;
    }

    /**
     * The largest timestamp of the segment's first batch (what segment.ms and max.compaction.lag.ms
     * count from), or -1 if the segment is empty or that batch has none.
     */
    public long firstBatchTimestamp() {
        long ts = rollingBasedTimestamp();
        return ts == UNKNOWN ? RecordBatch.NO_TIMESTAMP : ts;
    }

    private long rollingBasedTimestamp() {
        if (rollingBasedTimestamp == UNKNOWN && size > 0) {
            try {
                BatchScanner scanner = new BatchScanner(0, size);
                rollingBasedTimestamp = scanner.next() ? scanner.maxTimestamp : RecordBatch.NO_TIMESTAMP;
            } catch (IOException e) {
                throw new KafkaStorageException("Could not read the first batch of " + logFile, e);
            }
        }
        return rollingBasedTimestamp;
    }

    /** The segment stops being the active one: record its final max timestamp and trim the indexes. */
    public void onBecomeInactive() throws IOException {
        ensureMaxTimestampLoaded();
        long maxTimestamp = maxTimestampSoFar;
        long offset = offsetOfMaxTimestampSoFar;
        if (maxTimestamp >= 0) {
            timeIndex.apply(index -> {
                index.maybeAppend(maxTimestamp, offset, true);
                return null;
            });
        }
        offsetIndex.markInactive();
        timeIndex.markInactive();
    }

    /** The segment became the active one again after a truncation. */
    public void onBecomeActive() throws IOException {
        offsetIndex.markActive();
        timeIndex.markActive();
    }

    // ---------------------------------------------------------------- reads

    /** Position and offsets of one batch found by a scan. */
    public record BatchPosition(long baseOffset, long lastOffset, int position, int size) {
    }

    /**
     * The first batch at or after file position {@code from} (an index hint) whose last offset is
     * at least {@code offset}, looking no further than {@code maxPosition}; null if there is none.
     */
    public BatchPosition translateOffset(long offset, int maxPosition) throws IOException {
        touched();
        int from = offsetIndex.apply(index -> index.lookup(offset)).position();
        BatchScanner scanner = new BatchScanner(from, maxPosition);
        while (scanner.next()) {
            if (scanner.lastOffset >= offset) {
                return new BatchPosition(scanner.baseOffset, scanner.lastOffset, scanner.position, scanner.batchSize);
            }
        }
        return null;
    }

    /**
     * Reads whole batches starting with the one that holds {@code startOffset}: at most
     * {@code maxBytes}, never past file position {@code maxPosition}, and only batches whose last
     * offset is below {@code maxOffset} (the high watermark for consumers). If the first batch alone
     * is bigger than {@code maxBytes} it is returned anyway when {@code minOneMessage} (KIP-74), so
     * a consumer can always make progress. Returns null if the segment has no batch at or after
     * {@code startOffset} below {@code maxPosition}.
     */
    public SegmentSlice read(long startOffset, int maxBytes, int maxPosition, long maxOffset, boolean minOneMessage)
            throws IOException {
        touched();
        int from = offsetIndex.apply(index -> index.lookup(startOffset)).position();
        BatchScanner scanner = new BatchScanner(from, maxPosition);
        int start = -1;
        int end = -1;
        // One pass: skip to the batch holding startOffset, then extend over whole batches.
        while (scanner.next()) {
            if (start < 0) {
                if (scanner.lastOffset < startOffset) {
                    continue;
                }
                start = scanner.position;
                end = start;
            }
            if (scanner.lastOffset >= maxOffset) {
                break;
            }
            int extended = scanner.position + scanner.batchSize - start;
            if (extended > maxBytes) {
                if (end == start && minOneMessage) {
                    end = scanner.position + scanner.batchSize;
                }
                break;
            }
            end = scanner.position + scanner.batchSize;
        }
        if (start < 0) {
            return null;
        }
        if (end == start) {
            return SegmentSlice.empty();
        }
        return new SegmentSlice(acquireChannel(), start, end - start);
    }

    /** A batch's max timestamp and the offset a ListOffsets-by-time answer points at. */
    public record TimestampAndOffset(long timestamp, long offset) {
    }

    /**
     * The first batch (at or after {@code startingOffset}) whose max timestamp is at least
     * {@code timestamp}; null if none. The answer's offset is that batch's base offset (or
     * {@code startingOffset} when the batch holds it): finding the exact record inside a batch
     * needs record decoding, which the log leaves to the record layer.
     */
    public TimestampAndOffset findOffsetByTimestamp(long timestamp, long startingOffset, int maxPosition) throws IOException {
        touched();
        TimeIndex.TimestampOffset below = timeIndex.apply(index -> index.lookupBelow(timestamp));
        long from = Math.max(below.offset(), startingOffset);
        int position = offsetIndex.apply(index -> index.lookup(from)).position();
        BatchScanner scanner = new BatchScanner(position, maxPosition);
        while (scanner.next()) {
            if (scanner.lastOffset >= startingOffset && scanner.maxTimestamp >= timestamp) {
                return new TimestampAndOffset(scanner.maxTimestamp, Math.max(scanner.baseOffset, startingOffset));
            }
        }
        return null;
    }

    /** The largest timestamp in the segment, or the file's modification time if no batch has one. */
    public long largestTimestamp() {
        ensureMaxTimestampLoaded();
        long max = maxTimestampSoFar;
        return max >= 0 ? max : logFile.lastModified();
    }

    /** The offset after the last batch: the base offset when the segment is empty. */
    public long readNextOffset() throws IOException {
        touched();
        int from = offsetIndex.apply(OffsetIndex::lastEntry).position();
        BatchScanner scanner = new BatchScanner(from, size);
        long next = baseOffset;
        while (scanner.next()) {
            next = scanner.lastOffset + 1;
        }
        return next;
    }

    private void ensureMaxTimestampLoaded() {
        if (maxTimestampSoFar != UNKNOWN) {
            return;
        }
        try {
            TimeIndex.TimestampOffset last = timeIndex.apply(TimeIndex::lastEntry);
            long max = last.timestamp();
            long maxOffset = last.offset();
            // Batches after the last time index entry may carry larger timestamps: scan them.
            int from = offsetIndex.apply(index -> index.lookup(last.offset())).position();
            BatchScanner scanner = new BatchScanner(from, size);
            while (scanner.next()) {
                if (scanner.maxTimestamp > max) {
                    max = scanner.maxTimestamp;
                    maxOffset = scanner.lastOffset;
                }
            }
            offsetOfMaxTimestampSoFar = maxOffset;
            maxTimestampSoFar = max;
        } catch (IOException e) {
            throw new KafkaStorageException("Could not read timestamps of " + logFile, e);
        }
    }

    // ---------------------------------------------------------------- truncation and recovery

    /**
     * Drops every batch whose last offset is at least {@code offset} (a batch is never split, so
     * the segment then ends at the base offset of the batch that held {@code offset}). Returns the
     * bytes removed.
     */
    public int truncateTo(long offset) throws IOException {
        BatchPosition cut = translateOffset(offset, size);
        if (cut == null) {
            return 0;
        }
        offsetIndex.apply(index -> {
            index.truncateTo(offset);
            return null;
        });
        timeIndex.apply(index -> {
            index.truncateTo(offset);
            return null;
        });
        int removed = size - cut.position();
        truncateFile(cut.position());
        bytesSinceLastIndexEntry = size - offsetIndex.apply(OffsetIndex::lastEntry).position();
        maxTimestampSoFar = UNKNOWN;
        rollingBasedTimestamp = UNKNOWN;
        ensureMaxTimestampLoaded();
        return removed;
    }

    private void truncateFile(int newSize) throws IOException {
        SharedFileChannel file = acquireChannel();
        try {
            file.channel().truncate(newSize);
        } finally {
            file.release();
        }
        size = newSize;
    }

    /** Observes each batch a recovery keeps, e.g. to rebuild the leader epoch cache. */
    @FunctionalInterface
    public interface RecoveredBatchListener {
        void onBatch(RecordBatch batch);
    }

    /**
     * Rebuilds this segment from its .log file: checks every batch (size, magic, CRC-32C, offsets
     * increasing and indexable), rebuilds both indexes from scratch, and cuts the file at the first
     * torn or corrupt batch. Returns the bytes cut; everything before the first bad byte stays.
     */
    public int recover(RecoveredBatchListener listener) throws IOException {
        touched();
        boolean wasActive = offsetIndex.isPreallocating();
        offsetIndex.deleteIfExists();
        timeIndex.deleteIfExists();
        // Rebuild into preallocated indexes as if the segment were active; trim again below if it is not.
        offsetIndex.markActive();
        timeIndex.markActive();
        bytesSinceLastIndexEntry = 0;
        maxTimestampSoFar = RecordBatch.NO_TIMESTAMP;
        offsetOfMaxTimestampSoFar = baseOffset;
        rollingBasedTimestamp = UNKNOWN;
        int fileSize = (int) Math.min(Integer.MAX_VALUE, logFile.length());
        int position = 0;
        long nextOffset = baseOffset;
        ByteBuffer header = ByteBuffer.allocate(RecordBatch.LOG_OVERHEAD);
        ByteBuffer batchBuffer = ByteBuffer.allocate(64 * 1024);
        SharedFileChannel file = acquireChannel();
        try {
            while (fileSize - position >= RecordBatch.HEADER_SIZE) {
                header.clear();
                readFully(file.channel(), header, position);
                int batchSize = RecordBatch.LOG_OVERHEAD + header.getInt(RecordBatch.LENGTH_OFFSET);
                if (batchSize < RecordBatch.HEADER_SIZE || batchSize > fileSize - position) {
                    break;
                }
                if (batchBuffer.capacity() < batchSize) {
                    batchBuffer = ByteBuffer.allocate(Math.max(batchSize, batchBuffer.capacity() * 2));
                }
                batchBuffer.clear().limit(batchSize);
                readFully(file.channel(), batchBuffer, position);
                batchBuffer.flip();
                RecordBatch batch = RecordBatch.at(batchBuffer, 0);
                try {
                    batch.validate();
                } catch (CorruptRecordException e) {
                    break;
                }
                if (batch.baseOffset() < nextOffset || !canHoldOffset(batch.lastOffset())) {
                    break;
                }
                indexBatch(batch.lastOffset(), batch.maxTimestamp(), position, batchSize);
                if (listener != null) {
                    listener.onBatch(batch);
                }
                nextOffset = batch.nextOffset();
                position += batchSize;
            }
        } finally {
            file.release();
        }
        int truncated = fileSize - position;
        if (truncated > 0 || size != position) {
            truncateFile(position);
        }
        // Map both indexes once so that their files exist even when no entry was due.
        offsetIndex.apply(OffsetIndex::entries);
        timeIndex.apply(TimeIndex::entries);
        if (!wasActive) {
            onBecomeInactive();
        }
        return truncated;
    }

    /**
     * Calls {@code listener} with the fixed header of each batch whose last offset is at least
     * {@code fromOffset}, in order. The view covers the 61-byte header only: its records are not read,
     * so only header fields may be used (the producer state rebuild needs nothing else).
     */
    public void forEachBatchHeader(long fromOffset, RecoveredBatchListener listener) throws IOException {
        touched();
        int from = offsetIndex.apply(index -> index.lookup(fromOffset)).position();
        BatchScanner scanner = new BatchScanner(from, size());
        while (scanner.next()) {
            if (scanner.lastOffset >= fromOffset) {
                listener.onBatch(RecordBatch.at(scanner.header, 0));
            }
        }
    }

    /** Checks both index files against this segment; throws {@link CorruptIndexException} if either is broken. */
    public void sanityCheckIndexes() {
        long logSize = size;
        for (LazyIndex<?> index : new LazyIndex<?>[] {offsetIndex, timeIndex}) {
            File file = index.file();
            if (!file.exists()) {
                throw new CorruptIndexException("Index file " + file + " is missing");
            }
            long entrySize = index == offsetIndex ? OffsetIndex.ENTRY_SIZE : TimeIndex.ENTRY_SIZE;
            if (file.length() % entrySize != 0) {
                throw new CorruptIndexException("Index file " + file + " has size " + file.length()
                        + ", not a multiple of the entry size " + entrySize);
            }
        }
        offsetIndex.apply(index -> {
            index.sanityCheck(logSize);
            return null;
        });
        timeIndex.apply(index -> {
            index.sanityCheck(logSize);
            return null;
        });
    }

    private static void readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, at);
            if (n < 0) {
                throw new IOException("Unexpected end of file at " + at);
            }
            at += n;
        }
    }

    // ---------------------------------------------------------------- files

    public void flush() throws IOException {
        SharedFileChannel file = acquireChannel();
        try {
            file.channel().force(true);
        } finally {
            file.release();
        }
        offsetIndex.flush();
        timeIndex.flush();
    }

    /**
     * Renames the three files by swapping suffixes (e.g. "" to .deleted), keeping open handles valid.
     * rename(2) replaces an existing target atomically: an older .deleted file of the same base
     * offset, still waiting for its delayed deletion, is simply replaced.
     */
    public void changeFileSuffix(String oldSuffix, String newSuffix) throws IOException {
        File target = new File(logFile.getParentFile(), stripSuffix(logFile.getName(), oldSuffix) + newSuffix);
        Files.move(logFile.toPath(), target.toPath(), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        logFile = target;
        offsetIndex.renameTo(new File(target.getParentFile(),
                stripSuffix(offsetIndex.file().getName(), oldSuffix) + newSuffix));
        timeIndex.renameTo(new File(target.getParentFile(),
                stripSuffix(timeIndex.file().getName(), oldSuffix) + newSuffix));
    }

    private static String stripSuffix(String name, String suffix) {
        if (suffix.isEmpty()) {
            return name;
        }
        if (!name.endsWith(suffix)) {
            throw new IllegalStateException(name + " does not end with " + suffix);
        }
        return name.substring(0, name.length() - suffix.length());
    }

    /** Closes and deletes the three files. */
    public void deleteFiles() throws IOException {
        limiter.forget(this);
        SharedFileChannel current = channel.getAndSet(null);
        if (current != null) {
            current.release();
        }
        offsetIndex.deleteIfExists();
        timeIndex.deleteIfExists();
        Files.deleteIfExists(logFile.toPath());
    }

    /** Trims the indexes to their entries and closes everything. */
    public void close() throws IOException {
        limiter.forget(this);
        releaseOpenResources();
    }

    /** Reads batch headers one after the other between two file positions; stops at a torn batch. */
    private final class BatchScanner {
        private final ByteBuffer header = ByteBuffer.allocate(SCAN_HEADER_SIZE);
        private final int end;
        private int nextPosition;
        int position;
        int batchSize;
        long baseOffset;
        long lastOffset;
        long maxTimestamp;

        BatchScanner(int from, int end) {
            this.nextPosition = from;
            this.end = end;
        }

        boolean next() throws IOException {
            if (end - nextPosition < SCAN_HEADER_SIZE) {
                return false;
            }
            header.clear();
            SharedFileChannel file = acquireChannel();
            try {
                readFully(file.channel(), header, nextPosition);
            } finally {
                file.release();
            }
            int length = header.getInt(RecordBatch.LENGTH_OFFSET);
            int total = RecordBatch.LOG_OVERHEAD + length;
            if (length < 0 || total < RecordBatch.HEADER_SIZE || total > end - nextPosition) {
                return false;
            }
            position = nextPosition;
            batchSize = total;
            baseOffset = header.getLong(RecordBatch.BASE_OFFSET_OFFSET);
            lastOffset = baseOffset + header.getInt(RecordBatch.LAST_OFFSET_DELTA_OFFSET);
            maxTimestamp = header.getLong(RecordBatch.MAX_TIMESTAMP_OFFSET);
            nextPosition += total;
            return true;
        }
    }

    @Override
    public String toString() {
        return "LogSegment(baseOffset=" + baseOffset + ", size=" + size + ", file=" + logFile.getName() + ")";
    }
}
