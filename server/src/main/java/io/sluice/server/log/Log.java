package io.sluice.server.log;

import io.sluice.record.CorruptRecordException;
import io.sluice.record.RecordBatch;
import io.sluice.record.TimestampType;
import java.io.Closeable;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiPredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The log of one partition: an ordered list of {@link LogSegment}s in
 * {@code <log.dir>/<topic>-<partition>/}, of which the last is the active one that takes appends.
 *
 * <p>Offsets, in order: log start offset &lt;= recovery point &lt;= log end offset (LEO). The log
 * start offset is the first offset a reader may ask for (retention and DeleteRecords move it up);
 * the recovery point is the offset up to which everything is known to be on disk (flushes move it
 * up; a restart without a clean shutdown re-checks everything after it); the LEO is the offset the
 * next appended record gets.
 *
 * <p>Thread-safety: every mutation (append, roll, truncation, retention, DeleteRecords, flush's
 * bookkeeping, close) takes this log's lock, so appends of one partition are serialized. Reads take
 * no lock: they read the published {@link LogOffsetMetadata} of the LEO (a volatile), find segments
 * in a concurrent skip list and never look past the published position, and batches before it are
 * never rewritten. A read racing with a truncation may return batches the truncation is removing,
 * as in Kafka; the caller's high watermark bound keeps consumers away from them.
 *
 * <p>Errors: an {@link IOException} on this log's files takes its whole log directory offline
 * through the {@link LogDirFailureChannel} and surfaces as {@link KafkaStorageException}; from then on
 * every read and append of a log in that directory fails the same way.
 */
public final class Log implements Closeable {

    private static final Logger log = LoggerFactory.getLogger(Log.class);

    private final Object lock = new Object();
    private final File dir;
    private final TopicPartition topicPartition;
    private final LogSegments segments;
    private final LeaderEpochFileCache leaderEpochCache;
    private final PartitionMetadataFile partitionMetadata;
    private final OpenSegmentLimiter limiter;
    private final LogDirFailureChannel failureChannel;
    private final ScheduledExecutorService scheduler;
    private final Clock clock;

    private volatile LogConfig config;
    private volatile LogOffsetMetadata logEndOffsetMetadata;
    private volatile long logStartOffset;
    private volatile long recoveryPoint;
    private volatile long lastFlushMs;
    private volatile UUID topicId;
    private long unflushedMessages;
    private boolean closed;
    /** Idempotent-producer state; guarded by {@code lock} like everything the appender changes. */
    private final ProducerStateManager producerState;

    private Log(File dir, LogConfig config, LogLoader.LoadedLogState state, LeaderEpochFileCache leaderEpochCache,
                OpenSegmentLimiter limiter, LogDirFailureChannel failureChannel, ScheduledExecutorService scheduler,
                Clock clock, UUID topicId) {
        this.dir = dir;
        this.topicPartition = LogFileUtils.parseTopicPartitionName(dir);
        this.config = config;
        this.segments = state.segments();
        this.leaderEpochCache = leaderEpochCache;
        this.partitionMetadata = new PartitionMetadataFile(dir);
        this.limiter = limiter;
        this.failureChannel = failureChannel;
        this.scheduler = scheduler;
        this.clock = clock;
        this.logStartOffset = state.logStartOffset();
        this.recoveryPoint = state.recoveryPoint();
        this.lastFlushMs = clock.millis();
        this.topicId = topicId;
        LogSegment active = segments.activeSegment();
        this.logEndOffsetMetadata = new LogOffsetMetadata(state.nextOffset(), active.baseOffset(), active.size());
        this.producerState = new ProducerStateManager(dir.toPath(), ProducerStateManager.DEFAULT_PRODUCER_ID_EXPIRATION_MS);
    }

