package io.sluice.server.log;

import java.io.Closeable;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns every partition log of a broker across its {@code log.dirs}: opens (and recovers) them at
 * startup, creates and deletes them, runs retention, time-based flushes and the checkpoints on its
 * scheduler, and shuts down cleanly.
 *
 * <p>Per log directory it keeps {@code recovery-point-offset-checkpoint},
 * {@code log-start-offset-checkpoint}, {@code cleaner-offset-checkpoint} (the {@link LogCleaner}'s
 * first dirty offsets, written after every cleaning that moved one and read at startup) and, between a clean shutdown and the next startup,
 * {@code .kafka_cleanshutdown}: a directory without that marker had a crash, and its logs are
 * recovered from their recovery points.
 *
 * <p>Thread-safety: thread-safe. Log creation and deletion are serialized by one lock; the map of
 * logs is concurrent; scheduled tasks run on the manager's scheduler threads. A disk error takes its
 * directory offline through the {@link LogDirFailureChannel}; the other directories keep working.
 */
public final class LogManager implements Closeable {

    private static final Logger log = LoggerFactory.getLogger(LogManager.class);

    private final LogManagerConfig config;
    private final LogConfig defaultLogConfig;
    private final Clock clock;
    private final LogDirFailureChannel failureChannel;
    private final OpenSegmentLimiter limiter;
    private final ScheduledThreadPoolExecutor scheduler;
    private final ConcurrentHashMap<TopicPartition, Log> logs = new ConcurrentHashMap<>();
    private final Object creationLock = new Object();
    /** Serializes computing and writing a cleaner-offset-checkpoint, so an older content never wins. */
    private final Object cleanerCheckpointLock = new Object();
    private final LogCleaner cleaner;
    private volatile boolean started;

    public LogManager(LogManagerConfig config, LogConfig defaultLogConfig, Clock clock, LogDirFailureChannel failureChannel) {
        this(config, defaultLogConfig, CleanerConfig.defaults(), clock, failureChannel);
    }

    public LogManager(LogManagerConfig config, LogConfig defaultLogConfig, CleanerConfig cleanerConfig, Clock clock,
                      LogDirFailureChannel failureChannel) {
        this.cleaner = new LogCleaner(cleanerConfig, this::allLogs, clock, cleaned -> checkpointCleanerOffsets(cleaned.parentDir()));
        this.config = config;
        this.defaultLogConfig = defaultLogConfig;
        this.clock = clock;
        this.failureChannel = failureChannel;
        this.limiter = new OpenSegmentLimiter(config.maxOpenSegmentFiles());
        this.scheduler = new ScheduledThreadPoolExecutor(2, namedDaemonThreads("log-scheduler"));
        // Pending file deletions are not worth delaying shutdown for: the loader removes .deleted files.
        this.scheduler.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.scheduler.setRemoveOnCancelPolicy(true);
    }

    /** A manager for the broker properties {@code brokerProperties} (server.properties). */
    public static LogManager fromProperties(Map<?, ?> brokerProperties, Clock clock, LogDirFailureChannel failureChannel) {
        return new LogManager(LogManagerConfig.fromProperties(brokerProperties),
                LogConfig.fromProperties(brokerProperties, Map.of()), CleanerConfig.fromProperties(brokerProperties), clock,
                failureChannel);
    }

    public LogConfig defaultLogConfig() {
        return defaultLogConfig;
    }

    public OpenSegmentLimiter openSegmentLimiter() {
        return limiter;
    }

    public LogDirFailureChannel failureChannel() {
        return failureChannel;
    }

    // ---------------------------------------------------------------- startup

    /** Opens every log with the broker's default topic config; see {@link #startup(Function)}. */
    public void startup() {
        startup(topic -> defaultLogConfig);
    }

