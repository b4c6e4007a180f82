package io.sluice.zk.config;

import java.util.Map;

/**
 * Told when an entity's config overrides changed somewhere in the cluster. Each call carries the
 * entity's complete current override map (not a delta), so applying it is idempotent; a call may
 * repeat after a restart. Calls come one at a time from the watcher's thread, in notification order.
 */
public interface ConfigChangeListener {

    /** The overrides of {@code topic} are now {@code overrides} (empty if all were removed or the topic is gone). */
    void onTopicConfigChange(String topic, Map<String, String> overrides);

    /**
     * A broker entity changed.
     *
     * @param entity a broker id as text, or {@code <default>} for the cluster-wide defaults
     */
    default void onBrokerConfigChange(String entity, Map<String, String> overrides) {
    }
}
