package io.sluice.server.log;

import java.io.File;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/** Opens logs in a temporary directory with a hand-moved clock. */
final class LogTestSupport implements AutoCloseable {

    final File logDir;
    final MutableClock clock = new MutableClock(1_000_000);
    final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    final LogDirFailureChannel failureChannel = new LogDirFailureChannel();
    final OpenSegmentLimiter limiter;

    LogTestSupport(File logDir) {
        this(logDir, Integer.MAX_VALUE);
    }

    LogTestSupport(File logDir, int maxOpenSegments) {
        this.logDir = logDir;
        this.limiter = new OpenSegmentLimiter(maxOpenSegments);
    }

    static LogConfig config(Map<String, ?> topicOverrides) {
        return LogConfig.fromProperties(Map.of(), topicOverrides);
    }

    File partitionDir() {
        return new File(logDir, "topic-0");
    }

    Log open(LogConfig config) throws Exception {
        return open(config, 0, 0, true);
    }

    Log open(LogConfig config, long logStartOffset, long recoveryPoint, boolean clean) throws Exception {
        return Log.open(partitionDir(), config, logStartOffset, recoveryPoint, clean, limiter, failureChannel, scheduler, clock);
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