    /**
     * Opens every {@code <topic>-<partition>} directory of every log dir, in parallel
     * ({@code num.recovery.threads.per.data.dir} per directory), recovering those of a directory
     * without a clean shutdown marker; deletes directories left with the {@code -delete} suffix;
     * then starts the retention, flush and checkpoint tasks. {@code topicConfigs} gives each topic's
     * config (topic overrides on the broker defaults).
     */
    public void startup(Function<String, LogConfig> topicConfigs) {
        List<ExecutorService> pools = new ArrayList<>();
        Map<File, List<Future<Log>>> loading = new HashMap<>();
        Map<File, Boolean> cleanShutdown = new HashMap<>();
        Map<File, Map<TopicPartition, Long>> cleanerOffsets = new HashMap<>();
        for (File logDir : config.logDirs()) {
            try {
                if (!logDir.isDirectory()) {
                    Files.createDirectories(logDir.toPath());
                }
                File marker = new File(logDir, LogFileUtils.CLEAN_SHUTDOWN_FILE);
                boolean clean = marker.exists();
                cleanShutdown.put(logDir, clean);
                Map<TopicPartition, Long> recoveryPoints = readCheckpoint(recoveryPointCheckpoint(logDir));
                Map<TopicPartition, Long> logStartOffsets = readCheckpoint(logStartOffsetCheckpoint(logDir));
                cleanerOffsets.put(logDir.getAbsoluteFile(), readCheckpoint(cleanerOffsetCheckpoint(logDir)));
                ExecutorService pool = Executors.newFixedThreadPool(config.recoveryThreadsPerDataDir(),
                        namedDaemonThreads("log-recovery-" + logDir.getName()));
                pools.add(pool);
                List<Future<Log>> futures = new ArrayList<>();
                File[] children = logDir.listFiles(File::isDirectory);
                if (children == null) {
                    throw new IOException("Could not list log directory " + logDir);
                }
                for (File partitionDir : children) {
                    if (partitionDir.getName().endsWith(LogFileUtils.DELETE_DIR_SUFFIX)) {
                        LogFileUtils.deleteRecursively(partitionDir);
                        continue;
                    }
                    TopicPartition tp;
                    try {
                        tp = LogFileUtils.parseTopicPartitionName(partitionDir);
                    } catch (IllegalArgumentException e) {
                        log.warn("Ignoring directory {}: not a partition directory", partitionDir);
                        continue;
                    }
                    long recoveryPoint = recoveryPoints.getOrDefault(tp, 0L);
                    long logStartOffset = logStartOffsets.getOrDefault(tp, 0L);
                    futures.add(pool.submit(() -> Log.open(partitionDir, topicConfigs.apply(tp.topic()), logStartOffset,
                            recoveryPoint, clean, limiter, failureChannel, scheduler, clock)));
                }
                loading.put(logDir, futures);
            } catch (IOException e) {
                failureChannel.maybeAddOfflineLogDir(logDir, "Could not open log directory " + logDir, e);
            }
        }
        long startNs = System.nanoTime();
        for (Map.Entry<File, List<Future<Log>>> entry : loading.entrySet()) {
            File logDir = entry.getKey();
            for (Future<Log> future : entry.getValue()) {
                try {
                    Log opened = future.get();
                    Log previous = logs.putIfAbsent(opened.topicPartition(), opened);
                    if (previous != null) {
                        opened.close();
                        throw new IllegalStateException("Partition " + opened.topicPartition() + " is in two log directories: "
                                + previous.dir() + " and " + opened.dir());
                    }
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    IOException io = cause instanceof IOException ? (IOException) cause
                            : cause instanceof java.io.UncheckedIOException ? ((java.io.UncheckedIOException) cause).getCause()
                            : new IOException(cause);
                    failureChannel.maybeAddOfflineLogDir(logDir, "Could not load a log of " + logDir, io);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("Interrupted while loading logs", e);
                }
            }
            if (!failureChannel.isOffline(logDir)) {
                try {
                    Files.deleteIfExists(new File(logDir, LogFileUtils.CLEAN_SHUTDOWN_FILE).toPath());
                } catch (IOException e) {
                    failureChannel.maybeAddOfflineLogDir(logDir, "Could not remove the clean shutdown marker", e);
                }
            }
        }
        pools.forEach(ExecutorService::shutdown);
        log.info("Loaded {} logs from {} in {} ms (clean shutdown: {})", logs.size(), config.logDirs(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNs), cleanShutdown);
        for (Log l : logs.values()) {
            Long firstDirty = cleanerOffsets.getOrDefault(l.parentDir().getAbsoluteFile(), Map.of()).get(l.topicPartition());
            if (firstDirty != null) {
                cleaner.restoreFirstDirtyOffset(l, firstDirty);
            }
        }
        schedule(this::runRetention, config.retentionCheckIntervalMs());
        schedule(this::runTimeFlushes, config.flushSchedulerIntervalMs());
        schedule(this::checkpointRecoveryPoints, config.recoveryPointCheckpointIntervalMs());
        schedule(this::checkpointLogStartOffsets, config.logStartOffsetCheckpointIntervalMs());
        cleaner.startup();
        started = true;
    }

