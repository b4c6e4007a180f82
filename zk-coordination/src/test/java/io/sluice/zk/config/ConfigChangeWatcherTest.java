package io.sluice.zk.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.sluice.zk.ZkClient;
import io.sluice.zk.ZkPaths;
import io.sluice.zk.ZkTestBase;
import io.sluice.zk.errors.AdminException;
import io.sluice.zk.json.BrokerInfo;
import io.sluice.zk.json.Endpoint;
import io.sluice.zk.registration.BrokerRegistration;
import io.sluice.zk.topic.TopicStore;

class ConfigChangeWatcherTest extends ZkTestBase {

    /** Records what it is told, as "topic:name=config" lines. */
    private static final class Recorder implements ConfigChangeListener {
        final List<String> seen = new CopyOnWriteArrayList<>();

        @Override
        public void onTopicConfigChange(String topic, Map<String, String> overrides) {
            seen.add("topic:" + topic + "=" + overrides);
        }

        @Override
        public void onBrokerConfigChange(String entity, Map<String, String> overrides) {
            seen.add("broker:" + entity + "=" + overrides);
        }
    }

    private ZkClient admin;
    private ConfigStore configs;

    @BeforeEach
    void setUp() {
        admin = newClient();
        admin.ensurePersistentPaths();
        closeLater(new BrokerRegistration(admin, BrokerInfo.of(0, List.of(Endpoint.plaintext("h", 9092)), null, 0)))
                .register();
        new TopicStore(admin).createTopic("logs", 1, 1, Map.of("retention.ms", "1000"));
        configs = new ConfigStore(admin);
    }

    @Test
    void topicAndBrokerConfigChangesReachTheListenerOnAnotherBroker() throws Exception {
        ZkClient brokerSide = newClient();
        Recorder recorder = new Recorder();
        ConfigChangeWatcher watcher = closeLater(new ConfigChangeWatcher(brokerSide, recorder));
        watcher.start();

        configs.setTopicConfig("logs", Map.of("retention.ms", "2000", "cleanup.policy", "compact"));
        configs.setDefaultBrokerConfig(Map.of("log.retention.ms", "5"));
        configs.setBrokerConfig(0, Map.of("num.io.threads", "4"));
        configs.setTopicConfig("logs", Map.of());

        await(() -> recorder.seen.size() >= 4, "four config changes");
        assertThat(recorder.seen).containsExactly(
                "topic:logs={cleanup.policy=compact, retention.ms=2000}",
                "broker:<default>={log.retention.ms=5}",
                "broker:0={num.io.threads=4}",
                "topic:logs={}");

        List<String> notifications = admin.getChildren(ZkPaths.CONFIG_CHANGES).stream().sorted().toList();
        assertThat(notifications).hasSize(4).allMatch(n -> n.matches("config_change_\\d{10}"));
        assertThat(new String(admin.getData(ZkPaths.CONFIG_CHANGES + "/" + notifications.get(0)).data()))
                .isEqualTo("{\"version\":2,\"entity_path\":\"topics/logs\"}");
        assertThat(new String(admin.getData(ZkPaths.brokerConfig("<default>")).data()))
                .isEqualTo("{\"version\":1,\"config\":{\"log.retention.ms\":\"5\"}}");
    }

    @Test
    void changesMadeBeforeStartAreDeliveredOnceAndOldNotificationsArePurged() throws Exception {
        configs.setTopicConfig("logs", Map.of("retention.ms", "3000"));
        AtomicLong now = new AtomicLong(System.currentTimeMillis());
        Recorder recorder = new Recorder();
        ConfigChangeWatcher watcher = closeLater(new ConfigChangeWatcher(newClient(), recorder, 60_000, now::get));
        watcher.start();
        await(() -> recorder.seen.size() == 1, "the earlier change");
        assertThat(recorder.seen).containsExactly("topic:logs={retention.ms=3000}");
        assertThat(admin.getChildren(ZkPaths.CONFIG_CHANGES)).hasSize(1);

        // an hour later, the next pass deletes what it has seen and is older than the expiry
        now.addAndGet(3_600_000);
        configs.setTopicConfig("logs", Map.of("retention.ms", "4000"));
        await(() -> recorder.seen.size() == 2, "the second change");
        await(() -> admin.getChildren(ZkPaths.CONFIG_CHANGES).isEmpty(), "expired notifications purged");
        assertThat(recorder.seen).containsExactly("topic:logs={retention.ms=3000}", "topic:logs={retention.ms=4000}");
    }

    @Test
    void readsAndRefusals() {
        assertThat(configs.topicConfig("logs")).containsExactly(Map.entry("retention.ms", "1000"));
        assertThat(configs.topicConfig("none")).isEmpty();
        assertThat(configs.brokerConfig(0)).isEmpty();
        assertThat(configs.defaultBrokerConfig()).isEmpty();
        configs.setBrokerConfig(0, Map.of("a", "b"));
        assertThat(configs.brokerConfig(0)).containsExactly(Map.entry("a", "b"));
        assertThatThrownBy(() -> configs.setTopicConfig("none", Map.of()))
                .isInstanceOf(AdminException.UnknownTopicOrPartition.class);
    }
}
