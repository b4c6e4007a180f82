package io.sluice.server.topic;

import io.sluice.server.log.Log;
import io.sluice.server.log.LogConfig;
import io.sluice.server.log.LogManager;
import io.sluice.zk.config.ConfigChangeListener;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies topic config changes to the running logs: told by the {@code ConfigChangeWatcher} (a change
 * made through any broker) or directly by this broker's AlterConfigs handlers, it rebuilds the topic's
 * {@link LogConfig} and hands it to every local log of the topic, so a new retention.ms or
 * segment.bytes takes effect at once on every broker.
 *
 * <p>Dynamic broker configs are stored in ZooKeeper and described, but not applied here yet: the
 * broker-level log defaults would also have to reach logs opened later.
 *
 * <p>Thread-safe: {@link Log#updateConfig} swaps the config atomically.
 */
public final class TopicConfigApplier implements ConfigChangeListener {

    private static final Logger log = LoggerFactory.getLogger(TopicConfigApplier.class);

    private final Map<String, String> brokerProperties;
    private final LogManager logManager;

    public TopicConfigApplier(Map<String, String> brokerProperties, LogManager logManager) {
        this.brokerProperties = brokerProperties;
        this.logManager = logManager;
    }

    @Override
    public void onTopicConfigChange(String topic, Map<String, String> overrides) {
        LogConfig config;
        try {
            config = TopicConfigs.validate(brokerProperties, overrides);
        } catch (RuntimeException e) {
            log.error("Ignoring invalid config of topic {} {}: {}", topic, overrides, e.getMessage());
            return;
        }
        int applied = 0;
        for (Log partitionLog : logManager.allLogs()) {
            if (partitionLog.topicPartition().topic().equals(topic) && !config.equals(partitionLog.config())) {
                partitionLog.updateConfig(config);
                applied++;
            }
        }
        if (applied > 0) {
            log.info("Applied new config of topic {} to {} local logs: {}", topic, applied, overrides);
        }
    }

    @Override
    public void onBrokerConfigChange(String entity, Map<String, String> overrides) {
        log.info("Dynamic config of broker entity {} is now {} (stored; not applied at runtime yet)", entity,
                overrides);
    }
}
