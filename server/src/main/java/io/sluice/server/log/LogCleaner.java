package io.sluice.server.log;

import java.io.Closeable;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@link Cleaner}s for the logs whose cleanup.policy includes compact: each of
 * log.cleaner.threads threads repeatedly takes the next log to clean that no other thread is
 * cleaning, cleans it, and sleeps log.cleaner.backoff.ms when there is none. The next log is, first,
 * the one whose oldest dirty record has waited longest past its max.compaction.lag.ms (such a log is
 * cleanable whatever its dirty ratio, as in Kafka), else the one with the highest dirty ratio at or
 * above its min.cleanable.dirty.ratio.
 *
 * <p>The dirty ratio is the share of a log's non-active bytes in segments at or past its first dirty
 * offset, the end of what the last cleaning covered. The age of the oldest dirty record is taken
 * from the first batch of each non-active segment holding dirty offsets, as Kafka does. First dirty
 * offsets are restored at startup from the log directory's {@code cleaner-offset-checkpoint}
 * ({@link #restoreFirstDirtyOffset}) and reported after every cleaning to a listener that writes it
 * ({@link LogManager}), so a restart does not clean cleaned ranges again.
 *
 * <p>Thread-safety: the state below is guarded by {@code this}; {@link #abortAndWait} lets
 * {@link LogManager} remove a log without racing a cleaning of it. The listener is called on a
 * cleaner thread without this lock held.
 */
public final class LogCleaner implements Closeable {

    private static final Logger log = LoggerFactory.getLogger(LogCleaner.class);

    private final CleanerConfig config;
    private final Supplier<Collection<Log>> logs;
    private final Clock clock;
    private final java.util.function.Consumer<Log> onCleaned;
    private final Map<Log, Long> firstDirtyOffsets = new IdentityHashMap<>();
    private final Set<Log> inProgress = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
    private final Set<Log> aborted = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
    /** Logs whose last cleaning made no progress (everything younger than min.compaction.lag.ms, say): skipped until then. */
    private final Map<Log, Long> idleUntil = new IdentityHashMap<>();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running;
    private long cleanings;

    public LogCleaner(CleanerConfig config, Supplier<Collection<Log>> logs, Clock clock) {
        this(config, logs, clock, cleaned -> { });
    }

    /** {@code onCleaned} is told about every log whose first dirty offset a cleaning moved (to checkpoint it). */
    public LogCleaner(CleanerConfig config, Supplier<Collection<Log>> logs, Clock clock, java.util.function.Consumer<Log> onCleaned) {
        this.config = config;
        this.logs = logs;
        this.clock = clock;
        this.onCleaned = onCleaned;
    }

    /** Sets the first dirty offset of {@code target} read from a checkpoint (before {@link #startup}). */
    public synchronized void restoreFirstDirtyOffset(Log target, long offset) {
        firstDirtyOffsets.put(target, offset);
    }

    /**
     * The first dirty offset of every log cleaned since startup or restored from a checkpoint, by
     * partition, for the cleaner-offset-checkpoint of {@code logDir}.
     */
    public synchronized Map<TopicPartition, Long> checkpointOffsets(java.io.File logDir) {
        Map<TopicPartition, Long> offsets = new java.util.HashMap<>();
        java.io.File dir = logDir.getAbsoluteFile();
        for (Map.Entry<Log, Long> entry : firstDirtyOffsets.entrySet()) {
            Log l = entry.getKey();
            if (!aborted.contains(l) && l.parentDir().getAbsoluteFile().equals(dir)) {
                offsets.put(l.topicPartition(), firstDirtyOffset(l));
            }
        }
        return offsets;
    }

    public synchronized void startup() {
        if (!config.enabled() || running) {
            return;
        }
        running = true;
        for (int i = 0; i < config.threads(); i++) {
            Thread thread = new Thread(this::run, "log-cleaner-" + i);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
    }

    /** Completed cleanings since startup. */
    public synchronized long cleanings() {
        return cleanings;
    }

    /** The first offset the next cleaning of {@code target} starts its map at. */
    public synchronized long firstDirtyOffset(Log target) {
        return Math.max(firstDirtyOffsets.getOrDefault(target, 0L), target.logStartOffset());
    }

    private void run() {
        Cleaner cleaner = null;
        while (running) {
            Log target = grabDirtiestLog();
            if (target == null) {
                sleep(config.backoffMs());
                continue;
            }
            try {
                long from = firstDirtyOffset(target);
                // An uncompressed keyed record takes at least 7 bytes and a map slot 24, so about three
                // times the dirty bytes suffices: small logs (tests, a quiet __consumer_offsets) never
                // cost the whole dedupe buffer. Compressed batches may hold more keys; a map that fills
                // up only means another pass, and one too small for a single batch (no progress) is
                // replaced by the full buffer. The largest map so far is kept for reuse.
                long wanted = Math.min(config.bufferPerThread(), Math.max(1 << 20, 3 * dirtyBytes(target, from)));
                if (cleaner == null || cleaner.mapMemory() < wanted) {
                    cleaner = null;
                    cleaner = new Cleaner((int) wanted);
                }
                Cleaner.CleanResult result = cleaner.clean(target, from, clock.millis());
                if (result.nextDirtyOffset() <= from && result.mapFull() && cleaner.mapMemory() < config.bufferPerThread()) {
                    cleaner = null;
                    cleaner = new Cleaner(config.bufferPerThread());
                    result = cleaner.clean(target, from, clock.millis());
                }
                synchronized (this) {
                    firstDirtyOffsets.put(target, result.nextDirtyOffset());
                    if (result.nextDirtyOffset() <= from) {
                        idleUntil.put(target, clock.millis() + config.backoffMs());
                    } else {
                        idleUntil.remove(target);
                    }
                    cleanings++;
                }
                if (result.nextDirtyOffset() > from) {
                    onCleaned.accept(target);
                }
            } catch (IOException | RuntimeException e) {
                log.warn("Cleaning {} failed; it is retried after the backoff: {}", target.topicPartition(), e.toString());
                sleep(config.backoffMs());
            } finally {
                release(target);
            }
        }
    }

    /** The log to clean next, marked in progress, or null. */
    private synchronized Log grabDirtiestLog() {
        Log best = null;
        double bestRatio = -1;
        Log mostOverdue = null;
        long longestOverdue = 0;
        long now = clock.millis();
        for (Log candidate : logs.get()) {
            LogConfig logConfig = candidate.config();
            if (!logConfig.compactEnabled() || inProgress.contains(candidate) || aborted.contains(candidate)
                    || idleUntil.getOrDefault(candidate, Long.MIN_VALUE) > now) {
                continue;
            }
            // A truncation (follower catching up with a new leader) may have cut the log below the
            // first dirty offset: start again from the end, so re-appended offsets count as dirty.
            Long stored = firstDirtyOffsets.get(candidate);
            if (stored != null && stored > candidate.logEndOffset()) {
                firstDirtyOffsets.put(candidate, candidate.logEndOffset());
            }
            long overdue = maxCompactionDelay(candidate, now);
            if (overdue > longestOverdue) {
                mostOverdue = candidate;
                longestOverdue = overdue;
            }
            double ratio = dirtyRatio(candidate);
            if (ratio > 0 && ratio >= logConfig.minCleanableDirtyRatio() && ratio > bestRatio) {
                best = candidate;
                bestRatio = ratio;
            }
        }
        if (mostOverdue != null) {
            best = mostOverdue;
        }
        if (best != null) {
            inProgress.add(best);
        }
        return best;
    }

    /**
     * How long ago the oldest dirty record of {@code target} passed max.compaction.lag.ms, or 0 if it
     * has not (or the log has no dirty non-active bytes). Records without a timestamp do not count.
     */
    public synchronized long maxCompactionDelay(Log target, long now) {
        long maxLag = target.config().maxCompactionLagMs();
        if (maxLag == Long.MAX_VALUE) {
            return 0;
        }
        List<LogSegment> segments = target.segments();
        long firstDirty = firstDirtyOffset(target);
        long earliest = Long.MAX_VALUE;
        for (int i = 0; i + 1 < segments.size(); i++) {
            LogSegment segment = segments.get(i);
            if (segments.get(i + 1).baseOffset() > firstDirty && segment.size() > 0) {
                long ts = segment.firstBatchTimestamp();
                if (ts > 0) {
                    earliest = Math.min(earliest, ts);
                }
            }
        }
        long cleanUntil = now - maxLag;
        return earliest < cleanUntil ? cleanUntil - earliest : 0;
    }

    /** Non-active bytes at or past the first dirty offset over all non-active bytes; 0 when there are none. */
    public synchronized double dirtyRatio(Log target) {
        List<LogSegment> segments = target.segments();
        long firstDirty = firstDirtyOffset(target);
        long total = 0;
        long dirty = 0;
        for (int i = 0; i + 1 < segments.size(); i++) {
            LogSegment segment = segments.get(i);
            total += segment.size();
            if (segments.get(i + 1).baseOffset() > firstDirty) {
                dirty += segment.size();
            }
        }
        return total == 0 ? 0 : (double) dirty / total;
    }

    private static long dirtyBytes(Log target, long firstDirty) {
        List<LogSegment> segments = target.segments();
        long dirty = 0;
        for (int i = 0; i + 1 < segments.size(); i++) {
            if (segments.get(i + 1).baseOffset() > firstDirty) {
                dirty += segments.get(i).size();
            }
        }
        return dirty;
    }

    private synchronized void release(Log target) {
        inProgress.remove(target);
        notifyAll();
    }

    /** Waits until no thread cleans {@code target} and keeps the cleaner away from it for good (log deletion). */
    public synchronized void abortAndWait(Log target) {
        aborted.add(target);
        while (inProgress.contains(target)) {
            try {
                wait(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        firstDirtyOffsets.remove(target);
        idleUntil.remove(target);
    }

    private void sleep(long ms) {
        synchronized (this) {
            if (!running) {
                return;
            }
            try {
                wait(ms);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
            }
        }
    }

    /** Stops the threads, letting a cleaning in progress finish its current swap. */
    @Override
    public void close() {
        List<Thread> toJoin;
        synchronized (this) {
            running = false;
            notifyAll();
            toJoin = new ArrayList<>(threads);
            threads.clear();
        }
        for (Thread thread : toJoin) {
            try {
                thread.join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
