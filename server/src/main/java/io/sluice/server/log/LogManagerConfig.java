package io.sluice.server.log;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The broker-level settings of the {@link LogManager}, under Kafka's broker property names:
 *
 * <pre>
 * log.dirs (else log.dir, default /tmp/kafka-logs)   comma-separated data directories
 * log.retention.check.interval.ms (300000)           how often retention runs
 * log.flush.scheduler.interval.ms (Long.MAX_VALUE)   how often flush.ms is checked
 * log.flush.offset.checkpoint.interval.ms (60000)    how often recovery points are checkpointed
 * log.flush.start.offset.checkpoint.interval.ms (60000)  how often log start offsets are checkpointed
 * num.recovery.threads.per.data.dir (1)              threads that open logs at startup, per directory
 * log.max.open.segment.files (2000)                  Sluice's bound on segments holding a descriptor or mappings
 * </pre>
 */
public record LogManagerConfig(List<File> logDirs, long retentionCheckIntervalMs, long flushSchedulerIntervalMs,
                               long recoveryPointCheckpointIntervalMs, long logStartOffsetCheckpointIntervalMs,
                               int recoveryThreadsPerDataDir, int maxOpenSegmentFiles) {

    public static final String LOG_DIRS = "log.dirs";
    public static final String LOG_DIR = "log.dir";
    public static final String MAX_OPEN_SEGMENT_FILES = "log.max.open.segment.files";

    public LogManagerConfig {
        logDirs = List.copyOf(logDirs);
        if (logDirs.isEmpty()) {
            throw new IllegalArgumentException("log.dirs must name at least one directory");
        }
        positive("log.retention.check.interval.ms", retentionCheckIntervalMs);
        positive("log.flush.scheduler.interval.ms", flushSchedulerIntervalMs);
        positive("log.flush.offset.checkpoint.interval.ms", recoveryPointCheckpointIntervalMs);
        positive("log.flush.start.offset.checkpoint.interval.ms", logStartOffsetCheckpointIntervalMs);
        positive("num.recovery.threads.per.data.dir", recoveryThreadsPerDataDir);
        positive(MAX_OPEN_SEGMENT_FILES, maxOpenSegmentFiles);
    }

    private static void positive(String key, long value) {
        if (value < 1) {
            throw new IllegalArgumentException("Invalid value " + value + " for " + key + ": must be at least 1");
        }
    }

    public static LogManagerConfig fromProperties(Map<?, ?> properties) {
        Object dirs = properties.get(LOG_DIRS);
        if (dirs == null || String.valueOf(dirs).isBlank()) {
            dirs = properties.get(LOG_DIR);
        }
        if (dirs == null || String.valueOf(dirs).isBlank()) {
            dirs = "/tmp/kafka-logs";
        }
        List<File> logDirs = new ArrayList<>();
        for (String dir : String.valueOf(dirs).split(",")) {
            if (!dir.isBlank()) {
                logDirs.add(new File(dir.trim()));
            }
        }
        return new LogManagerConfig(logDirs,
                longValue(properties, "log.retention.check.interval.ms", 300_000L),
                longValue(properties, "log.flush.scheduler.interval.ms", Long.MAX_VALUE),
                longValue(properties, "log.flush.offset.checkpoint.interval.ms", 60_000L),
                longValue(properties, "log.flush.start.offset.checkpoint.interval.ms", 60_000L),
                (int) longValue(properties, "num.recovery.threads.per.data.dir", 1),
                (int) longValue(properties, MAX_OPEN_SEGMENT_FILES, 2000));
    }

    private static long longValue(Map<?, ?> properties, String key, long fallback) {
        Object raw = properties.get(key);
        if (raw == null || String.valueOf(raw).isBlank()) {
            return fallback;
        }
        try {
            long value = Long.parseLong(String.valueOf(raw).trim());
            if (value > Integer.MAX_VALUE && (key.startsWith("num.") || key.equals(MAX_OPEN_SEGMENT_FILES))) {
                throw new IllegalArgumentException("Invalid value " + raw + " for " + key + ": out of int range");
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Invalid value '" + raw + "' for " + key + ": not a number", e);
        }
    }
}
