package io.sluice.server.log;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens a partition directory and brings it to a consistent state; the rules, in order:
 *
 * <ol>
 *   <li>{@code .deleted}, {@code .cleaned} and {@code .tmp} files are leftovers of interrupted
 *       deletions, cleanings and checkpoint writes: deleted.</li>
 *   <li>A {@code .log.swap} is a cleaned segment that was about to replace older ones: it is
 *       checked, the segments whose base offsets fall inside its offset range are deleted, and it is
 *       renamed into place. Index {@code .swap} files are deleted; the indexes are rebuilt.</li>
 *   <li>Index files without a {@code .log} are deleted.</li>
 *   <li>A missing or corrupt index (size not a multiple of the entry size, entries not increasing,
 *       positions past the log) is rebuilt from its segment.</li>
 *   <li>Without a clean shutdown marker, every segment from the one holding the recovery point on
 *       is recovered batch by batch ({@link LogSegment#recover}); the first segment cut short ends
 *       the log, and every segment after it is deleted.</li>
 *   <li>An empty directory gets one empty segment at the log start offset.</li>
 * </ol>
 *
 * Nothing before the first bad byte is lost. Not thread-safe: one loader per directory, before
 * the {@link Log} exists.
 */
public final class LogLoader {

    private static final Logger log = LoggerFactory.getLogger(LogLoader.class);

    /** What the loader hands to the {@link Log}. */
    public record LoadedLogState(LogSegments segments, long logStartOffset, long recoveryPoint, long nextOffset) {
    }

    private final File dir;
    private final LogConfig config;
    private final OpenSegmentLimiter limiter;
    private final LeaderEpochFileCache leaderEpochCache;
    private final long nowMs;

    public LogLoader(File dir, LogConfig config, OpenSegmentLimiter limiter, LeaderEpochFileCache leaderEpochCache, long nowMs) {
        this.dir = dir;
        this.config = config;
        this.limiter = limiter;
        this.leaderEpochCache = leaderEpochCache;
        this.nowMs = nowMs;
    }

    public LoadedLogState load(long checkpointedLogStartOffset, long recoveryPoint, boolean hadCleanShutdown) throws IOException {
        removeTemporaryFiles();
        completeSwaps();
        LogSegments segments = new LogSegments();
        for (long baseOffset : segmentBaseOffsets()) {
            LogSegment segment = openSegment(baseOffset);
            segments.add(segment);
        }
        if (!hadCleanShutdown) {
            recoverUnflushed(segments, recoveryPoint);
        }
        for (LogSegment segment : segments.values()) {
            maybeRebuildIndexes(segment);
        }
        if (segments.isEmpty()) {
            long start = Math.max(0, checkpointedLogStartOffset);
            segments.add(LogSegment.open(dir, start, config.indexIntervalBytes(), config.segmentIndexBytes(), limiter, nowMs, true));
        }
        LogSegment active = segments.activeSegment();
        active.onBecomeActive();
        long nextOffset = active.readNextOffset();
        long logStartOffset = Math.min(Math.max(checkpointedLogStartOffset, segments.firstSegment().baseOffset()), nextOffset);
        leaderEpochCache.truncateFromEnd(nextOffset);
        leaderEpochCache.truncateFromStart(logStartOffset);
        long newRecoveryPoint = hadCleanShutdown ? nextOffset : Math.min(Math.max(recoveryPoint, 0), nextOffset);
        return new LoadedLogState(segments, logStartOffset, hadCleanShutdown ? nextOffset : newRecoveryPoint, nextOffset);
    }

    private File[] listFiles() throws IOException {
        File[] files = dir.listFiles();
        if (files == null) {
            throw new IOException("Could not list partition directory " + dir);
        }
        return files;
    }

    private void removeTemporaryFiles() throws IOException {
        for (File file : listFiles()) {
            String name = file.getName();
            if (name.endsWith(LogFileUtils.DELETED_FILE_SUFFIX) || name.endsWith(LogFileUtils.CLEANED_FILE_SUFFIX)
                    || name.endsWith(LogFileUtils.TMP_FILE_SUFFIX)) {
                log.info("Deleting leftover file {}", file);
                Files.deleteIfExists(file.toPath());
            } else if (name.endsWith(LogFileUtils.SWAP_FILE_SUFFIX)
                    && !name.endsWith(LogFileUtils.LOG_FILE_SUFFIX + LogFileUtils.SWAP_FILE_SUFFIX)) {
                log.info("Deleting index swap file {}; the index is rebuilt", file);
                Files.deleteIfExists(file.toPath());
            }
        }
    }

    private void completeSwaps() throws IOException {
        String swapLogSuffix = LogFileUtils.LOG_FILE_SUFFIX + LogFileUtils.SWAP_FILE_SUFFIX;
        for (File file : listFiles()) {
            if (!file.getName().endsWith(swapLogSuffix) || !LogFileUtils.isSegmentFileName(file.getName())) {
                continue;
            }
            long baseOffset = LogFileUtils.offsetFromFileName(file.getName());
            LogSegment swap = LogSegment.openWithSuffix(dir, baseOffset, config.indexIntervalBytes(), config.segmentIndexBytes(),
                    limiter, nowMs, LogFileUtils.SWAP_FILE_SUFFIX);
            swap.recover(null);
            long swapNextOffset = swap.readNextOffset();
            for (long replaced : segmentBaseOffsets()) {
                if (replaced >= baseOffset && replaced < swapNextOffset) {
                    log.info("Swap segment {} replaces segment {}", file.getName(), replaced);
                    Files.deleteIfExists(LogFileUtils.logFile(dir, replaced).toPath());
                    Files.deleteIfExists(LogFileUtils.offsetIndexFile(dir, replaced).toPath());
                    Files.deleteIfExists(LogFileUtils.timeIndexFile(dir, replaced).toPath());
                }
            }
            swap.changeFileSuffix(LogFileUtils.SWAP_FILE_SUFFIX, "");
            swap.close();
            log.info("Completed the swap of segment {}", baseOffset);
        }
    }

    private List<Long> segmentBaseOffsets() throws IOException {
        TreeMap<Long, File> logs = new TreeMap<>();
        List<File> indexes = new ArrayList<>();
        for (File file : listFiles()) {
            String name = file.getName();
            if (!LogFileUtils.isSegmentFileName(name)) {
                continue;
            }
            if (name.endsWith(LogFileUtils.LOG_FILE_SUFFIX)) {
                logs.put(LogFileUtils.offsetFromFileName(name), file);
            } else if (name.endsWith(LogFileUtils.INDEX_FILE_SUFFIX) || name.endsWith(LogFileUtils.TIME_INDEX_FILE_SUFFIX)) {
                indexes.add(file);
            }
        }
        for (File index : indexes) {
            if (!logs.containsKey(LogFileUtils.offsetFromFileName(index.getName()))) {
                log.info("Deleting index {} that has no log file", index);
                Files.deleteIfExists(index.toPath());
            }
        }
        return new ArrayList<>(logs.keySet());
    }

    private LogSegment openSegment(long baseOffset) throws IOException {
        return LogSegment.open(dir, baseOffset, config.indexIntervalBytes(), config.segmentIndexBytes(), limiter, nowMs, false);
    }

    private void maybeRebuildIndexes(LogSegment segment) throws IOException {
        try {
            segment.sanityCheckIndexes();
        } catch (CorruptIndexException e) {
            log.warn("Rebuilding the indexes of {}: {}", segment, e.getMessage());
            int truncated = segment.recover(this::assignEpoch);
            if (truncated > 0) {
                log.warn("Recovery of {} also cut {} invalid bytes at its end", segment, truncated);
            }
        }
    }

    private void recoverUnflushed(LogSegments segments, long recoveryPoint) throws IOException {
        LogSegment floor = segments.floorSegment(recoveryPoint);
        long from = floor == null ? Long.MIN_VALUE : floor.baseOffset();
        List<LogSegment> unflushed = new ArrayList<>(segments.values(from, Long.MAX_VALUE));
        for (int i = 0; i < unflushed.size(); i++) {
            LogSegment segment = unflushed.get(i);
            log.info("Recovering unflushed segment {} of {}", segment.baseOffset(), dir.getName());
            int truncated = segment.recover(this::assignEpoch);
            segment.flush();
            if (truncated > 0) {
                log.warn("Cut {} invalid bytes at the end of {} in {}; deleting the {} segments after it", truncated,
                        segment.logFile().getName(), dir.getName(), unflushed.size() - i - 1);
                for (LogSegment later : unflushed.subList(i + 1, unflushed.size())) {
                    segments.remove(later.baseOffset());
                    later.deleteFiles();
                }
                return;
            }
        }
    }

    private void assignEpoch(io.sluice.record.RecordBatch batch) {
        try {
            leaderEpochCache.assign(batch.partitionLeaderEpoch(), batch.baseOffset());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
