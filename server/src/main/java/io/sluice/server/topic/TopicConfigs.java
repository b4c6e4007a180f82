package io.sluice.server.topic;

import io.sluice.server.log.LogConfig;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The topic-level config keys this broker knows (those {@link LogConfig} applies, plus the throttled
 * replica lists of {@link LogConfig#NON_LOG_TOPIC_KEYS}), with their broker-level synonyms, types and
 * documentation: what CreateTopics validates, DescribeConfigs lists and AlterConfigs accepts.
 *
 * <p>The effective value of a key is taken from the {@link LogConfig} built from the broker's
 * properties and the topic's overrides, so a broker key given in other units (log.retention.hours)
 * shows as the topic key's unit (retention.ms). Stateless.
 */
public final class TopicConfigs {

    /**
     * One topic key. {@code brokerKeys} are its server.properties synonyms, highest precedence first;
     * {@code effectiveValue} is null for the keys the log does not use, whose default is empty.
     */
    public record Key(String name, ConfigType type, List<String> brokerKeys, String documentation,
            Function<LogConfig, String> effectiveValue) {
    }

    private static final Map<String, Key> KEYS = new LinkedHashMap<>();

    static {
        add(LogConfig.CLEANUP_POLICY, ConfigType.LIST, List.of("log.cleanup.policy"),
                "A list of \"delete\" and/or \"compact\": whether old segments are deleted or compacted.",
                c -> String.join(",", c.cleanupPolicy()));
        add(LogConfig.FILE_DELETE_DELAY_MS, ConfigType.LONG, List.of("log.segment.delete.delay.ms"),
                "How long a removed segment's files stay on disk before they are deleted.",
                c -> Long.toString(c.fileDeleteDelayMs()));
        add(LogConfig.FLUSH_MESSAGES, ConfigType.LONG, List.of("log.flush.interval.messages"),
                "Messages appended before the log is forced to disk.", c -> Long.toString(c.flushMessages()));
        add(LogConfig.FLUSH_MS, ConfigType.LONG, List.of("log.flush.interval.ms", "log.flush.scheduler.interval.ms"),
                "Time after which the log is forced to disk.", c -> Long.toString(c.flushMs()));
        add(LogConfig.INDEX_INTERVAL_BYTES, ConfigType.INT, List.of("log.index.interval.bytes"),
                "Bytes of messages between two offset index entries.", c -> Integer.toString(c.indexIntervalBytes()));
        add(LogConfig.MAX_MESSAGE_BYTES, ConfigType.INT, List.of("message.max.bytes"),
                "Largest record batch the topic accepts.", c -> Integer.toString(c.maxMessageBytes()));
        add(LogConfig.MESSAGE_TIMESTAMP_TYPE, ConfigType.STRING, List.of("log.message.timestamp.type"),
                "CreateTime or LogAppendTime: which timestamp the records keep.",
                c -> c.messageTimestampType().name);
        add(LogConfig.MIN_IN_SYNC_REPLICAS, ConfigType.INT, List.of("min.insync.replicas"),
                "Replicas that must acknowledge an acks=all write.", c -> Integer.toString(c.minInSyncReplicas()));
        add(LogConfig.RETENTION_BYTES, ConfigType.LONG, List.of("log.retention.bytes"),
                "Largest size of a partition before old segments are deleted; -1 for no limit.",
                c -> Long.toString(c.retentionBytes()));
        add(LogConfig.RETENTION_MS, ConfigType.LONG,
                List.of("log.retention.ms", "log.retention.minutes", "log.retention.hours"),
                "How long segments are kept before they are deleted; -1 for no limit.",
                c -> Long.toString(c.retentionMs()));
        add(LogConfig.SEGMENT_BYTES, ConfigType.INT, List.of("log.segment.bytes"),
                "Size at which a segment is rolled.", c -> Integer.toString(c.segmentBytes()));
        add(LogConfig.SEGMENT_INDEX_BYTES, ConfigType.INT, List.of("log.index.size.max.bytes"),
                "Size of a segment's offset and time indexes.", c -> Integer.toString(c.segmentIndexBytes()));
        add(LogConfig.SEGMENT_MS, ConfigType.LONG, List.of("log.roll.ms", "log.roll.hours"),
                "Time after which a segment is rolled even if not full.", c -> Long.toString(c.segmentMs()));
        add(LogConfig.UNCLEAN_LEADER_ELECTION_ENABLE, ConfigType.BOOLEAN, List.of("unclean.leader.election.enable"),
                "Whether a replica outside the ISR may become leader, at the price of lost records.",
                c -> Boolean.toString(c.uncleanLeaderElectionEnable()));
        add(LogConfig.DELETE_RETENTION_MS, ConfigType.LONG, List.of("log.cleaner.delete.retention.ms"),
                "How long compaction keeps a tombstone after the cleaning that first reaches it.",
                c -> Long.toString(c.deleteRetentionMs()));
        add(LogConfig.MIN_CLEANABLE_DIRTY_RATIO, ConfigType.DOUBLE, List.of("log.cleaner.min.cleanable.ratio"),
                "Share of a compacted log that must be uncleaned before the cleaner takes it.",
                c -> Double.toString(c.minCleanableDirtyRatio()));
        add(LogConfig.MIN_COMPACTION_LAG_MS, ConfigType.LONG, List.of("log.cleaner.min.compaction.lag.ms"),
                "Minimum age of a record before compaction may remove it.",
                c -> Long.toString(c.minCompactionLagMs()));
        add(LogConfig.MAX_COMPACTION_LAG_MS, ConfigType.LONG, List.of("log.cleaner.max.compaction.lag.ms"),
                "Maximum time a record stays uncompacted: older dirty records make the log cleanable whatever its dirty ratio.",
                c -> Long.toString(c.maxCompactionLagMs()));
        add(LogConfig.LEADER_REPLICATION_THROTTLED_REPLICAS, ConfigType.LIST, List.of(),
                "Replicas whose replication the leader throttles: partition:broker pairs, or * for all.", null);
        add(LogConfig.FOLLOWER_REPLICATION_THROTTLED_REPLICAS, ConfigType.LIST, List.of(),
                "Replicas whose replication followers throttle: partition:broker pairs, or * for all.", null);
        java.util.Set<String> expected = new java.util.HashSet<>(LogConfig.TOPIC_KEYS);
        expected.addAll(LogConfig.NON_LOG_TOPIC_KEYS);
        if (!KEYS.keySet().equals(expected)) {
            throw new IllegalStateException("Topic config table out of step with LogConfig: " + KEYS.keySet());
        }
    }

    private static void add(String name, ConfigType type, List<String> brokerKeys, String doc,
                            Function<LogConfig, String> value) {
        KEYS.put(name, new Key(name, type, brokerKeys, doc, value));
    }

    private TopicConfigs() {
    }

    public static Collection<Key> keys() {
        return KEYS.values();
    }

    public static Key key(String name) {
        return KEYS.get(name);
    }

    /**
     * Checks a topic's complete override map: every key known, every value valid.
     *
     * @return the log config those overrides give
     * @throws AdminRequestException.InvalidConfig naming the bad key
     */
    public static LogConfig validate(Map<String, String> brokerProperties, Map<String, String> overrides) {
        for (Map.Entry<String, String> e : overrides.entrySet()) {
            if (!KEYS.containsKey(e.getKey())) {
                throw new AdminRequestException.InvalidConfig("Unknown topic config name: " + e.getKey());
            }
            if (e.getValue() == null) {
                throw new AdminRequestException.InvalidConfig("Null value not supported for topic config "
                        + e.getKey());
            }
        }
        for (String key : LogConfig.NON_LOG_TOPIC_KEYS) {
            String value = overrides.get(key);
            if (value != null && !isThrottledReplicaList(value)) {
                throw new AdminRequestException.InvalidConfig("Invalid value '" + value + "' for " + key
                        + ": expected * or a list of partition:broker pairs");
            }
        }
        try {
            return LogConfig.fromProperties(brokerProperties, overrides);
        } catch (IllegalArgumentException e) {
            throw new AdminRequestException.InvalidConfig(e.getMessage());
        }
    }

    /** {@code *}, empty, or {@code partition:broker} pairs separated by commas. */
    static boolean isThrottledReplicaList(String value) {
        String trimmed = value.trim();
        if (trimmed.isEmpty() || trimmed.equals("*")) {
            return true;
        }
        for (String pair : trimmed.split(",")) {
            if (!pair.trim().matches("\\d+:\\d+")) {
                return false;
            }
        }
        return true;
    }

    /**
     * Describes every key (or the {@code only} ones, when not null) of a topic with these overrides.
     * Overrides that are not valid any more (written by an older version) fall back to broker values.
     */
    public static List<ConfigEntry> describe(Map<String, String> brokerProperties, Map<String, String> overrides,
                                             Collection<String> only, boolean includeDocumentation) {
        LogConfig effective;
        Map<String, String> known = new LinkedHashMap<>(overrides);
        known.keySet().retainAll(KEYS.keySet());
        try {
            effective = LogConfig.fromProperties(brokerProperties, known);
        } catch (IllegalArgumentException e) {
            known = Map.of();
            effective = LogConfig.fromProperties(brokerProperties, Map.of());
        }
        LogConfig defaults = LogConfig.defaults();
        List<ConfigEntry> entries = new ArrayList<>();
        for (Key key : KEYS.values()) {
            if (only != null && !only.contains(key.name())) {
                continue;
            }
            List<ConfigEntry.Synonym> synonyms = new ArrayList<>();
            if (known.containsKey(key.name())) {
                synonyms.add(new ConfigEntry.Synonym(key.name(), known.get(key.name()),
                        ConfigSource.DYNAMIC_TOPIC_CONFIG));
            }
            if (key.effectiveValue() == null) {
                String value = known.getOrDefault(key.name(), "");
                ConfigSource source = known.containsKey(key.name()) ? ConfigSource.DYNAMIC_TOPIC_CONFIG
                        : ConfigSource.DEFAULT_CONFIG;
                entries.add(new ConfigEntry(key.name(), value, source, false, false, key.type(),
                        includeDocumentation ? key.documentation() : null,
                        List.of(new ConfigEntry.Synonym(key.name(), value, source))));
                continue;
            }
            for (String brokerKey : key.brokerKeys()) {
                String value = brokerProperties.get(brokerKey);
                if (value != null && !value.isBlank()) {
                    synonyms.add(new ConfigEntry.Synonym(brokerKey, value.trim(), ConfigSource.STATIC_BROKER_CONFIG));
                }
            }
            synonyms.add(new ConfigEntry.Synonym(key.brokerKeys().get(0), key.effectiveValue().apply(defaults),
                    ConfigSource.DEFAULT_CONFIG));
            entries.add(new ConfigEntry(key.name(), key.effectiveValue().apply(effective), synonyms.get(0).source(),
                    false, false, key.type(), includeDocumentation ? key.documentation() : null, synonyms));
        }
        return entries;
    }
}
