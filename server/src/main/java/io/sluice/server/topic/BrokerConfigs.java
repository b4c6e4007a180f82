package io.sluice.server.topic;

import io.sluice.server.log.LogConfig;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Broker configs as DescribeConfigs reports them and AlterConfigs changes them: the static
 * server.properties, the dynamic overrides stored in ZooKeeper for this broker
 * ({@code /config/brokers/<id>}) and for all brokers ({@code /config/brokers/<default>}), and Kafka's
 * defaults for the keys this broker knows.
 *
 * <p>Dynamic values are stored and reported; which of them take effect at runtime is up to the parts
 * that own them (today none of the {@code log.*} defaults are re-applied to open logs).
 * Stateless.
 */
public final class BrokerConfigs {

    /** Keys the broker reads only at startup: refused by AlterConfigs, reported read-only. */
    static final Set<String> STATIC_ONLY = Set.of("broker.id", "broker.rack", "zookeeper.connect",
            "zookeeper.session.timeout.ms", "zookeeper.connection.timeout.ms", "log.dirs", "log.dir", "listeners",
            "advertised.listeners", "listener.security.protocol.map", "inter.broker.listener.name",
            "security.inter.broker.protocol", "num.network.threads", "socket.request.max.bytes",
            "offsets.topic.num.partitions", "offsets.topic.replication.factor", "offsets.topic.segment.bytes",
            "offsets.topic.compression.codec", "queued.max.requests");

    /** Kafka's defaults for the broker keys Sluice reads, with their types. */
    private static final Map<String, Default> DEFAULTS = new TreeMap<>();

    private record Default(String value, ConfigType type) {
    }

    static {
        def("auto.create.topics.enable", "true", ConfigType.BOOLEAN);
        def("connections.max.idle.ms", "600000", ConfigType.LONG);
        def("controlled.shutdown.enable", "true", ConfigType.BOOLEAN);
        def("default.replication.factor", "1", ConfigType.INT);
        def("delete.topic.enable", "true", ConfigType.BOOLEAN);
        def("group.initial.rebalance.delay.ms", "3000", ConfigType.INT);
        def("group.max.session.timeout.ms", "1800000", ConfigType.INT);
        def("group.min.session.timeout.ms", "6000", ConfigType.INT);
        def("listeners", "PLAINTEXT://:9092", ConfigType.STRING);
        def("log.cleanup.policy", "delete", ConfigType.LIST);
        def("log.dirs", "/tmp/sluice-logs", ConfigType.STRING);
        def("log.flush.interval.messages", Long.toString(Long.MAX_VALUE), ConfigType.LONG);
        def("log.index.interval.bytes", "4096", ConfigType.INT);
        def("log.index.size.max.bytes", "10485760", ConfigType.INT);
        def("log.message.timestamp.type", "CreateTime", ConfigType.STRING);
        def("log.retention.bytes", "-1", ConfigType.LONG);
        def("log.retention.hours", "168", ConfigType.INT);
        def("log.roll.hours", "168", ConfigType.INT);
        def("log.segment.bytes", Integer.toString(1 << 30), ConfigType.INT);
        def("log.segment.delete.delay.ms", "60000", ConfigType.LONG);
        def("max.connections.per.ip", Integer.toString(Integer.MAX_VALUE), ConfigType.INT);
        def("message.max.bytes", "1048588", ConfigType.INT);
        def("min.insync.replicas", "1", ConfigType.INT);
        def("num.io.threads", "8", ConfigType.INT);
        def("num.network.threads", "3", ConfigType.INT);
        def("num.partitions", "1", ConfigType.INT);
        def("num.replica.fetchers", "1", ConfigType.INT);
        def("offsets.retention.minutes", "10080", ConfigType.INT);
        def("offsets.topic.num.partitions", "50", ConfigType.INT);
        def("offsets.topic.replication.factor", "3", ConfigType.SHORT);
        def("offsets.topic.segment.bytes", "104857600", ConfigType.INT);
        def("offsets.topic.compression.codec", "0", ConfigType.INT);
        def("queued.max.requests", "500", ConfigType.INT);
        def("replica.lag.time.max.ms", "30000", ConfigType.LONG);
        def("request.timeout.ms", "30000", ConfigType.INT);
        def("socket.request.max.bytes", "104857600", ConfigType.INT);
        def("unclean.leader.election.enable", "false", ConfigType.BOOLEAN);
        def("zookeeper.session.timeout.ms", "18000", ConfigType.INT);
    }

    private static void def(String key, String value, ConfigType type) {
        DEFAULTS.put(key, new Default(value, type));
    }

    private BrokerConfigs() {
    }

    public static boolean isSensitive(String key) {
        String lower = key.toLowerCase(Locale.ROOT);
        return lower.contains("password") || lower.endsWith(".secret") || lower.contains("sasl.jaas.config");
    }

