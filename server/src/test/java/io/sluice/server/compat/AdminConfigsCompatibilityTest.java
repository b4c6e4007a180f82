package io.sluice.server.compat;

import static io.sluice.server.compat.AdminTopicsCompatibilityTest.awaitTrue;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.server.cluster.SluiceTestCluster;
import io.sluice.server.log.Log;
import io.sluice.server.log.LogConfig;
import io.sluice.server.log.TopicPartition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.AlterConfigsOptions;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.DescribeConfigsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** describeConfigs and incrementalAlterConfigs with the official Admin client, for topics and brokers. */
class AdminConfigsCompatibilityTest {

    private static SluiceTestCluster cluster;
    private static Admin admin;

    @BeforeAll
    static void start() {
        cluster = SluiceTestCluster.start(2, Map.of("num.partitions", "2", "log.retention.hours", "48"));
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()));
    }

    @AfterAll
    static void stop() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    private static ConfigResource topic(String name) {
        return new ConfigResource(ConfigResource.Type.TOPIC, name);
    }

    private static Config describe(ConfigResource resource) throws Exception {
        return admin.describeConfigs(List.of(resource),
                new DescribeConfigsOptions().includeSynonyms(true).includeDocumentation(true)).all().get().get(resource);
    }

    private static void alter(ConfigResource resource, AlterConfigOp... ops) throws Exception {
        admin.incrementalAlterConfigs(Map.of(resource, List.of(ops))).all().get();
    }

    private static AlterConfigOp op(String key, String value, AlterConfigOp.OpType type) {
        return new AlterConfigOp(new ConfigEntry(key, value), type);
    }

    @Test
    void topicConfigsCarryValuesSourcesSynonymsAndDocumentation() throws Exception {
        admin.createTopics(List.of(new NewTopic("described", 1, (short) 1).configs(Map.of("retention.ms", "5000"))))
                .all().get();
        Config config = describe(topic("described"));

        ConfigEntry retention = config.get("retention.ms");
        assertThat(retention.value()).isEqualTo("5000");
        assertThat(retention.source()).isEqualTo(ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG);
        assertThat(retention.isReadOnly()).isFalse();
        assertThat(retention.synonyms()).extracting(ConfigEntry.ConfigSynonym::source).containsExactly(
                ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG, ConfigEntry.ConfigSource.STATIC_BROKER_CONFIG,
                ConfigEntry.ConfigSource.DEFAULT_CONFIG);
        assertThat(retention.type()).isEqualTo(ConfigEntry.ConfigType.LONG);
        assertThat(retention.documentation()).isNotBlank();

        ConfigEntry segmentBytes = config.get("segment.bytes");
        assertThat(segmentBytes.value()).isEqualTo(Integer.toString(1 << 30));
        assertThat(segmentBytes.source()).isEqualTo(ConfigEntry.ConfigSource.DEFAULT_CONFIG);
        assertThat(config.get("cleanup.policy").type()).isEqualTo(ConfigEntry.ConfigType.LIST);
        for (String key : LogConfig.TOPIC_KEYS) {
            assertThat(config.get(key)).as(key).isNotNull();
        }

        assertThatThrownBy(() -> describe(topic("no-such-topic")))
                .hasCauseInstanceOf(UnknownTopicOrPartitionException.class);
    }

    @Test
    void brokerConfigsShowStaticDefaultAndDynamicValues() throws Exception {
        ConfigResource broker0 = new ConfigResource(ConfigResource.Type.BROKER, "0");
        Config config = describe(broker0);
        assertThat(config.get("num.partitions").value()).isEqualTo("2");
        assertThat(config.get("num.partitions").source()).isEqualTo(ConfigEntry.ConfigSource.STATIC_BROKER_CONFIG);
        assertThat(config.get("delete.topic.enable").value()).isEqualTo("true");
        assertThat(config.get("delete.topic.enable").source()).isEqualTo(ConfigEntry.ConfigSource.DEFAULT_CONFIG);
        assertThat(config.get("broker.id").value()).isEqualTo("0");
        assertThat(config.get("broker.id").isReadOnly()).isTrue();

        alter(broker0, op("log.retention.bytes", "123456", AlterConfigOp.OpType.SET));
        ConfigEntry retentionBytes = describe(broker0).get("log.retention.bytes");
        assertThat(retentionBytes.value()).isEqualTo("123456");
        assertThat(retentionBytes.source()).isEqualTo(ConfigEntry.ConfigSource.DYNAMIC_BROKER_CONFIG);
        assertThat(cluster.broker(0).services().configStore().brokerConfig(0))
                .containsEntry("log.retention.bytes", "123456");
        alter(broker0, op("log.retention.bytes", null, AlterConfigOp.OpType.DELETE));
        assertThat(describe(broker0).get("log.retention.bytes").source())
                .isEqualTo(ConfigEntry.ConfigSource.DEFAULT_CONFIG);

        // Cluster-wide defaults (empty name), as kafka-reassign-partitions --verify clears its throttles.
        ConfigResource defaults = new ConfigResource(ConfigResource.Type.BROKER, "");
        alter(defaults, op("follower.replication.throttled.rate", null, AlterConfigOp.OpType.DELETE),
                op("leader.replication.throttled.rate", null, AlterConfigOp.OpType.DELETE));
        alter(defaults, op("follower.replication.throttled.rate", "1000", AlterConfigOp.OpType.SET));
        assertThat(describe(defaults).get("follower.replication.throttled.rate").value()).isEqualTo("1000");
        assertThat(describe(broker0).get("follower.replication.throttled.rate").source())
                .isEqualTo(ConfigEntry.ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG);

        assertThatThrownBy(() -> alter(broker0, op("broker.id", "5", AlterConfigOp.OpType.SET)))
                .hasCauseInstanceOf(InvalidRequestException.class);
    }

    @Test
    void incrementalAlterSetsDeletesAppendsAndSubtracts() throws Exception {
        admin.createTopics(List.of(new NewTopic("altered", 1, (short) 1))).all().get();
        ConfigResource resource = topic("altered");
        alter(resource, op("retention.ms", "7000", AlterConfigOp.OpType.SET),
                op("cleanup.policy", "compact", AlterConfigOp.OpType.APPEND),
                op("leader.replication.throttled.replicas", null, AlterConfigOp.OpType.DELETE));
        Config config = describe(resource);
        assertThat(config.get("retention.ms").value()).isEqualTo("7000");
        assertThat(config.get("cleanup.policy").value()).isEqualTo("delete,compact");

        alter(resource, op("cleanup.policy", "delete", AlterConfigOp.OpType.SUBTRACT),
                op("retention.ms", null, AlterConfigOp.OpType.DELETE));
        config = describe(resource);
        assertThat(config.get("cleanup.policy").value()).isEqualTo("compact");
        assertThat(config.get("retention.ms").source()).isEqualTo(ConfigEntry.ConfigSource.STATIC_BROKER_CONFIG);
        assertThat(config.get("retention.ms").value()).isEqualTo(Long.toString(48 * 3_600_000L));

        assertThatThrownBy(() -> alter(resource, op("retention.ms", "later", AlterConfigOp.OpType.SET)))
                .hasCauseInstanceOf(InvalidConfigurationException.class);
        assertThatThrownBy(() -> alter(resource, op("retention.ms", "1", AlterConfigOp.OpType.APPEND)))
                .hasCauseInstanceOf(InvalidConfigurationException.class);
        assertThatThrownBy(() -> alter(resource, op("no.such.key", "1", AlterConfigOp.OpType.SET)))
                .hasCauseInstanceOf(InvalidConfigurationException.class);
        assertThatThrownBy(() -> alter(topic("missing-topic"), op("retention.ms", "1", AlterConfigOp.OpType.SET)))
                .hasCauseInstanceOf(UnknownTopicOrPartitionException.class);

        admin.incrementalAlterConfigs(Map.of(resource, List.of(op("retention.ms", "1", AlterConfigOp.OpType.SET))),
                new AlterConfigsOptions().validateOnly(true)).all().get();
        assertThat(describe(resource).get("retention.ms").source())
                .isEqualTo(ConfigEntry.ConfigSource.STATIC_BROKER_CONFIG);
    }

    @Test
    void changedTopicConfigsReachTheLogsOnEveryBroker() throws Exception {
        admin.createTopics(List.of(new NewTopic("applied", 1, (short) 2))).all().get();
        UUID topicId = cluster.broker(0).services().topicStore().topicId("applied").orElseThrow();
        // Both replicas' logs, opened the way the partition manager opens them.
        Collection<Log> logs = new ArrayList<>();
        for (int broker = 0; broker < 2; broker++) {
            var services = cluster.broker(broker).services();
            logs.add(services.logManager().getOrCreateLog(new TopicPartition("applied", 0),
                    LogConfig.fromProperties(services.config().originals(),
                            services.configStore().topicConfig("applied")), topicId));
        }
        assertThat(logs).allSatisfy(log -> assertThat(log.config().retentionMs()).isEqualTo(48 * 3_600_000L));

        alter(topic("applied"), op("retention.ms", "12345", AlterConfigOp.OpType.SET),
                op("segment.bytes", "1048576", AlterConfigOp.OpType.SET));
        for (Log log : logs) {
            awaitTrue(() -> log.config().retentionMs() == 12345 && log.config().segmentBytes() == 1048576,
                    "new config on " + log);
        }

        // Throttled replica lists (kafka-reassign-partitions --throttle) are stored beside the log keys.
        alter(topic("applied"), op("leader.replication.throttled.replicas", "0:0,0:1", AlterConfigOp.OpType.SET));
        assertThat(describe(topic("applied")).get("leader.replication.throttled.replicas").value())
                .isEqualTo("0:0,0:1");
        alter(topic("applied"), op("retention.ms", null, AlterConfigOp.OpType.DELETE),
                op("leader.replication.throttled.replicas", null, AlterConfigOp.OpType.DELETE));
        for (Log log : logs) {
            awaitTrue(() -> log.config().retentionMs() == 48 * 3_600_000L && log.config().segmentBytes() == 1048576,
                    "retention.ms back to the broker value on " + log);
        }
    }
}
