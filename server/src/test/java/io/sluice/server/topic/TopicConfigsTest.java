package io.sluice.server.topic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.server.log.LogConfig;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TopicConfigsTest {

    private static final Map<String, String> BROKER = Map.of("log.retention.hours", "24", "log.segment.bytes", "1048576",
            "broker.id", "0");

    @Test
    void validOverridesGiveTheirLogConfig() {
        LogConfig config = TopicConfigs.validate(BROKER, Map.of("retention.ms", "1000", "cleanup.policy", "compact"));
        assertThat(config.retentionMs()).isEqualTo(1000);
        assertThat(config.cleanupPolicy()).containsExactly("compact");
        assertThat(config.segmentBytes()).isEqualTo(1048576);
    }

    @Test
    void unknownKeysAndBadValuesAreInvalidConfig() {
        assertThatThrownBy(() -> TopicConfigs.validate(BROKER, Map.of("retention.mss", "1")))
                .isInstanceOf(AdminRequestException.InvalidConfig.class)
                .hasMessageContaining("retention.mss")
                .satisfies(e -> assertThat(((AdminRequestException.InvalidConfig) e).errorCode()).isEqualTo((short) 40));
        assertThatThrownBy(() -> TopicConfigs.validate(BROKER, Map.of("retention.ms", "soon")))
                .isInstanceOf(AdminRequestException.InvalidConfig.class).hasMessageContaining("retention.ms");
        assertThatThrownBy(() -> TopicConfigs.validate(BROKER, Map.of("segment.bytes", "10")))
                .isInstanceOf(AdminRequestException.InvalidConfig.class).hasMessageContaining("segment.bytes");
        assertThatThrownBy(() -> TopicConfigs.validate(BROKER, Map.of("cleanup.policy", "forever")))
                .isInstanceOf(AdminRequestException.InvalidConfig.class);
        assertThatThrownBy(() -> TopicConfigs.validate(BROKER, Map.of("message.timestamp.type", "Whenever")))
                .isInstanceOf(AdminRequestException.InvalidConfig.class);
        Map<String, String> withNull = new HashMap<>();
        withNull.put("retention.ms", null);
        assertThatThrownBy(() -> TopicConfigs.validate(BROKER, withNull))
                .isInstanceOf(AdminRequestException.InvalidConfig.class);
    }

    @Test
    void describeNamesTheSourceOfEveryValue() {
        Map<String, ConfigEntry> entries = new HashMap<>();
        for (ConfigEntry e : TopicConfigs.describe(BROKER, Map.of("max.message.bytes", "5000"), null, true)) {
            entries.put(e.name(), e);
        }
        assertThat(entries.keySet()).containsAll(LogConfig.TOPIC_KEYS).containsAll(LogConfig.NON_LOG_TOPIC_KEYS)
                .hasSize(LogConfig.TOPIC_KEYS.size() + LogConfig.NON_LOG_TOPIC_KEYS.size());
        assertThat(entries.get("leader.replication.throttled.replicas").value()).isEmpty();
        assertThat(entries.get("leader.replication.throttled.replicas").source()).isEqualTo(ConfigSource.DEFAULT_CONFIG);

        ConfigEntry maxMessage = entries.get("max.message.bytes");
        assertThat(maxMessage.value()).isEqualTo("5000");
        assertThat(maxMessage.source()).isEqualTo(ConfigSource.DYNAMIC_TOPIC_CONFIG);
        assertThat(maxMessage.synonyms()).extracting(ConfigEntry.Synonym::source)
                .containsExactly(ConfigSource.DYNAMIC_TOPIC_CONFIG, ConfigSource.DEFAULT_CONFIG);

        ConfigEntry retention = entries.get("retention.ms");
        assertThat(retention.value()).isEqualTo(Long.toString(24 * 3_600_000L));
        assertThat(retention.source()).isEqualTo(ConfigSource.STATIC_BROKER_CONFIG);
        assertThat(retention.synonyms()).extracting(ConfigEntry.Synonym::name)
                .containsExactly("log.retention.hours", "log.retention.ms");
        assertThat(retention.type()).isEqualTo(ConfigType.LONG);
        assertThat(retention.documentation()).isNotBlank();

        ConfigEntry policy = entries.get("cleanup.policy");
        assertThat(policy.value()).isEqualTo("delete");
        assertThat(policy.source()).isEqualTo(ConfigSource.DEFAULT_CONFIG);
        assertThat(policy.type()).isEqualTo(ConfigType.LIST);
    }

    @Test
    void throttledReplicaListsAreStoredButNotPartOfTheLogConfig() {
        LogConfig config = TopicConfigs.validate(BROKER, Map.of("leader.replication.throttled.replicas", "0:1,1:2",
                "follower.replication.throttled.replicas", "*", "retention.ms", "10"));
        assertThat(config.retentionMs()).isEqualTo(10);
        assertThatThrownBy(() -> TopicConfigs.validate(BROKER, Map.of("leader.replication.throttled.replicas", "0-1")))
                .isInstanceOf(AdminRequestException.InvalidConfig.class);
        assertThat(TopicConfigs.describe(BROKER, Map.of("follower.replication.throttled.replicas", "*"),
                List.of("follower.replication.throttled.replicas"), false))
                .singleElement().satisfies(e -> {
                    assertThat(e.value()).isEqualTo("*");
                    assertThat(e.source()).isEqualTo(ConfigSource.DYNAMIC_TOPIC_CONFIG);
                });
    }

    @Test
    void describeCanBeLimitedToSomeKeysAndLeavesOutDocumentationUnlessAsked() {
        List<ConfigEntry> entries = TopicConfigs.describe(BROKER, Map.of(), List.of("segment.bytes", "nope"), false);
        assertThat(entries).singleElement().satisfies(e -> {
            assertThat(e.value()).isEqualTo("1048576");
            assertThat(e.documentation()).isNull();
        });
    }

    @Test
    void brokerAlterationsRefuseStartupOnlyKeysAndBadLogDefaults() {
        assertThatThrownBy(() -> BrokerConfigs.validate(BROKER, Map.of("broker.id", "7")))
                .isInstanceOf(AdminRequestException.InvalidRequest.class);
        assertThatThrownBy(() -> BrokerConfigs.validate(BROKER, Map.of("log.retention.ms", "x")))
                .isInstanceOf(AdminRequestException.InvalidConfig.class);
        BrokerConfigs.validate(BROKER, Map.of("log.retention.ms", "5000", "follower.replication.throttled.rate", "10"));
    }

    @Test
    void brokerDescribeRanksDynamicOverStaticOverDefault() {
        Map<String, ConfigEntry> entries = new HashMap<>();
        for (ConfigEntry e : BrokerConfigs.describe(Map.of("num.partitions", "3", "ssl.key.password", "secret", "broker.id", "0"),
                Map.of("log.retention.bytes", "100"), Map.of("log.retention.bytes", "50", "num.partitions", "4"),
                null)) {
            entries.put(e.name(), e);
        }
        assertThat(entries.get("log.retention.bytes").value()).isEqualTo("100");
        assertThat(entries.get("log.retention.bytes").synonyms()).extracting(ConfigEntry.Synonym::source)
                .containsExactly(ConfigSource.DYNAMIC_BROKER_CONFIG, ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG,
                        ConfigSource.DEFAULT_CONFIG);
        assertThat(entries.get("num.partitions").value()).isEqualTo("4");
        assertThat(entries.get("num.partitions").source()).isEqualTo(ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG);
        assertThat(entries.get("delete.topic.enable").source()).isEqualTo(ConfigSource.DEFAULT_CONFIG);
        assertThat(entries.get("broker.id").readOnly()).isTrue();
        assertThat(entries.get("ssl.key.password").value()).isNull();
        assertThat(entries.get("ssl.key.password").sensitive()).isTrue();
    }
}
