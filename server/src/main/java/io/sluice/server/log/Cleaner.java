package io.sluice.server.log;

import io.sluice.record.Record;
import io.sluice.record.RecordBatch;
import io.sluice.record.RecordBatchBuilder;
import io.sluice.record.TimestampType;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compacts one log: keeps, for every key, only its latest record. One pass has two halves:
 *
 * <ol>
 *   <li>Build a {@link SkimpyOffsetMap} key to latest offset over the dirty section: from the first
 *       dirty offset up to the active segment, stopping early at the first batch younger than
 *       min.compaction.lag.ms or when the map is full. The end of what the map saw is the new
 *       first dirty offset.</li>
 *   <li>Rewrite the non-active segments below that end, in groups whose total size fits
 *       segment.bytes (and whose offsets fit one segment's 32-bit relative offsets). A record at offset
 *       {@code o} with key {@code k} stays if {@code o} is at or past the map's end, or
 *       {@code map(k) <= o} (absent keys map to -1). Tombstones (null value) follow KIP-534: the first
 *       cleaning that keeps one rewrites its batch with the delete-horizon attribute set to
 *       now + delete.retention.ms; a later cleaning after that horizon drops it.</li>
 * </ol>
 *
 * Offsets never change (the cleaned log has gaps). A batch that loses no record and needs no horizon
 * is copied byte for byte; otherwise its kept records are re-encoded into one v2 batch with the same
 * codec, timestamp type, leader epoch, producer id/epoch/base sequence, base offset and last offset
 * delta (the header's offset range stays the original one, as in Kafka). A batch that loses every record is dropped, unless it is the newest batch of an
 * idempotent producer the log tracks: its header stays, with no records, as in Kafka. Transactional and control batches are copied
 * untouched and their keys are left out of the map, so they never cause another record's removal.
 * Records without a key are kept.
 *
 * <p>Crash safety, per group: write {@code <base>.log.cleaned} and its indexes and fsync them; rename
 * them to {@code .swap}; under the log's lock rename the replaced segments to {@code .deleted}, put
 * the swap segment in their place in memory and rename it to its final name; the {@code .deleted}
 * files go after file.delete.delay.ms. {@link LogLoader} deletes {@code .cleaned} files (the old
 * segments are intact) and completes a {@code .swap} by deleting the segments inside its offset
 * range. A swap segment's range ends at its last kept offset, so an old segment that kept nothing and
 * lies beyond that range is not part of the swap: it is removed separately afterwards (it holds only
 * superseded records, so leaving it after a crash changes no key's latest value).
 *
 * <p>The log's lock is taken only for the swap; appends and reads go on while a group is rewritten.
 * Not thread-safe: one instance per cleaner thread.
 */
public final class Cleaner {

    private static final Logger log = LoggerFactory.getLogger(Cleaner.class);

    /** Called after every step that changes files; tests use it to freeze or kill the cleaner there. */
    public interface StepHook {
        void afterStep(String step) throws IOException;
    }

    /** What one {@link #clean} did. */
    public record CleanResult(long firstDirtyOffset, long nextDirtyOffset, long bytesRead, long bytesWritten, int groups,
                              boolean mapFull) {
    }

    private final SkimpyOffsetMap map;
    private final StepHook hook;
    private ByteBuffer readBuffer = ByteBuffer.allocate(64 * 1024);
    /** Whether the last map building stopped because the next batch's keys might not fit. */
    private boolean mapFull;

    public Cleaner(SkimpyOffsetMap map, StepHook hook) {
        this.map = map;
        this.hook = hook == null ? step -> { } : hook;
    }

    /** Bytes of the offset map. */
    public int mapMemory() {
        return map.memory();
    }

    public Cleaner(int dedupeBufferSize) {
        this(new SkimpyOffsetMap(dedupeBufferSize), null);
    }

    /**
     * Cleans {@code log} from {@code firstDirtyOffset}; returns the new first dirty offset (unchanged
     * when nothing could be cleaned).
     */
    public CleanResult clean(Log log, long firstDirtyOffset, long nowMs) throws IOException {
        LogConfig config = log.config();
        List<LogSegment> segments = log.segments();
        if (segments.size() < 2) {
            return new CleanResult(firstDirtyOffset, firstDirtyOffset, 0, 0, 0, false);
        }
        List<LogSegment> inactive = segments.subList(0, segments.size() - 1);
        long start = Math.max(firstDirtyOffset, inactive.get(0).baseOffset());
        map.clear();
        mapFull = false;
        long mapEnd = buildOffsetMap(inactive, start, nowMs - config.minCompactionLagMs(), nowMs);
        if (mapEnd <= start) {
            return new CleanResult(firstDirtyOffset, firstDirtyOffset, 0, 0, 0, mapFull);
        }
        long read = 0;
        long written = 0;
        int groups = 0;
        List<LogSegment> cleanable = new ArrayList<>();
        for (LogSegment segment : inactive) {
            if (segment.baseOffset() < mapEnd) {
                cleanable.add(segment);
            }
        }
        // Inactive segments are a prefix of the log and cleanable ones a prefix of those: the segment
        // after the last cleanable one bounds the offsets a group can hold.
        long endBound = segments.get(cleanable.size()).baseOffset();
        for (List<LogSegment> group : group(cleanable, endBound, config)) {
            long[] sizes = group.stream().mapToLong(LogSegment::size).toArray();
            read += java.util.Arrays.stream(sizes).sum();
            Long w = cleanGroup(log, group, sizes, mapEnd, nowMs, config);
            if (w == null) {
                // Retention or truncation changed these segments meanwhile: next round.
                return new CleanResult(firstDirtyOffset, firstDirtyOffset, read, written, groups, mapFull);
            }
            written += w;
            groups++;
        }
        return new CleanResult(firstDirtyOffset, mapEnd, read, written, groups, mapFull);
    }

    /** Fills the map from {@code start}; returns the offset after the last batch it took in. */
    private long buildOffsetMap(List<LogSegment> inactive, long start, long maxTimestamp, long nowMs) throws IOException {
        long end = start;
        for (LogSegment segment : inactive) {
            LogSegment next = null;
            int i = inactive.indexOf(segment);
            if (i + 1 < inactive.size()) {
                next = inactive.get(i + 1);
            }
            if (next != null && next.baseOffset() <= start) {
                continue;
            }
            int size = segment.size();
            try (FileChannel channel = FileChannel.open(segment.logFile().toPath(), StandardOpenOption.READ)) {
                int position = 0;
                while (position < size) {
                    RecordBatch batch = readBatch(channel, position, size);
                    if (batch == null) {
                        break;
                    }
                    position += batch.sizeInBytes();
                    if (batch.lastOffset() < start) {
                        continue;
                    }
                    if (batch.maxTimestamp() > maxTimestamp) {
                        return end;
                    }
                    if (!batch.isTransactional() && !batch.isControlBatch()) {
                        if (map.size() + batch.recordsCount() > map.capacity()) {
                            mapFull = true;
                            return end;
                        }
                        for (Record record : batch) {
                            if (record.hasKey()) {
                                map.put(record.key(), record.offset());
                            }
                        }
                    }
                    end = batch.nextOffset();
                }
            } catch (NoSuchFileException e) {
                // Deleted by retention while we read: the map stops here.
                return end;
            }
            if (next != null) {
                end = Math.max(end, next.baseOffset());
            }
        }
        return end;
    }

    /**
     * Consecutive segments whose sizes add up to at most segment.bytes and whose offsets fit 32 bits
     * relative to the group's base; {@code endBound} is the base offset of the segment after the last.
     */
    static List<List<LogSegment>> group(List<LogSegment> segments, long endBound, LogConfig config) {
        List<List<LogSegment>> groups = new ArrayList<>();
        List<LogSegment> current = new ArrayList<>();
        long currentSize = 0;
        for (int i = 0; i < segments.size(); i++) {
            LogSegment segment = segments.get(i);
            // The next segment's base bounds this one's last offset.
            long upper = (i + 1 < segments.size() ? segments.get(i + 1).baseOffset() : endBound) - 1;
            boolean fits = !current.isEmpty() && currentSize + segment.size() <= config.segmentBytes()
                    && current.get(0).canHoldOffset(upper);
            if (!current.isEmpty() && !fits) {
                groups.add(current);
                current = new ArrayList<>();
                currentSize = 0;
            }
            current.add(segment);
            currentSize += segment.size();
        }
        if (!current.isEmpty()) {
            groups.add(current);
        }
        return groups;
    }

    /** Rewrites one group and swaps it in; returns the bytes written, or null if the log changed under it. */
    private Long cleanGroup(Log log, List<LogSegment> group, long[] sizes, long mapEnd, long nowMs, LogConfig config)
            throws IOException {
        long base = group.get(0).baseOffset();
        java.io.File dir = log.dir();
        // A leftover of an earlier failed attempt would be appended to.
        for (String suffix : new String[] {LogFileUtils.CLEANED_FILE_SUFFIX, LogFileUtils.SWAP_FILE_SUFFIX}) {
            java.nio.file.Files.deleteIfExists(LogFileUtils.withSuffix(LogFileUtils.logFile(dir, base), suffix).toPath());
            java.nio.file.Files.deleteIfExists(LogFileUtils.withSuffix(LogFileUtils.offsetIndexFile(dir, base), suffix).toPath());
            java.nio.file.Files.deleteIfExists(LogFileUtils.withSuffix(LogFileUtils.timeIndexFile(dir, base), suffix).toPath());
        }
        LogSegment cleaned = LogSegment.openWithSuffix(dir, base, config.indexIntervalBytes(), config.segmentIndexBytes(),
                log.openSegmentLimiter(), nowMs, LogFileUtils.CLEANED_FILE_SUFFIX);
        boolean swapped = false;
        try {
            cleaned.onBecomeActive();
            long lastKept = -1;
            for (int i = 0; i < group.size(); i++) {
                lastKept = Math.max(lastKept, copyRetained(log, group.get(i), (int) sizes[i], cleaned, mapEnd, nowMs, config));
            }
            cleaned.onBecomeInactive();
            cleaned.flush();
            hook.afterStep("cleaned");
            cleaned.changeFileSuffix(LogFileUtils.CLEANED_FILE_SUFFIX, LogFileUtils.SWAP_FILE_SUFFIX);
            hook.afterStep("swap");
            List<LogSegment> covered = new ArrayList<>();
            List<LogSegment> emptied = new ArrayList<>();
            for (LogSegment segment : group) {
                (segment == group.get(0) || segment.baseOffset() <= lastKept ? covered : emptied).add(segment);
            }
            swapped = log.swapCleanedSegment(cleaned, covered, emptied, sizes, hook);
            if (!swapped) {
                return null;
            }
            Cleaner.log.info("Cleaned segments {} of {} into {} ({} bytes to {})", group.stream().map(LogSegment::baseOffset).toList(),
                    log.topicPartition(), base, java.util.Arrays.stream(sizes).sum(), cleaned.size());
            return (long) cleaned.size();
        } finally {
            if (!swapped) {
                cleaned.deleteFiles();
            }
        }
    }

    /** Copies what {@code source} keeps into {@code dest}; returns the last offset kept or -1. */
    private long copyRetained(Log log, LogSegment source, int size, LogSegment dest, long mapEnd, long nowMs, LogConfig config)
            throws IOException {
        long lastKept = -1;
        try (FileChannel channel = FileChannel.open(source.logFile().toPath(), StandardOpenOption.READ)) {
            int position = 0;
            while (position < size) {
                RecordBatch batch = readBatch(channel, position, size);
                if (batch == null) {
                    break;
                }
                position += batch.sizeInBytes();
                ByteBuffer out = filterBatch(log, batch, mapEnd, nowMs, config);
                if (out != null) {
                    dest.append(out);
                    lastKept = RecordBatch.at(out, out.position()).lastOffset();
                }
            }
        }
        return lastKept;
    }

    /** The batch as it should be after cleaning: itself, a rebuilt batch, or null if nothing is left. */
    private ByteBuffer filterBatch(Log log, RecordBatch batch, long mapEnd, long nowMs, LogConfig config) {
        ByteBuffer original = batch.buffer().duplicate();
        original.position(batch.start()).limit(batch.start() + batch.sizeInBytes());
        if (batch.isTransactional() || batch.isControlBatch() || batch.baseOffset() >= mapEnd) {
            return original.slice();
        }
        boolean horizonPassed = batch.deleteHorizonMs().isPresent() && nowMs >= batch.deleteHorizonMs().getAsLong();
        List<Record> kept = new ArrayList<>(batch.recordsCount());
        boolean keptTombstone = false;
        for (Record record : batch) {
            if (retain(record, mapEnd, horizonPassed)) {
                kept.add(record);
                keptTombstone |= record.hasKey() && !record.hasValue();
            }
        }
        if (kept.isEmpty()) {
            return isLastBatchOfItsProducer(log, batch) ? headerOnly(batch) : null;
        }
        boolean needsHorizon = keptTombstone && !batch.hasDeleteHorizon();
        if (kept.size() == batch.recordsCount() && !needsHorizon) {
            return original.slice();
        }
        RecordBatchBuilder builder = new RecordBatchBuilder(batch.compressionType(), batch.sizeInBytes())
                .baseOffset(batch.baseOffset())
                .partitionLeaderEpoch(batch.partitionLeaderEpoch());
        if (batch.timestampType() == TimestampType.LOG_APPEND_TIME) {
            builder.logAppendTime(batch.maxTimestamp());
        } else {
            builder.timestampType(batch.timestampType());
        }
        if (batch.producerId() != RecordBatch.NO_PRODUCER_ID) {
            builder.producer(batch.producerId(), batch.producerEpoch(), batch.baseSequence());
        }
        if (batch.hasDeleteHorizon()) {
            builder.deleteHorizonMs(batch.deleteHorizonMs().getAsLong());
        } else if (needsHorizon) {
            builder.deleteHorizonMs(nowMs + config.deleteRetentionMs());
        }
        for (Record record : kept) {
            builder.appendWithOffset(record.offset(), record.timestamp(), record.key(), record.value(), record.headers());
        }
        // Keep the original base and last offsets (and so the sequence range), as Kafka does: the log
        // end of a segment and the producer state rebuilt from headers stay what they were.
        ByteBuffer rebuilt = builder.build();
        int at = rebuilt.position();
        rebuilt.putInt(at + RecordBatch.LAST_OFFSET_DELTA_OFFSET, batch.lastOffsetDelta());
        rebuilt.putInt(at + RecordBatch.CRC_OFFSET, (int) RecordBatch.at(rebuilt, at).computeChecksum());
        return rebuilt;
    }

    /**
     * Whether {@code batch} is the newest batch of an idempotent producer the log still tracks: then
     * its header stays even without records, so that rebuilding the producer state from the log
     * (no snapshot) still finds the producer's epoch and last sequence, as in Kafka.
     */
    private static boolean isLastBatchOfItsProducer(Log log, RecordBatch batch) {
        long producerId = batch.producerId();
        if (producerId == RecordBatch.NO_PRODUCER_ID) {
            return false;
        }
        return log.producerState(producerId).map(entry -> entry.lastOffset() == batch.lastOffset()).orElse(false);
    }

    /**
     * The batch's header alone: no records (count 0, uncompressed), the same base offset, last offset
     * delta, producer id, epoch and base sequence, so its last offset and last sequence are unchanged.
     */
    static ByteBuffer headerOnly(RecordBatch batch) {
        ByteBuffer header = ByteBuffer.allocate(RecordBatch.HEADER_SIZE);
        ByteBuffer source = batch.buffer().duplicate();
        source.limit(batch.start() + RecordBatch.HEADER_SIZE).position(batch.start());
        header.put(source).flip();
        header.putInt(RecordBatch.LENGTH_OFFSET, RecordBatch.HEADER_SIZE - RecordBatch.LOG_OVERHEAD);
        header.putShort(RecordBatch.ATTRIBUTES_OFFSET, (short) (batch.attributes() & ~RecordBatch.COMPRESSION_CODEC_MASK));
        header.putInt(RecordBatch.RECORDS_COUNT_OFFSET, 0);
        header.putInt(RecordBatch.CRC_OFFSET, (int) RecordBatch.at(header, 0).computeChecksum());
        return header;
    }

    private boolean retain(Record record, long mapEnd, boolean horizonPassed) {
        if (record.offset() >= mapEnd || !record.hasKey()) {
            return true;
        }
        if (map.get(record.key()) > record.offset()) {
            return false;
        }
        // The latest record of its key: a tombstone goes once its batch's delete horizon has passed.
        return record.hasValue() || !horizonPassed;
    }

    /** Reads the batch at {@code position}; null at a torn end. The view is valid until the next call. */
    private RecordBatch readBatch(FileChannel channel, int position, int end) throws IOException {
        if (end - position < RecordBatch.LOG_OVERHEAD) {
            return null;
        }
        ByteBuffer head = ByteBuffer.allocate(RecordBatch.LOG_OVERHEAD);
        readFully(channel, head, position);
        int size = RecordBatch.LOG_OVERHEAD + head.getInt(RecordBatch.LENGTH_OFFSET);
        if (size < RecordBatch.HEADER_SIZE || position + (long) size > end) {
            return null;
        }
        if (readBuffer.capacity() < size) {
            readBuffer = ByteBuffer.allocate(Math.max(size, readBuffer.capacity() * 2));
        }
        readBuffer.clear().limit(size);
        readFully(channel, readBuffer, position);
        readBuffer.flip();
        return RecordBatch.at(readBuffer, 0);
    }

    private static void readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, at);
            if (n < 0) {
                throw new EOFException("Segment ended at " + at);
            }
            at += n;
        }
    }
}
