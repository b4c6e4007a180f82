package io.sluice.server.log;

import java.util.Map;

/**
 * Broker settings of the {@link LogCleaner} (topic-level settings are in {@link LogConfig}):
 *
 * <pre>
 * log.cleaner.enable (true)                       run the cleaner for logs with cleanup.policy compact
 * log.cleaner.threads (1)                         cleaner threads
 * log.cleaner.dedupe.buffer.size (134217728)      offset map memory shared by all threads; a thread allocates
 *                                                 only what its largest dirty section can need
 * log.cleaner.backoff.ms (15000)                  sleep when no log needs cleaning
 * </pre>
 */
public record CleanerConfig(boolean enabled, int threads, long dedupeBufferSize, long backoffMs) {

    public CleanerConfig {
        if (threads < 1) {
            throw new IllegalArgumentException("log.cleaner.threads must be at least 1");
        }
        if (dedupeBufferSize < 1024) {
            throw new IllegalArgumentException("log.cleaner.dedupe.buffer.size must be at least 1024");
        }
        if (backoffMs < 1) {
            throw new IllegalArgumentException("log.cleaner.backoff.ms must be at least 1");
        }
    }

    public static CleanerConfig defaults() {
        return fromProperties(Map.of());
    }

    public static CleanerConfig fromProperties(Map<?, ?> properties) {
        return new CleanerConfig(
                Boolean.parseBoolean(value(properties, "log.cleaner.enable", "true")),
                Integer.parseInt(value(properties, "log.cleaner.threads", "1")),
                Long.parseLong(value(properties, "log.cleaner.dedupe.buffer.size", Long.toString(128L * 1024 * 1024))),
                Long.parseLong(value(properties, "log.cleaner.backoff.ms", "15000")));
    }

    /** Each thread's share of the dedupe buffer, at most what one array can hold. */
    public int bufferPerThread() {
        return (int) Math.min(Integer.MAX_VALUE - 64, dedupeBufferSize / threads);
    }

    private static String value(Map<?, ?> properties, String key, String fallback) {
        Object raw = properties.get(key);
        return raw == null || String.valueOf(raw).isBlank() ? fallback : String.valueOf(raw).trim();
    }
}