    /**
     * Opens (creating if needed) the partition directory {@code dir}, named {@code <topic>-<partition>},
     * recovering it as {@link LogLoader} describes. {@code scheduler} runs delayed file deletions.
     */
    public static Log open(File dir, LogConfig config, long logStartOffset, long recoveryPoint, boolean hadCleanShutdown,
                           OpenSegmentLimiter limiter, LogDirFailureChannel failureChannel,
                           ScheduledExecutorService scheduler, Clock clock) throws IOException {
        LogFileUtils.parseTopicPartitionName(dir);
        if (!dir.isDirectory() && !dir.mkdirs()) {
            throw new IOException("Could not create partition directory " + dir);
        }
        LeaderEpochFileCache epochs = new LeaderEpochFileCache(dir);
        LogLoader.LoadedLogState state = new LogLoader(dir, config, limiter, epochs, clock.millis())
                .load(logStartOffset, recoveryPoint, hadCleanShutdown);
        PartitionMetadataFile metadata = new PartitionMetadataFile(dir);
        UUID topicId = metadata.exists() ? metadata.read() : null;
        Log log = new Log(dir, config, state, epochs, limiter, failureChannel, scheduler, clock, topicId);
        log.loadProducerState();
        return log;
    }

    /**
     * Rebuilds the idempotent-producer state: the newest snapshot at or below the log end offset, then
     * the headers of the batches after it. After a clean shutdown the snapshot is at the end and
     * nothing is replayed; after a crash at most the batches since the last roll are.
     */
    private void loadProducerState() throws IOException {
        synchronized (lock) {
            long end = logEndOffset();
            long snapshot = producerState.loadLatestSnapshot(end);
            long from = Math.max(snapshot, logStartOffset);
            if (from >= end) {
                return;
            }
            LogSegment first = segments.floorSegment(from);
            long firstBase = first == null ? Long.MIN_VALUE : first.baseOffset();
            for (LogSegment segment : segments.values(firstBase, Long.MAX_VALUE)) {
                segment.forEachBatchHeader(from, producerState::onAppend);
            }
        }
    }

    // ---------------------------------------------------------------- accessors

    public File dir() {
        return dir;
    }

    public File parentDir() {
        return dir.getParentFile();
    }

    public TopicPartition topicPartition() {
        return topicPartition;
    }

    public LogConfig config() {
        return config;
    }

    public void updateConfig(LogConfig newConfig) {
        this.config = newConfig;
    }

    public long logStartOffset() {
        return logStartOffset;
    }

    public long logEndOffset() {
        return logEndOffsetMetadata.messageOffset();
    }

    public LogOffsetMetadata logEndOffsetMetadata() {
        return logEndOffsetMetadata;
    }

    public long recoveryPoint() {
        return recoveryPoint;
    }

    public LeaderEpochFileCache leaderEpochCache() {
        return leaderEpochCache;
    }

    public int numberOfSegments() {
        return segments.numberOfSegments();
    }

    public List<LogSegment> segments() {
        return segments.values();
    }

    public long sizeInBytes() {
        return segments.sizeInBytes();
    }

    public Optional<UUID> topicId() {
        return Optional.ofNullable(topicId);
    }

    /** Writes {@code partition.metadata} with {@code id}; a different id already there is an error. */
    public void assignTopicId(UUID id) {
        synchronized (lock) {
            if (topicId != null) {
                if (!topicId.equals(id)) {
                    throw new IllegalStateException("Partition " + topicPartition + " belongs to topic id " + topicId + ", not " + id);
                }
                return;
            }
            try {
                partitionMetadata.write(id);
            } catch (IOException e) {
                throw storageFailure("Could not write " + partitionMetadata.file(), e);
            }
            topicId = id;
        }
    }

    // ---------------------------------------------------------------- append

    /** Appends a producer's batches: validates them, assigns offsets, stamps the leader epoch and timestamps. */
    public LogAppendInfo appendAsLeader(ByteBuffer records, int leaderEpoch) {
        return append(records, AppendOrigin.CLIENT, leaderEpoch);
    }

    /** Appends a follower's copy of the leader's batches with their offsets as they are. */
    public LogAppendInfo appendAsFollower(ByteBuffer records) {
        return append(records, AppendOrigin.REPLICATION, RecordBatch.NO_PARTITION_LEADER_EPOCH);
    }

