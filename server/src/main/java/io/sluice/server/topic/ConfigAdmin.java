package io.sluice.server.topic;

import io.sluice.server.BrokerServices;
import io.sluice.zk.config.ConfigStore;
import io.sluice.zk.errors.AdminException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Describes and changes topic and broker configs for DescribeConfigs, AlterConfigs and
 * IncrementalAlterConfigs. Topic overrides are validated against {@link TopicConfigs} before they are
 * written, and then applied to this broker's logs at once (other brokers apply them when their config
 * change watcher sees the notification). Broker overrides are validated and stored.
 *
 * <p>Resources are addressed as on the wire: type 2 = topic, 4 = broker (name = broker id, or empty for
 * the cluster-wide defaults). Thread-safe; concurrent alters of one resource are last-writer-wins, as
 * in Kafka's ZooKeeper mode.
 */
public final class ConfigAdmin {

    public static final byte TOPIC = 2;
    public static final byte BROKER = 4;

    /** One IncrementalAlterConfigs operation. */
    public record Op(String name, OpType type, String value) {
    }

    /** The wire codes of IncrementalAlterConfigs' config_operation. */
    public enum OpType {
        SET, DELETE, APPEND, SUBTRACT;

        public static OpType forCode(byte code) {
            if (code < 0 || code >= values().length) {
                throw new AdminRequestException.InvalidRequest("Unknown config operation " + code);
            }
            return values()[code];
        }
    }

    private final BrokerServices services;
    private final ConfigStore store;
    private final TopicConfigApplier applier;

    public ConfigAdmin(BrokerServices services, TopicConfigApplier applier) {
        this.services = services;
        this.store = services.configStore();
        this.applier = applier;
    }

    /**
     * @param only the keys to describe, or null for all
     * @throws AdminException UNKNOWN_TOPIC_OR_PARTITION, INVALID_REQUEST (resource type or broker id)
     */
    public List<ConfigEntry> describe(byte type, String name, Collection<String> only, boolean documentation) {
        Map<String, String> brokerProperties = services.config().originals();
        if (type == TOPIC) {
            requireTopic(name);
            return TopicConfigs.describe(brokerProperties, store.topicConfig(name), only, documentation);
        }
        if (type == BROKER) {
            if (name.isEmpty()) {
                return BrokerConfigs.describeClusterDefaults(store.defaultBrokerConfig(), only);
            }
            if (brokerId(name) != services.brokerId()) {
                throw new AdminRequestException.InvalidRequest("Unexpected broker id, expected "
                        + services.brokerId() + ", but received " + name);
            }
            return BrokerConfigs.describe(brokerProperties, store.brokerConfig(services.brokerId()),
                    store.defaultBrokerConfig(), only);
        }
        throw unsupported(type);
    }

    /** AlterConfigs: the resource's overrides become exactly {@code configs}. */
    public void alter(byte type, String name, Map<String, String> configs, boolean validateOnly) {
        if (type == TOPIC) {
            requireTopic(name);
            TopicConfigs.validate(services.config().originals(), configs);
            if (!validateOnly) {
                store.setTopicConfig(name, configs);
                applier.onTopicConfigChange(name, configs);
            }
        } else if (type == BROKER) {
            Integer id = name.isEmpty() ? null : brokerId(name);
            BrokerConfigs.validate(services.config().originals(), configs);
            if (!validateOnly) {
                if (id == null) {
                    store.setDefaultBrokerConfig(configs);
                } else {
                    store.setBrokerConfig(id, configs);
                }
            }
        } else {
            throw unsupported(type);
        }
    }

    /** IncrementalAlterConfigs: the operations applied to the resource's current overrides. */
    public void incrementalAlter(byte type, String name, List<Op> ops, boolean validateOnly) {
        Set<String> keys = new HashSet<>();
        for (Op op : ops) {
            if (!keys.add(op.name())) {
                throw new AdminRequestException.InvalidRequest("Error due to duplicate config keys");
            }
        }
        Map<String, String> current;
        if (type == TOPIC) {
            requireTopic(name);
            current = new LinkedHashMap<>(store.topicConfig(name));
        } else if (type == BROKER) {
            current = new LinkedHashMap<>(name.isEmpty() ? store.defaultBrokerConfig()
                    : store.brokerConfig(brokerId(name)));
        } else {
            throw unsupported(type);
        }
        for (Op op : ops) {
            switch (op.type()) {
                case SET -> current.put(op.name(), op.value());
                // Removing a key that is not set succeeds: kafka-reassign-partitions relies on it.
                case DELETE -> current.remove(op.name());
                case APPEND, SUBTRACT -> {
                    requireList(type, op.name());
                    List<String> values = new ArrayList<>(split(current.getOrDefault(op.name(),
                            defaultOf(type, op.name()))));
                    for (String value : split(op.value())) {
                        if (op.type() == OpType.APPEND) {
                            if (!values.contains(value)) {
                                values.add(value);
                            }
                        } else {
                            values.remove(value);
                        }
                    }
                    current.put(op.name(), String.join(",", values));
                }
                default -> throw new IllegalStateException();
            }
        }
        alter(type, name, current, validateOnly);
    }

    private void requireList(byte type, String key) {
        ConfigType configType;
        if (type == TOPIC) {
            TopicConfigs.Key known = TopicConfigs.key(key);
            if (known == null) {
                throw new AdminRequestException.InvalidConfig("Unknown topic config name: " + key);
            }
            configType = known.type();
        } else {
            configType = BrokerConfigs.type(key);
        }
        if (configType != ConfigType.LIST) {
            throw new AdminRequestException.InvalidConfig("Config value append is not allowed for config key: "
                    + key);
        }
    }

    private String defaultOf(byte type, String key) {
        if (type == TOPIC) {
            return TopicConfigs.describe(services.config().originals(), Map.of(), List.of(key), false)
                    .get(0).value();
        }
        String value = services.config().originals().get(key);
        return value != null ? value : BrokerConfigs.defaultValue(key);
    }

    private static List<String> split(String value) {
        if (value == null || value.isBlank()) {
            return List.of();
        }
        return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private void requireTopic(String name) {
        if (!services.topicStore().topicExists(name)) {
            throw new AdminException.UnknownTopicOrPartition("Topic " + name + " does not exist.");
        }
    }

    private static int brokerId(String name) {
        try {
            return Integer.parseInt(name.trim());
        } catch (NumberFormatException e) {
            throw new AdminRequestException.InvalidRequest("Invalid broker id " + name);
        }
    }

    private static AdminException unsupported(byte type) {
        return new AdminRequestException.InvalidRequest("Unsupported resource type " + type
                + ": only topics (2) and brokers (4)");
    }
}