    private void schedule(Runnable task, long intervalMs) {
        if (intervalMs == Long.MAX_VALUE) {
            return;
        }
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                log.error("Scheduled log task failed", e);
            }
        }, intervalMs, intervalMs, TimeUnit.MILLISECONDS);
    }

    private Map<TopicPartition, Long> readCheckpoint(OffsetCheckpointFile checkpoint) {
        try {
            return checkpoint.read();
        } catch (IOException e) {
            // A damaged checkpoint only costs recovery time: every log is then recovered from offset 0.
            log.warn("Ignoring unreadable checkpoint {}: {}", checkpoint.file(), e.getMessage());
            return Map.of();
        }
    }

    // ---------------------------------------------------------------- logs

    public Optional<Log> getLog(TopicPartition topicPartition) {
        return Optional.ofNullable(logs.get(topicPartition));
    }

    public Collection<Log> allLogs() {
        return new ArrayList<>(logs.values());
    }

    /**
     * The log of {@code topicPartition}, created in the online log directory holding the fewest
     * partitions if it does not exist yet. {@code topicId} (may be null) is written to
     * {@code partition.metadata}; an existing log with a different topic id is an error.
     */
    public Log getOrCreateLog(TopicPartition topicPartition, LogConfig logConfig, UUID topicId) {
        if (!topicPartition.isValid()) {
            throw new IllegalArgumentException("No log can exist for " + topicPartition);
        }
        Log existing = logs.get(topicPartition);
        if (existing == null) {
            synchronized (creationLock) {
                existing = logs.get(topicPartition);
                if (existing == null) {
                    existing = createLog(topicPartition, logConfig);
                    logs.put(topicPartition, existing);
                }
            }
        }
        if (topicId != null) {
            existing.assignTopicId(topicId);
        }
        return existing;
    }

    private Log createLog(TopicPartition topicPartition, LogConfig logConfig) {
        File logDir = chooseLogDir();
        File dir = new File(logDir, topicPartition.toString());
        try {
            return Log.open(dir, logConfig, 0L, 0L, true, limiter, failureChannel, scheduler, clock);
        } catch (IOException e) {
            throw failureChannel.maybeAddOfflineLogDir(logDir, "Could not create the log of " + topicPartition, e);
        }
    }

    private File chooseLogDir() {
        Map<File, Integer> counts = new HashMap<>();
        for (File dir : config.logDirs()) {
            if (!failureChannel.isOffline(dir)) {
                counts.put(dir.getAbsoluteFile(), 0);
            }
        }
        if (counts.isEmpty()) {
            throw new KafkaStorageException("No log directory is online: " + config.logDirs());
        }
        for (Log l : logs.values()) {
            counts.computeIfPresent(l.parentDir().getAbsoluteFile(), (dir, n) -> n + 1);
        }
        return counts.entrySet().stream().min(Map.Entry.comparingByValue()).orElseThrow().getKey();
    }

    /**
     * Removes the log of {@code topicPartition}: closes it, renames its directory to
     * {@code <topic>-<partition>.<random>-delete} at once (so a re-created partition starts empty),
     * and deletes the files after file.delete.delay.ms. Returns false if there was no such log.
     */
    public boolean deleteLog(TopicPartition topicPartition) {
        Log removed;
        synchronized (creationLock) {
            removed = logs.remove(topicPartition);
        }
        if (removed == null) {
            return false;
        }
        cleaner.abortAndWait(removed);
        checkpointCleanerOffsets(removed.parentDir());
        removed.close();
        File target = new File(removed.parentDir(), topicPartition + "." + UUID.randomUUID().toString().replace("-", "")
                + LogFileUtils.DELETE_DIR_SUFFIX);
        try {
            Files.move(removed.dir().toPath(), target.toPath());
        } catch (IOException e) {
            throw failureChannel.maybeAddOfflineLogDir(removed.parentDir(), "Could not rename " + removed.dir(), e);
        }
        Runnable delete = () -> {
            try {
                LogFileUtils.deleteRecursively(target);
            } catch (IOException e) {
                failureChannel.maybeAddOfflineLogDir(removed.parentDir(), "Could not delete " + target, e);
            }
        };
        try {
            scheduler.schedule(delete, removed.config().fileDeleteDelayMs(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            delete.run();
        }
        return true;
    }

    // ---------------------------------------------------------------- scheduled work

    /** One retention pass over every log; returns the number of segments deleted. */
    public int runRetention() {
        int deleted = 0;
        for (Log l : logs.values()) {
            if (failureChannel.isOffline(l.parentDir())) {
                continue;
            }
            try {
                deleted += l.deleteOldSegments();
                l.removeExpiredProducers();
            } catch (KafkaStorageException e) {
                log.warn("Retention of {} failed: {}", l.topicPartition(), e.getMessage());
            }
        }
        return deleted;
    }

    /** Flushes the logs whose flush.ms has passed. */
    public void runTimeFlushes() {
        for (Log l : logs.values()) {
            if (failureChannel.isOffline(l.parentDir())) {
                continue;
            }
            try {
                l.maybeFlushByTime();
            } catch (KafkaStorageException e) {
                log.warn("Flush of {} failed: {}", l.topicPartition(), e.getMessage());
            }
        }
    }

    /** Writes each online log directory's recovery-point-offset-checkpoint. */
    public void checkpointRecoveryPoints() {
        writeCheckpoints(this::recoveryPointCheckpoint, Log::recoveryPoint);
    }

    /** Writes each online log directory's log-start-offset-checkpoint. */
    public void checkpointLogStartOffsets() {
        writeCheckpoints(this::logStartOffsetCheckpoint, Log::logStartOffset);
    }

    private void writeCheckpoints(Function<File, OffsetCheckpointFile> file, Function<Log, Long> offset) {
        for (File logDir : config.logDirs()) {
            if (failureChannel.isOffline(logDir)) {
                continue;
            }
            Map<TopicPartition, Long> offsets = new HashMap<>();
            for (Log l : logs.values()) {
                if (l.parentDir().getAbsoluteFile().equals(logDir.getAbsoluteFile())) {
                    offsets.put(l.topicPartition(), offset.apply(l));
                }
            }
            OffsetCheckpointFile checkpoint = file.apply(logDir);
            try {
                checkpoint.write(offsets);
            } catch (IOException e) {
                failureChannel.maybeAddOfflineLogDir(logDir, "Could not write " + checkpoint.file(), e);
            }
        }
    }

    /**
     * Writes the cleaner-offset-checkpoint of {@code logDir}: the first dirty offset of each of its
     * logs the cleaner has cleaned (or restored). Called by the cleaner after a cleaning and when a
     * log is deleted (dropping its line).
     */
    public void checkpointCleanerOffsets(File logDir) {
        if (failureChannel.isOffline(logDir)) {
            return;
        }
        synchronized (cleanerCheckpointLock) {
            OffsetCheckpointFile checkpoint = cleanerOffsetCheckpoint(logDir);
            try {
                checkpoint.write(cleaner.checkpointOffsets(logDir));
            } catch (IOException e) {
                failureChannel.maybeAddOfflineLogDir(logDir, "Could not write " + checkpoint.file(), e);
            }
        }
    }

    private OffsetCheckpointFile cleanerOffsetCheckpoint(File logDir) {
        return new OffsetCheckpointFile(new File(logDir, LogFileUtils.CLEANER_OFFSET_CHECKPOINT_FILE));
    }

    private OffsetCheckpointFile recoveryPointCheckpoint(File logDir) {
        return new OffsetCheckpointFile(new File(logDir, LogFileUtils.RECOVERY_POINT_CHECKPOINT_FILE));
    }

    private OffsetCheckpointFile logStartOffsetCheckpoint(File logDir) {
        return new OffsetCheckpointFile(new File(logDir, LogFileUtils.LOG_START_OFFSET_CHECKPOINT_FILE));
    }

    // ---------------------------------------------------------------- shutdown

    /**
     * Clean shutdown: stops the scheduled tasks, flushes and closes every log, writes both
     * checkpoints and then the clean shutdown marker of every online log directory.
     */
    @Override
    public void close() {
        cleaner.close();
        scheduler.shutdown();
        try {
            scheduler.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Log l : logs.values()) {
            if (failureChannel.isOffline(l.parentDir())) {
                l.close();
                continue;
            }
            try {
                l.flush();
            } catch (KafkaStorageException e) {
                log.warn("Could not flush {} at shutdown: {}", l.topicPartition(), e.getMessage());
            }
            l.close();
        }
        checkpointRecoveryPoints();
        checkpointLogStartOffsets();
        config.logDirs().forEach(this::checkpointCleanerOffsets);
        for (File logDir : config.logDirs()) {
            if (failureChannel.isOffline(logDir) || !logDir.isDirectory()) {
                continue;
            }
            try {
                LogFileUtils.writeAtomically(new File(logDir, LogFileUtils.CLEAN_SHUTDOWN_FILE), new byte[0]);
            } catch (IOException e) {
                failureChannel.maybeAddOfflineLogDir(logDir, "Could not write the clean shutdown marker", e);
            }
        }
        logs.clear();
        started = false;
        log.info("Log manager shut down cleanly");
    }

    /** Stops without flushing, checkpointing or marking a clean shutdown: what a crash leaves (for tests). */
    void closeWithoutCleanShutdown() {
        cleaner.close();
        scheduler.shutdownNow();
        for (Log l : logs.values()) {
            l.close();
        }
        logs.clear();
        started = false;
    }

    /** The compaction threads (log.cleaner.*). */
    public LogCleaner cleaner() {
        return cleaner;
    }

    public boolean isStarted() {
        return started;
    }

    private static ThreadFactory namedDaemonThreads(String prefix) {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