    /**
     * Appends the batches between {@code records.position()} and its limit. The buffer's header
     * fields are rewritten in place for CLIENT appends (base offset, leader epoch, LogAppendTime)
     * and then written to the active segment as they are; the records are never re-encoded.
     */
    public LogAppendInfo append(ByteBuffer records, AppendOrigin origin, int leaderEpoch) {
        checkOnline();
        LogConfig config = this.config;
        int batches = validateBatches(records, origin, config);
        if (batches == 0) {
            return LogAppendInfo.empty(logEndOffset(), logStartOffset);
        }
        LogAppendInfo info;
        boolean flushNeeded;
        synchronized (lock) {
            checkOnline();
            if (closed) {
                throw new KafkaStorageException("Log " + topicPartition + " is closed");
            }
            try {
                info = appendLocked(records, origin, leaderEpoch, config, batches);
            } catch (IOException e) {
                throw storageFailure("Could not append to " + topicPartition, e);
            } catch (UncheckedIOException e) {
                throw storageFailure("Could not append to " + topicPartition, e.getCause());
            }
            unflushedMessages += info.lastOffset() - info.firstOffset() + 1;
            flushNeeded = unflushedMessages >= config.flushMessages();
        }
        if (flushNeeded) {
            flush();
        }
        return info;
    }

    /** Checks each batch's header and CRC outside the lock; returns the number of batches. */
    private int validateBatches(ByteBuffer records, AppendOrigin origin, LogConfig config) {
        int count = 0;
        int position = records.position();
        int end = records.limit();
        while (position < end) {
            if (end - position < RecordBatch.HEADER_SIZE) {
                throw new CorruptRecordException("Truncated record batch: " + (end - position)
                        + " bytes left, a v2 batch header has " + RecordBatch.HEADER_SIZE);
            }
            RecordBatch batch = RecordBatch.at(records, position);
            int size = batch.sizeInBytes();
            if (size > config.maxMessageBytes()) {
                throw new RecordTooLargeException("Record batch of " + size + " bytes is larger than max.message.bytes "
                        + config.maxMessageBytes() + " of " + topicPartition);
            }
            if (size > config.segmentBytes()) {
                throw new RecordBatchTooLargeException("Record batch of " + size + " bytes is larger than segment.bytes "
                        + config.segmentBytes() + " of " + topicPartition);
            }
            if (origin == AppendOrigin.CLIENT) {
                validateClientBatch(batch, config);
            } else {
                batch.validate();
            }
            position += size;
            count++;
        }
        return count;
    }

    /**
     * The deep, record-level check of a producer's batch, invoked by the appender for every CLIENT
     * batch after the header and CRC checks. It checks what the header alone tells: a client batch
     * is not a control batch and holds exactly lastOffsetDelta + 1 records. Decoding each record
     * (varint lengths, offset deltas in sequence, compressed streams) belongs here once the record
     * layer offers it.
     */
    static void validateClientBatch(RecordBatch batch, LogConfig config) {
        if (batch.isControlBatch()) {
            throw new InvalidRecordException("Clients may not write control batches");
        }
        int count = batch.recordsCount();
        if (count <= 0) {
            throw new InvalidRecordException("Record batch declares " + count + " records");
        }
        if (batch.lastOffsetDelta() != count - 1) {
            throw new InvalidRecordException("Record batch lastOffsetDelta " + batch.lastOffsetDelta()
                    + " does not match its record count " + count);
        }
        // Every record decoded (decompressed if need be, bounded by max.message.bytes' worth of
        // expansion): counts, lengths, varints and offset deltas must all agree with the header.
        // validateRecords starts with validate(): magic, size and CRC.
        batch.validateRecords((int) Math.min(Integer.MAX_VALUE,
                (long) MAX_DECOMPRESSION_RATIO * Math.max(config.maxMessageBytes(), RecordBatch.HEADER_SIZE)));
    }

    /**
     * How much larger than its compressed size a batch may decode to. Realistic data compresses 2-10x;
     * a bound keeps a "zip bomb" from exhausting the heap, and the cap keeps the product an int.
     */
    private static final int MAX_DECOMPRESSION_RATIO = 64;

