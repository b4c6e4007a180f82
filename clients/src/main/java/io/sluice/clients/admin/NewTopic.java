package io.sluice.clients.admin;

import java.util.Map;
import java.util.Objects;

/**
 * A topic to create. {@code numPartitions} and {@code replicationFactor} of -1 take the broker's
 * defaults ({@code num.partitions}, {@code default.replication.factor}). Immutable.
 */
public record NewTopic(String name, int numPartitions, short replicationFactor, Map<String, String> configs) {

    public NewTopic {
        Objects.requireNonNull(name, "name");
        configs = configs == null ? Map.of() : Map.copyOf(configs);
    }

    public NewTopic(String name, int numPartitions, short replicationFactor) {
        this(name, numPartitions, replicationFactor, Map.of());
    }

    /** The same topic with these topic configs (e.g. {@code cleanup.policy=compact}). */
    public NewTopic configs(Map<String, String> topicConfigs) {
        return new NewTopic(name, numPartitions, replicationFactor, topicConfigs);
    }
}
