package io.sluice.zk.config;

import java.util.Map;

import org.apache.zookeeper.CreateMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.sluice.zk.ZkClient;
import io.sluice.zk.ZkException;
import io.sluice.zk.ZkPaths;
import io.sluice.zk.errors.AdminException;
import io.sluice.zk.json.ConfigChangeNotification;
import io.sluice.zk.json.EntityConfig;

/**
 * Config overrides kept in ZooKeeper: per topic ({@code /config/topics/<t>}), per broker
 * ({@code /config/brokers/<id>}) and cluster-wide broker defaults ({@code /config/brokers/<default>}).
 *
 * <p>A write replaces the entity's whole override map (callers merge incremental alters first,
 * as Kafka's admin path does) and then appends a {@code /config/changes/config_change_<seq>}
 * notification naming the entity, which every broker's {@link ConfigChangeWatcher} picks up. The
 * write comes first so a broker reacting to the notification always reads the new values.
 *
 * <p>Thread-safe and stateless.
 */
public final class ConfigStore {

    private static final Logger log = LoggerFactory.getLogger(ConfigStore.class);

    private final ZkClient zk;

    public ConfigStore(ZkClient zk) {
        this.zk = zk;
    }

    /** The topic's overrides; empty if none (or no such topic). */
    public Map<String, String> topicConfig(String topic) {
        return read(ZkPaths.topicConfig(topic));
    }

    /**
     * Replaces a topic's overrides and notifies all brokers.
     *
     * @throws AdminException.UnknownTopicOrPartition if the topic does not exist
     */
    public void setTopicConfig(String topic, Map<String, String> config) {
        if (!zk.exists(ZkPaths.topic(topic))) {
            throw new AdminException.UnknownTopicOrPartition("The topic '" + topic + "' does not exist.");
        }
        write(ZkPaths.topicConfig(topic), config);
        notifyChange(new ConfigChangeNotification(ConfigChangeNotification.TOPICS, topic));
        log.info("Updated config of topic {}: {}", topic, config);
    }

    /** A broker's own overrides (dynamic per-broker configs). */
    public Map<String, String> brokerConfig(int brokerId) {
        return read(ZkPaths.brokerConfig(Integer.toString(brokerId)));
    }

    /** The cluster-wide dynamic broker defaults ({@code /config/brokers/<default>}). */
    public Map<String, String> defaultBrokerConfig() {
        return read(ZkPaths.brokerConfig(ZkPaths.DEFAULT_BROKER_ENTITY));
    }

    public void setBrokerConfig(int brokerId, Map<String, String> config) {
        setBrokerEntityConfig(Integer.toString(brokerId), config);
    }

    public void setDefaultBrokerConfig(Map<String, String> config) {
        setBrokerEntityConfig(ZkPaths.DEFAULT_BROKER_ENTITY, config);
    }

    private void setBrokerEntityConfig(String entity, Map<String, String> config) {
        write(ZkPaths.brokerConfig(entity), config);
        notifyChange(new ConfigChangeNotification(ConfigChangeNotification.BROKERS, entity));
        log.info("Updated config of broker entity {}: {}", entity, config);
    }

    /** Reads the config of the entity a notification names. */
    public Map<String, String> read(ConfigChangeNotification change) {
        return read(ZkPaths.CONFIG + "/" + change.entityPath());
    }

    private Map<String, String> read(String path) {
        return zk.getDataIfExists(path).map(v -> EntityConfig.fromJson(v.data(), path)).orElse(Map.of());
    }

    private void write(String path, Map<String, String> config) {
        byte[] data = EntityConfig.toJson(config);
        while (true) {
            try {
                zk.setData(path, data, -1);
                return;
            } catch (ZkException.NoNode e) {
                try {
                    zk.create(path, data, CreateMode.PERSISTENT);
                    return;
                } catch (ZkException.NodeExists raced) {
                    // created concurrently; overwrite it on the next pass
                }
            }
        }
    }

    private void notifyChange(ConfigChangeNotification change) {
        zk.createSequential(ZkPaths.configChangePrefix(), change.toJson());
    }
}