    private LogAppendInfo appendLocked(ByteBuffer records, AppendOrigin origin, int leaderEpoch, LogConfig config,
                                       int batchCount) throws IOException {
        long now = clock.millis();
        long nextOffset = logEndOffset();
        long firstOffset = -1;
        long lastOffset = -1;
        long maxTimestamp = RecordBatch.NO_TIMESTAMP;
        long offsetOfMaxTimestamp = -1;
        boolean logAppendTime = config.messageTimestampType() == TimestampType.LOG_APPEND_TIME;
        int end = records.limit();
        if (origin == AppendOrigin.CLIENT) {
            // Producers send one batch per partition (Produce v3+), so a retry is a whole append.
            Optional<BatchMetadata> duplicate = checkProducerState(records);
            if (duplicate.isPresent()) {
                BatchMetadata original = duplicate.get();
                return LogAppendInfo.duplicate(original.firstOffset(), original.lastOffset(), original.timestamp(),
                        logStartOffset);
            }
        }
        for (int position = records.position(); position < end; ) {
            RecordBatch batch = RecordBatch.at(records, position);
            if (origin == AppendOrigin.CLIENT) {
                batch.setBaseOffset(nextOffset);
                batch.setPartitionLeaderEpoch(leaderEpoch);
                if (logAppendTime) {
                    batch.setMaxTimestamp(TimestampType.LOG_APPEND_TIME, now);
                }
            } else if (batch.baseOffset() < nextOffset) {
                throw new InvalidOffsetException("Follower batch at offset " + batch.baseOffset()
                        + " is below the expected offset " + nextOffset + " of " + topicPartition);
            }
            if (firstOffset < 0) {
                firstOffset = batch.baseOffset();
            }
            lastOffset = batch.lastOffset();
            nextOffset = lastOffset + 1;
            if (batch.maxTimestamp() > maxTimestamp) {
                maxTimestamp = batch.maxTimestamp();
                offsetOfMaxTimestamp = batch.lastOffset();
            }
            position += batch.sizeInBytes();
        }
        if (lastOffset - firstOffset > Integer.MAX_VALUE) {
            throw new InvalidOffsetException("Append spans offsets " + firstOffset + ".." + lastOffset
                    + ", more than one segment can index");
        }
        int size = records.remaining();
        LogSegment segment = maybeRoll(size, firstOffset, lastOffset, now, maxTimestamp, config);
        segment.append(records);
        // Now that the batches are written: producer state, and a follower's copy of the leader's epochs.
        for (int position = records.position(); position < end; ) {
            RecordBatch batch = RecordBatch.at(records, position);
            producerState.onAppend(batch);
            if (origin != AppendOrigin.CLIENT) {
                leaderEpochCache.assign(batch.partitionLeaderEpoch(), batch.baseOffset());
            }
            position += batch.sizeInBytes();
        }
        if (origin == AppendOrigin.CLIENT) {
            leaderEpochCache.assign(leaderEpoch, firstOffset);
        }
        logEndOffsetMetadata = new LogOffsetMetadata(lastOffset + 1, segment.baseOffset(), segment.size());
        return new LogAppendInfo(firstOffset, lastOffset, maxTimestamp, offsetOfMaxTimestamp, logAppendTime ? now : -1L,
                logStartOffset, size, batchCount);
    }

    /**
     * Checks each idempotent batch against its producer's state; returns the original of a retried
     * batch, which is then not appended. Throws on sequence gaps and fenced epochs.
     */
    private Optional<BatchMetadata> checkProducerState(ByteBuffer records) {
        int end = records.limit();
        int batches = 0;
        Optional<BatchMetadata> duplicate = Optional.empty();
        for (int position = records.position(); position < end; ) {
            RecordBatch batch = RecordBatch.at(records, position);
            Optional<BatchMetadata> original = producerState.checkAppend(batch);
            if (original.isPresent()) {
                duplicate = original;
            }
            batches++;
            position += batch.sizeInBytes();
        }
        if (duplicate.isPresent() && batches > 1) {
            throw new InvalidRecordException("A retried idempotent batch must be appended on its own");
        }
        return duplicate;
    }

    /** Forgets producers that have not written for producer.id.expiration.ms (called by the retention pass). */
    public void removeExpiredProducers() {
        synchronized (lock) {
            producerState.removeExpiredProducers(clock.millis());
        }
    }

    /** The idempotence state of a producer on this partition, for tools and tests. */
    public Optional<ProducerStateEntry> producerState(long producerId) {
        synchronized (lock) {
            return producerState.entry(producerId);
        }
    }

    private LogSegment maybeRoll(int size, long firstOffset, long lastOffset, long now, long maxTimestamp,
                                 LogConfig config) throws IOException {
        LogSegment active = segments.activeSegment();
        if (!active.shouldRoll(size, lastOffset, now, maxTimestamp, config.segmentBytes(), config.maxSegmentMs())) {
            return active;
        }
        return rollLocked(Math.max(firstOffset, logEndOffset()));
    }