    /**
     * Describes one broker: every key with a default, in server.properties, or set dynamically.
     *
     * @param perBroker this broker's dynamic overrides
     * @param clusterDefaults the dynamic defaults of all brokers
     */
    public static List<ConfigEntry> describe(Map<String, String> staticProperties, Map<String, String> perBroker,
                                             Map<String, String> clusterDefaults, Collection<String> only) {
        Map<String, Boolean> names = new TreeMap<>();
        DEFAULTS.keySet().forEach(k -> names.put(k, true));
        staticProperties.keySet().forEach(k -> names.put(k, true));
        perBroker.keySet().forEach(k -> names.put(k, true));
        clusterDefaults.keySet().forEach(k -> names.put(k, true));
        List<ConfigEntry> entries = new ArrayList<>();
        for (String name : names.keySet()) {
            if (only != null && !only.contains(name)) {
                continue;
            }
            List<ConfigEntry.Synonym> synonyms = new ArrayList<>();
            addIfPresent(synonyms, name, perBroker, ConfigSource.DYNAMIC_BROKER_CONFIG);
            addIfPresent(synonyms, name, clusterDefaults, ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG);
            addIfPresent(synonyms, name, staticProperties, ConfigSource.STATIC_BROKER_CONFIG);
            Default known = DEFAULTS.get(name);
            if (known != null) {
                synonyms.add(new ConfigEntry.Synonym(name, known.value(), ConfigSource.DEFAULT_CONFIG));
            }
            boolean sensitive = isSensitive(name);
            if (sensitive) {
                synonyms.replaceAll(s -> new ConfigEntry.Synonym(s.name(), null, s.source()));
            }
            ConfigEntry.Synonym winner = synonyms.get(0);
            entries.add(new ConfigEntry(name, winner.value(), winner.source(), STATIC_ONLY.contains(name), sensitive,
                    sensitive ? ConfigType.PASSWORD : known != null ? known.type() : ConfigType.UNKNOWN, null,
                    synonyms));
        }
        return entries;
    }

    /** Describes the cluster-wide dynamic defaults (the broker resource with an empty name). */
    public static List<ConfigEntry> describeClusterDefaults(Map<String, String> clusterDefaults, Collection<String> only) {
        List<ConfigEntry> entries = new ArrayList<>();
        for (Map.Entry<String, String> e : new TreeMap<>(clusterDefaults).entrySet()) {
            if (only != null && !only.contains(e.getKey())) {
                continue;
            }
            boolean sensitive = isSensitive(e.getKey());
            String value = sensitive ? null : e.getValue();
            Default known = DEFAULTS.get(e.getKey());
            entries.add(new ConfigEntry(e.getKey(), value, ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG, false, sensitive,
                    known == null ? ConfigType.UNKNOWN : known.type(), null,
                    List.of(new ConfigEntry.Synonym(e.getKey(), value, ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG))));
        }
        return entries;
    }

    private static void addIfPresent(List<ConfigEntry.Synonym> synonyms, String name, Map<String, String> source,
                                     ConfigSource kind) {
        String value = source.get(name);
        if (value != null) {
            synonyms.add(new ConfigEntry.Synonym(name, value, kind));
        }
    }

    /** The type of a broker key, for incremental APPEND/SUBTRACT (lists only). */
    public static ConfigType type(String key) {
        Default known = DEFAULTS.get(key);
        return known == null ? ConfigType.UNKNOWN : known.type();
    }

    /** The default of a broker key, or null. */
    public static String defaultValue(String key) {
        Default known = DEFAULTS.get(key);
        return known == null ? null : known.value();
    }

    /**
     * Checks a broker entity's complete dynamic override map: no startup-only keys, and the log
     * defaults among them must form a valid log config over the static properties.
     *
     * @throws AdminRequestException.InvalidRequest a key that cannot change at runtime
     * @throws AdminRequestException.InvalidConfig a bad value
     */
    public static void validate(Map<String, String> staticProperties, Map<String, String> dynamic) {
        for (Map.Entry<String, String> e : dynamic.entrySet()) {
            if (STATIC_ONLY.contains(e.getKey())) {
                throw new AdminRequestException.InvalidRequest("Cannot update these configs dynamically: "
                        + e.getKey());
            }
            if (e.getValue() == null) {
                throw new AdminRequestException.InvalidConfig("Null value not supported for " + e.getKey());
            }
        }
        Map<String, String> merged = new LinkedHashMap<>(staticProperties);
        merged.putAll(dynamic);
        try {
            LogConfig.fromProperties(merged, Map.of());
        } catch (IllegalArgumentException e) {
            throw new AdminRequestException.InvalidConfig(e.getMessage());
        }
    }
}
