package io.sluice.server.log;

import io.sluice.record.TimestampType;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The per-topic log settings, under their Kafka topic-level names, with defaults taken from the
 * broker's properties under Kafka's broker-level names. Build one with
 * {@link #fromProperties(Map, Map)}; every value is checked and a bad one names its key.
 *
 * <pre>
 * topic key               broker key (default)
 * segment.bytes           log.segment.bytes (1 GiB)
 * segment.ms              log.roll.ms, else log.roll.hours (168 h)
 * segment.index.bytes     log.index.size.max.bytes (10 MiB)
 * index.interval.bytes    log.index.interval.bytes (4096)
 * max.message.bytes       message.max.bytes (1048588)
 * message.timestamp.type  log.message.timestamp.type (CreateTime)
 * retention.ms            log.retention.ms, else .minutes, else .hours (168 h); -1 = forever
 * retention.bytes         log.retention.bytes (-1 = unlimited)
 * flush.messages          log.flush.interval.messages (Long.MAX_VALUE: leave it to the page cache)
 * flush.ms                log.flush.interval.ms, else log.flush.scheduler.interval.ms (Long.MAX_VALUE)
 * file.delete.delay.ms    log.segment.delete.delay.ms (60000)
 * cleanup.policy          log.cleanup.policy (delete)
 * min.insync.replicas     min.insync.replicas (1)
 * unclean.leader.election.enable  unclean.leader.election.enable (false)
 * delete.retention.ms     log.cleaner.delete.retention.ms (86400000): how long compaction keeps tombstones
 * min.cleanable.dirty.ratio  log.cleaner.min.cleanable.ratio (0.5)
 * min.compaction.lag.ms   log.cleaner.min.compaction.lag.ms (0)
 * max.compaction.lag.ms   log.cleaner.max.compaction.lag.ms (Long.MAX_VALUE): a compacted log whose oldest
 *                         dirty record is older becomes cleanable whatever its dirty ratio, and its active
 *                         segment rolls at that age ({@link #maxSegmentMs()})
 * </pre>
 */
public record LogConfig(
        int segmentBytes,
        long segmentMs,
        int segmentIndexBytes,
        int indexIntervalBytes,
        int maxMessageBytes,
        TimestampType messageTimestampType,
        long retentionMs,
        long retentionBytes,
        long flushMessages,
        long flushMs,
        long fileDeleteDelayMs,
        Set<String> cleanupPolicy,
        int minInSyncReplicas,
        boolean uncleanLeaderElectionEnable,
        long deleteRetentionMs,
        double minCleanableDirtyRatio,
        long minCompactionLagMs,
        long maxCompactionLagMs) {

    public static final String SEGMENT_BYTES = "segment.bytes";
    public static final String SEGMENT_MS = "segment.ms";
    public static final String SEGMENT_INDEX_BYTES = "segment.index.bytes";
    public static final String INDEX_INTERVAL_BYTES = "index.interval.bytes";
    public static final String MAX_MESSAGE_BYTES = "max.message.bytes";
    public static final String MESSAGE_TIMESTAMP_TYPE = "message.timestamp.type";
    public static final String RETENTION_MS = "retention.ms";
    public static final String RETENTION_BYTES = "retention.bytes";
    public static final String FLUSH_MESSAGES = "flush.messages";
    public static final String FLUSH_MS = "flush.ms";
    public static final String FILE_DELETE_DELAY_MS = "file.delete.delay.ms";
    public static final String CLEANUP_POLICY = "cleanup.policy";
    public static final String MIN_IN_SYNC_REPLICAS = "min.insync.replicas";
    public static final String UNCLEAN_LEADER_ELECTION_ENABLE = "unclean.leader.election.enable";
    public static final String DELETE_RETENTION_MS = "delete.retention.ms";
    public static final String MIN_CLEANABLE_DIRTY_RATIO = "min.cleanable.dirty.ratio";
    public static final String MIN_COMPACTION_LAG_MS = "min.compaction.lag.ms";
    public static final String MAX_COMPACTION_LAG_MS = "max.compaction.lag.ms";

    /**
     * Topic keys that belong to replication, not to the log (kafka-reassign-partitions' throttled
     * replica lists): they may be stored with a topic's overrides, and log configs ignore them.
     */
    public static final String LEADER_REPLICATION_THROTTLED_REPLICAS = "leader.replication.throttled.replicas";
    public static final String FOLLOWER_REPLICATION_THROTTLED_REPLICAS = "follower.replication.throttled.replicas";
    public static final Set<String> NON_LOG_TOPIC_KEYS = Set.of(LEADER_REPLICATION_THROTTLED_REPLICAS,
            FOLLOWER_REPLICATION_THROTTLED_REPLICAS);

    public static final String CLEANUP_POLICY_DELETE = "delete";
    public static final String CLEANUP_POLICY_COMPACT = "compact";

    public static final Set<String> TOPIC_KEYS = Set.of(SEGMENT_BYTES, SEGMENT_MS, SEGMENT_INDEX_BYTES, INDEX_INTERVAL_BYTES,
            MAX_MESSAGE_BYTES, MESSAGE_TIMESTAMP_TYPE, RETENTION_MS, RETENTION_BYTES, FLUSH_MESSAGES, FLUSH_MS,
            FILE_DELETE_DELAY_MS, CLEANUP_POLICY, MIN_IN_SYNC_REPLICAS, UNCLEAN_LEADER_ELECTION_ENABLE,
            DELETE_RETENTION_MS, MIN_CLEANABLE_DIRTY_RATIO, MIN_COMPACTION_LAG_MS, MAX_COMPACTION_LAG_MS);

    private static final long HOUR_MS = 60L * 60 * 1000;

    public LogConfig {
        cleanupPolicy = Collections.unmodifiableSet(new LinkedHashSet<>(cleanupPolicy));
    }

    /** All defaults: what a broker with an empty server.properties uses. */
    public static LogConfig defaults() {
        return fromProperties(Map.of(), Map.of());
    }

    /**
     * Topic settings: a key of {@code topicOverrides} wins; otherwise the broker key of
     * {@code brokerProperties}; otherwise Kafka's default. Unknown topic keys are refused (those of
     * {@link #NON_LOG_TOPIC_KEYS} are skipped); broker properties may hold anything else (they are the
     * whole server.properties).
     */
    public static LogConfig fromProperties(Map<?, ?> brokerProperties, Map<?, ?> topicOverrides) {
        for (Object key : topicOverrides.keySet()) {
            if (!TOPIC_KEYS.contains(String.valueOf(key)) && !NON_LOG_TOPIC_KEYS.contains(String.valueOf(key))) {
                throw new IllegalArgumentException("Unknown topic config '" + key + "'");
            }
        }
        Props broker = new Props(brokerProperties);
        Props topic = new Props(topicOverrides);

        long brokerRollMs = broker.has("log.roll.ms") ? broker.longValue("log.roll.ms")
                : broker.longOr("log.roll.hours", 168) * HOUR_MS;
        long brokerRetentionMs;
        if (broker.has("log.retention.ms")) {
            brokerRetentionMs = broker.longValue("log.retention.ms");
        } else if (broker.has("log.retention.minutes")) {
            brokerRetentionMs = broker.longValue("log.retention.minutes") * 60_000L;
        } else {
            brokerRetentionMs = broker.longOr("log.retention.hours", 168) * HOUR_MS;
        }
        long brokerFlushMs = broker.has("log.flush.interval.ms") ? broker.longValue("log.flush.interval.ms")
                : broker.longOr("log.flush.scheduler.interval.ms", Long.MAX_VALUE);

        int segmentBytes = atLeast(SEGMENT_BYTES, topic.intOr(SEGMENT_BYTES, broker.intOr("log.segment.bytes", 1 << 30)), 14);
        long segmentMs = atLeast(SEGMENT_MS, topic.longOr(SEGMENT_MS, brokerRollMs), 1);
        int segmentIndexBytes = atLeast(SEGMENT_INDEX_BYTES,
                topic.intOr(SEGMENT_INDEX_BYTES, broker.intOr("log.index.size.max.bytes", 10 * 1024 * 1024)), 2 * TimeIndex.ENTRY_SIZE);
        int indexIntervalBytes = atLeast(INDEX_INTERVAL_BYTES,
                topic.intOr(INDEX_INTERVAL_BYTES, broker.intOr("log.index.interval.bytes", 4096)), 0);
        int maxMessageBytes = atLeast(MAX_MESSAGE_BYTES, topic.intOr(MAX_MESSAGE_BYTES, broker.intOr("message.max.bytes", 1048588)), 0);
        String timestampType = topic.stringOr(MESSAGE_TIMESTAMP_TYPE, broker.stringOr("log.message.timestamp.type", "CreateTime"));
        TimestampType type;
        try {
            type = TimestampType.forConfig(timestampType);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Invalid value '" + timestampType + "' for " + MESSAGE_TIMESTAMP_TYPE
                    + ": expected CreateTime or LogAppendTime", e);
        }
        long retentionMs = atLeast(RETENTION_MS, topic.longOr(RETENTION_MS, brokerRetentionMs), -1);
        long retentionBytes = atLeast(RETENTION_BYTES, topic.longOr(RETENTION_BYTES, broker.longOr("log.retention.bytes", -1)), -1);
        long flushMessages = atLeast(FLUSH_MESSAGES,
                topic.longOr(FLUSH_MESSAGES, broker.longOr("log.flush.interval.messages", Long.MAX_VALUE)), 1);
        long flushMs = atLeast(FLUSH_MS, topic.longOr(FLUSH_MS, brokerFlushMs), 0);
        long fileDeleteDelayMs = atLeast(FILE_DELETE_DELAY_MS,
                topic.longOr(FILE_DELETE_DELAY_MS, broker.longOr("log.segment.delete.delay.ms", 60_000)), 0);
        Set<String> cleanupPolicy = parsePolicy(topic.stringOr(CLEANUP_POLICY, broker.stringOr("log.cleanup.policy", "delete")));
        int minIsr = atLeast(MIN_IN_SYNC_REPLICAS, topic.intOr(MIN_IN_SYNC_REPLICAS, broker.intOr("min.insync.replicas", 1)), 1);
        boolean unclean = topic.booleanOr(UNCLEAN_LEADER_ELECTION_ENABLE,
                broker.booleanOr("unclean.leader.election.enable", false));
        long deleteRetentionMs = atLeast(DELETE_RETENTION_MS,
                topic.longOr(DELETE_RETENTION_MS, broker.longOr("log.cleaner.delete.retention.ms", 86_400_000L)), 0);
        String ratioText = topic.stringOr(MIN_CLEANABLE_DIRTY_RATIO, broker.stringOr("log.cleaner.min.cleanable.ratio", "0.5"));
        double minCleanableDirtyRatio;
        try {
            minCleanableDirtyRatio = Double.parseDouble(ratioText.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Invalid value '" + ratioText + "' for " + MIN_CLEANABLE_DIRTY_RATIO, e);
        }
        if (!(minCleanableDirtyRatio >= 0 && minCleanableDirtyRatio <= 1)) {
            throw new IllegalArgumentException("Invalid value '" + ratioText + "' for " + MIN_CLEANABLE_DIRTY_RATIO
                    + ": expected a number in [0, 1]");
        }
        long minCompactionLagMs = atLeast(MIN_COMPACTION_LAG_MS,
                topic.longOr(MIN_COMPACTION_LAG_MS, broker.longOr("log.cleaner.min.compaction.lag.ms", 0)), 0);
        long maxCompactionLagMs = atLeast(MAX_COMPACTION_LAG_MS,
                topic.longOr(MAX_COMPACTION_LAG_MS, broker.longOr("log.cleaner.max.compaction.lag.ms", Long.MAX_VALUE)), 1);
        if (minCompactionLagMs > maxCompactionLagMs) {
            throw new IllegalArgumentException("Invalid value " + minCompactionLagMs + " for " + MIN_COMPACTION_LAG_MS
                    + ": must not be greater than " + MAX_COMPACTION_LAG_MS + " (" + maxCompactionLagMs + ")");
        }
        return new LogConfig(segmentBytes, segmentMs, segmentIndexBytes, indexIntervalBytes, maxMessageBytes, type,
                retentionMs, retentionBytes, flushMessages, flushMs, fileDeleteDelayMs, cleanupPolicy, minIsr, unclean,
                deleteRetentionMs, minCleanableDirtyRatio, minCompactionLagMs, maxCompactionLagMs);
    }

    public boolean compactEnabled() {
        return cleanupPolicy.contains(CLEANUP_POLICY_COMPACT);
    }

    /**
     * The age at which the active segment rolls: segment.ms, or max.compaction.lag.ms when that is
     * smaller and the log is compacted, since the cleaner never touches the active segment and its
     * records could otherwise stay dirty past the promised lag (as in Kafka).
     */
    public long maxSegmentMs() {
        return compactEnabled() ? Math.min(segmentMs, maxCompactionLagMs) : segmentMs;
    }

    public boolean deleteEnabled() {
        return cleanupPolicy.contains(CLEANUP_POLICY_DELETE);
    }

    private static Set<String> parsePolicy(String value) {
        Set<String> policy = new LinkedHashSet<>();
        for (String part : value.split(",")) {
            String p = part.trim().toLowerCase(java.util.Locale.ROOT);
            if (!p.equals(CLEANUP_POLICY_DELETE) && !p.equals(CLEANUP_POLICY_COMPACT)) {
                throw new IllegalArgumentException("Invalid value '" + value + "' for " + CLEANUP_POLICY
                        + ": expected a list of delete, compact");
            }
            policy.add(p);
        }
        return policy;
    }

    private static int atLeast(String key, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException("Invalid value " + value + " for " + key + ": must be at least " + min);
        }
        return value;
    }

    private static long atLeast(String key, long value, long min) {
        if (value < min) {
            throw new IllegalArgumentException("Invalid value " + value + " for " + key + ": must be at least " + min);
        }
        return value;
    }

    /** Typed reads of a string map whose errors name the key. */
    private record Props(Map<?, ?> values) {
        boolean has(String key) {
            Object v = values.get(key);
            return v != null && !String.valueOf(v).isBlank();
        }

        String stringOr(String key, String fallback) {
            return has(key) ? String.valueOf(values.get(key)).trim() : fallback;
        }

        long longValue(String key) {
            String raw = String.valueOf(values.get(key)).trim();
            try {
                return Long.parseLong(raw);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("Invalid value '" + raw + "' for " + key + ": not a number", e);
            }
        }

        long longOr(String key, long fallback) {
            return has(key) ? longValue(key) : fallback;
        }

        int intOr(String key, int fallback) {
            if (!has(key)) {
                return fallback;
            }
            long value = longValue(key);
            if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("Invalid value " + value + " for " + key + ": out of int range");
            }
            return (int) value;
        }

        boolean booleanOr(String key, boolean fallback) {
            if (!has(key)) {
                return fallback;
            }
            String raw = String.valueOf(values.get(key)).trim();
            if (raw.equalsIgnoreCase("true")) {
                return true;
            }
            if (raw.equalsIgnoreCase("false")) {
                return false;
            }
            throw new IllegalArgumentException("Invalid value '" + raw + "' for " + key + ": expected true or false");
        }
    }
}