    /** Starts a new active segment at the log end offset (for tests and tools; appends roll by themselves). */
    public LogSegment roll() {
        synchronized (lock) {
            checkOnline();
            try {
                return rollLocked(logEndOffset());
            } catch (IOException e) {
                throw storageFailure("Could not roll " + topicPartition, e);
            }
        }
    }

    private LogSegment rollLocked(long newBaseOffset) throws IOException {
        LogSegment active = segments.activeSegment();
        if (active.baseOffset() == newBaseOffset && active.size() == 0) {
            return active;
        }
        if (active.size() == 0) {
            // An empty active segment whose base offset is too low for the next batch: replace it.
            segments.remove(active.baseOffset());
            active.deleteFiles();
        } else {
            active.onBecomeInactive();
        }
        LogConfig config = this.config;
        LogSegment segment = LogSegment.open(dir, newBaseOffset, config.indexIntervalBytes(), config.segmentIndexBytes(),
                limiter, clock.millis(), true);
        segments.add(segment);
        // The producer state as of the new segment's start, so a crash replays at most this segment.
        producerState.takeSnapshot(newBaseOffset);
        LogOffsetMetadata end = logEndOffsetMetadata;
        if (end.messageOffset() == newBaseOffset) {
            logEndOffsetMetadata = new LogOffsetMetadata(newBaseOffset, newBaseOffset, 0);
        }
        log.debug("Rolled {} to a new segment at offset {}", topicPartition, newBaseOffset);
        return segment;
    }

    // ---------------------------------------------------------------- reads

    /** Reads with no upper offset bound; see {@link #read(long, int, long, boolean)}. */
    public LogReadResult read(long startOffset, int maxBytes, boolean minOneMessage) {
        return read(startOffset, maxBytes, Long.MAX_VALUE, minOneMessage);
    }

    /**
     * Whole batches starting with the one that holds {@code startOffset}, from one segment: at most
     * {@code maxBytes} (but at least one batch when {@code minOneMessage}), and only batches whose
     * last offset is below {@code maxOffset} (the high watermark for consumers, Long.MAX_VALUE for
     * followers). Reading at the log end offset returns an empty slice; outside
     * [log start offset, log end offset] throws {@link OffsetOutOfRangeException}.
     */
    public LogReadResult read(long startOffset, int maxBytes, long maxOffset, boolean minOneMessage) {
        checkOnline();
        LogOffsetMetadata end = logEndOffsetMetadata;
        long start = logStartOffset;
        if (startOffset == end.messageOffset()) {
            return new LogReadResult(startOffset, SegmentSlice.empty(), start, end.messageOffset());
        }
        if (startOffset < start || startOffset > end.messageOffset()) {
            throw new OffsetOutOfRangeException("Offset " + startOffset + " is out of range [" + start + ", "
                    + end.messageOffset() + "] of " + topicPartition);
        }
        LogSegment segment = segments.floorSegment(startOffset);
        while (segment != null && segment.baseOffset() <= end.segmentBaseOffset()) {
            int maxPosition = segment.baseOffset() == end.segmentBaseOffset() ? end.relativePositionInSegment() : segment.size();
            try {
                SegmentSlice slice = segment.read(startOffset, maxBytes, maxPosition, maxOffset, minOneMessage);
                if (slice != null) {
                    return new LogReadResult(startOffset, slice, start, end.messageOffset());
                }
            } catch (IOException e) {
                throw readFailure(segment, startOffset, e);
            } catch (UncheckedIOException e) {
                throw readFailure(segment, startOffset, e.getCause());
            }
            segment = segments.higherSegment(segment.baseOffset());
        }
        return new LogReadResult(startOffset, SegmentSlice.empty(), start, end.messageOffset());
    }

    private RuntimeException readFailure(LogSegment segment, long offset, IOException e) {
        if (!segments.contains(segment)) {
            return new OffsetOutOfRangeException("Segment " + segment.baseOffset() + " of " + topicPartition
                    + " was removed while reading offset " + offset, e);
        }
        return storageFailure("Could not read " + segment.logFile(), e);
    }

    /**
     * The first batch whose max timestamp is at least {@code timestamp} (ListOffsets by time), as
     * (its max timestamp, its base offset); empty if every batch is older.
     */
    public Optional<LogSegment.TimestampAndOffset> fetchOffsetByTimestamp(long timestamp) {
        checkOnline();
        LogOffsetMetadata end = logEndOffsetMetadata;
        long start = logStartOffset;
        for (LogSegment segment : segments.values()) {
            if (segment.baseOffset() > end.segmentBaseOffset()) {
                break;
            }
            LogSegment next = segments.higherSegment(segment.baseOffset());
            if (next != null && next.baseOffset() <= start) {
                continue;
            }
            try {
                if (segment.largestTimestamp() < timestamp) {
                    continue;
                }
                int maxPosition = segment.baseOffset() == end.segmentBaseOffset() ? end.relativePositionInSegment() : segment.size();
                LogSegment.TimestampAndOffset found = segment.findOffsetByTimestamp(timestamp, start, maxPosition);
                if (found != null) {
                    return Optional.of(found);
                }
            } catch (IOException e) {
                throw readFailure(segment, start, e);
            }
        }
        return Optional.empty();
    }

    /** ListOffsets EARLIEST (-2). */
    public long earliestOffset() {
        return logStartOffset;
    }

    /** ListOffsets LATEST (-1). */
    public long latestOffset() {
        return logEndOffset();
    }

    // ---------------------------------------------------------------- retention and DeleteRecords

    /**
     * Deletes whole non-active segments that retention no longer keeps: wholly below the log start
     * offset; older than retention.ms (by their largest timestamp); or oldest first while the log
     * exceeds retention.bytes. Returns the number of segments deleted.
     */
    public int deleteOldSegments() {
        LogConfig config = this.config;
        int deleted = deleteSegments((segment, next) -> next != null && next.baseOffset() <= logStartOffset, "log start offset");
        if (!config.deleteEnabled()) {
            return deleted;
        }
        if (config.retentionMs() >= 0) {
            long now = clock.millis();
            deleted += deleteSegments((segment, next) -> now - segment.largestTimestamp() > config.retentionMs(),
                    "retention.ms " + config.retentionMs());
        }
        if (config.retentionBytes() >= 0) {
            long[] excess = {segments.sizeInBytes() - config.retentionBytes()};
            deleted += deleteSegments((segment, next) -> {
                if (excess[0] - segment.size() >= 0) {
                    excess[0] -= segment.size();
                    return true;
                }
                return false;
            }, "retention.bytes " + config.retentionBytes());
        }
        return deleted;
    }

    /**
     * DeleteRecords: moves the log start offset up to {@code offset} (never down) and deletes the
     * segments wholly below it. Returns the log start offset after the call.
     */
    public long deleteRecordsBefore(long offset) {
        synchronized (lock) {
            checkOnline();
            if (offset > logEndOffset() || offset < 0) {
                throw new OffsetOutOfRangeException("Cannot delete records before " + offset + ": the log of "
                        + topicPartition + " ends at " + logEndOffset());
            }
            if (offset > logStartOffset) {
                logStartOffset = offset;
                try {
                    leaderEpochCache.truncateFromStart(offset);
                } catch (IOException e) {
                    throw storageFailure("Could not write " + leaderEpochCache.file(), e);
                }
            }
        }
        deleteSegments((segment, next) -> next != null && next.baseOffset() <= logStartOffset, "log start offset");
        return logStartOffset;
    }

    private int deleteSegments(BiPredicate<LogSegment, LogSegment> deletable, String reason) {
        synchronized (lock) {
            checkOnline();
            List<LogSegment> toDelete = new ArrayList<>();
            LogSegment active = segments.activeSegment();
            for (LogSegment segment : segments.values()) {
                LogSegment next = segments.higherSegment(segment.baseOffset());
                if (segment == active || !deletable.test(segment, next)) {
                    break;
                }
                toDelete.add(segment);
            }
            if (toDelete.isEmpty()) {
                return 0;
            }
            for (LogSegment segment : toDelete) {
                segments.remove(segment.baseOffset());
            }
            long newStart = Math.max(logStartOffset, segments.firstSegment().baseOffset());
            try {
                if (newStart > logStartOffset) {
                    logStartOffset = newStart;
                    leaderEpochCache.truncateFromStart(newStart);
                }
                log.info("Deleting {} segments of {} below offset {} ({})", toDelete.size(), topicPartition, newStart, reason);
                scheduleDeletion(toDelete);
            } catch (IOException e) {
                throw storageFailure("Could not delete segments of " + topicPartition, e);
            }
            return toDelete.size();
        }
    }

    /** Renames the segments' files to .deleted now and deletes them after file.delete.delay.ms. */
    private void scheduleDeletion(List<LogSegment> removed) throws IOException {
        for (LogSegment segment : removed) {
            segment.changeFileSuffix("", LogFileUtils.DELETED_FILE_SUFFIX);
        }
        scheduleFileDeletion(removed);
    }

    /** Deletes the files of segments already renamed to .deleted after file.delete.delay.ms. */
    private void scheduleFileDeletion(List<LogSegment> removed) {
        Runnable delete = () -> {
            for (LogSegment segment : removed) {
                try {
                    segment.deleteFiles();
                } catch (IOException e) {
                    storageFailure("Could not delete " + segment.logFile(), e);
                }
            }
        };
        try {
            scheduler.schedule(delete, config.fileDeleteDelayMs(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            delete.run();
        }
    }

    // ---------------------------------------------------------------- compaction

    OpenSegmentLimiter openSegmentLimiter() {
        return limiter;
    }

    /**
     * The {@link Cleaner}'s swap, the only part of a cleaning that holds this log's lock. {@code cleaned}
     * (files ending .swap, same base offset as {@code covered}'s first) replaces the segments
     * {@code covered}; {@code emptied}, which kept nothing and lie past the swap's last offset, are
     * removed after it. {@code sizes} are the sizes the cleaner read, covered then emptied in offset
     * order; if any segment is gone or has another size (retention, truncation), nothing happens and
     * false is returned. The file steps, in the order {@link LogLoader} relies on: the covered
     * segments to .deleted, the swap to its final name, the emptied segments to .deleted.
     */
    boolean swapCleanedSegment(LogSegment cleaned, List<LogSegment> covered, List<LogSegment> emptied, long[] sizes,
                               Cleaner.StepHook hook) throws IOException {
        synchronized (lock) {
            checkOnline();
            List<LogSegment> all = new ArrayList<>(covered);
            all.addAll(emptied);
            all.sort(java.util.Comparator.comparingLong(LogSegment::baseOffset));
            for (int i = 0; i < all.size(); i++) {
                LogSegment segment = all.get(i);
                if (!segments.contains(segment) || segment.size() != sizes[i] || segment == segments.activeSegment()) {
                    return false;
                }
            }
            for (LogSegment segment : covered) {
                segment.changeFileSuffix("", LogFileUtils.DELETED_FILE_SUFFIX);
                hook.afterStep("deleted " + segment.baseOffset());
            }
            // Put first (it takes the first covered segment's key): a lock-free reader then always
            // finds either the old or the cleaned segments, both complete.
            segments.add(cleaned);
            for (LogSegment segment : covered.subList(1, covered.size())) {
                segments.remove(segment.baseOffset());
            }
            cleaned.changeFileSuffix(LogFileUtils.SWAP_FILE_SUFFIX, "");
            hook.afterStep("swapped");
            for (LogSegment segment : emptied) {
                segments.remove(segment.baseOffset());
                segment.changeFileSuffix("", LogFileUtils.DELETED_FILE_SUFFIX);
                hook.afterStep("emptied " + segment.baseOffset());
            }
            scheduleFileDeletion(all);
            return true;
        }
    }

    // ---------------------------------------------------------------- truncation

    /**
     * Removes every batch whose last offset is at least {@code targetOffset} (a follower that
     * diverged from its new leader). Batches are never split, so the log may end below the target.
     * Returns true if anything was removed.
     */
    public boolean truncateTo(long targetOffset) {
        if (targetOffset < 0) {
            throw new IllegalArgumentException("Cannot truncate " + topicPartition + " to negative offset " + targetOffset);
        }
        synchronized (lock) {
            checkOnline();
            if (targetOffset >= logEndOffset()) {
                return false;
            }
            if (targetOffset <= segments.firstSegment().baseOffset()) {
                truncateFullyAndStartAt(targetOffset);
                return true;
            }
            try {
                List<LogSegment> removed = new ArrayList<>(segments.values(targetOffset + 1, Long.MAX_VALUE));
                for (LogSegment segment : removed) {
                    segments.remove(segment.baseOffset());
                }
                LogSegment active = segments.activeSegment();
                active.truncateTo(targetOffset);
                active.onBecomeActive();
                scheduleDeletion(removed);
                long newEnd = active.readNextOffset();
                logEndOffsetMetadata = new LogOffsetMetadata(newEnd, active.baseOffset(), active.size());
                leaderEpochCache.truncateFromEnd(newEnd);
                producerState.truncateFrom(newEnd);
                recoveryPoint = Math.min(recoveryPoint, newEnd);
                logStartOffset = Math.min(logStartOffset, newEnd);
                return true;
            } catch (IOException e) {
                throw storageFailure("Could not truncate " + topicPartition + " to " + targetOffset, e);
            }
        }
    }

    /** Drops every segment and starts an empty log at {@code newOffset} (a follower far behind its leader's log start). */
    public void truncateFullyAndStartAt(long newOffset) {
        synchronized (lock) {
            checkOnline();
            try {
                List<LogSegment> removed = segments.values();
                segments.clear();
                scheduleDeletion(removed);
                LogConfig config = this.config;
                LogSegment segment = LogSegment.open(dir, newOffset, config.indexIntervalBytes(), config.segmentIndexBytes(),
                        limiter, clock.millis(), true);
                segments.add(segment);
                logEndOffsetMetadata = new LogOffsetMetadata(newOffset, newOffset, 0);
                logStartOffset = newOffset;
                recoveryPoint = newOffset;
                leaderEpochCache.clear();
                producerState.clear();
            } catch (IOException e) {
                throw storageFailure("Could not truncate " + topicPartition + " fully", e);
            }
        }
    }

    // ---------------------------------------------------------------- flush

    /** Flushes everything up to the log end offset and advances the recovery point there. */
    public void flush() {
        flushUpTo(logEndOffset());
    }

    /**
     * fsyncs the segments that hold offsets from the recovery point up to {@code offset} and moves
     * the recovery point there. The fsyncs run outside the lock so appends continue meanwhile.
     */
    public void flushUpTo(long offset) {
        checkOnline();
        long from = recoveryPoint;
        if (offset <= from) {
            return;
        }
        LogSegment first = segments.floorSegment(from);
        long fromBase = first == null ? Long.MIN_VALUE : first.baseOffset();
        for (LogSegment segment : new ArrayList<>(segments.values(fromBase, offset))) {
            try {
                segment.flush();
            } catch (IOException | UncheckedIOException e) {
                // A truncation or retention may have removed the segment since the snapshot; its
                // files may be gone, and nothing of it needs to be durable any more.
                if (segments.contains(segment)) {
                    throw storageFailure("Could not flush " + segment.logFile(),
                            e instanceof IOException io ? io : ((UncheckedIOException) e).getCause());
                }
            }
        }
        synchronized (lock) {
            if (offset > recoveryPoint) {
                recoveryPoint = Math.min(offset, logEndOffset());
            }
            unflushedMessages = 0;
            lastFlushMs = clock.millis();
        }
    }

    /** Called by the flush scheduler: flushes if flush.ms has passed since the last flush. */
    public void maybeFlushByTime() {
        long flushMs = config.flushMs();
        if (flushMs != Long.MAX_VALUE && clock.millis() - lastFlushMs >= flushMs && logEndOffset() > recoveryPoint) {
            flush();
        }
    }

    public long lastFlushMs() {
        return lastFlushMs;
    }

    // ---------------------------------------------------------------- lifecycle

    /** Trims the active segment's indexes and closes every file; does not flush (the LogManager does). */
    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            try {
                producerState.takeSnapshot(logEndOffset());
            } catch (IOException e) {
                // Not fatal: the state is rebuilt from the previous snapshot and the log at the next start.
                log.warn("Could not write the producer state snapshot of {}: {}", topicPartition, e.getMessage());
            }
            for (LogSegment segment : segments.values()) {
                try {
                    segment.close();
                } catch (IOException e) {
                    storageFailure("Could not close " + segment.logFile(), e);
                }
            }
        }
    }

    private void checkOnline() {
        if (failureChannel.isOffline(parentDir())) {
            throw new KafkaStorageException("Log directory " + parentDir() + " of " + topicPartition + " is offline");
        }
    }

    private KafkaStorageException storageFailure(String message, IOException e) {
        return failureChannel.maybeAddOfflineLogDir(parentDir(), message, e);
    }

    @Override
    public String toString() {
        return "Log(" + topicPartition + ", start=" + logStartOffset + ", end=" + logEndOffset() + ", segments="
                + segments.numberOfSegments() + ")";
    }
}
