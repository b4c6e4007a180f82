package io.sluice.tools.configs;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.clients.admin.Config;
import io.sluice.clients.admin.ConfigEntry;
import io.sluice.clients.admin.ConfigEntry.Source;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigsFormatTest {

    private final Config topicConfig = new Config(List.of(
            new ConfigEntry("retention.ms", "1000", Source.DYNAMIC_TOPIC_CONFIG, false, false, List.of(
                    new ConfigEntry.Synonym("retention.ms", "1000", Source.DYNAMIC_TOPIC_CONFIG),
                    new ConfigEntry.Synonym("log.retention.hours", "168", Source.STATIC_BROKER_CONFIG))),
            new ConfigEntry("cleanup.policy", "compact", Source.DYNAMIC_TOPIC_CONFIG, false, false, List.of(
                    new ConfigEntry.Synonym("cleanup.policy", "compact", Source.DYNAMIC_TOPIC_CONFIG))),
            new ConfigEntry("segment.bytes", "1073741824", Source.DEFAULT_CONFIG, false, false, List.of())));

    @Test
    void describeListsTheDynamicConfigsSortedByNameWithSynonyms() {
        assertThat(ConfigsCommand.ConfigsFormat.describe("topics", "orders", topicConfig, false)).isEqualTo(
                "Dynamic configs for topic orders are:\n"
                        + "  cleanup.policy=compact sensitive=false synonyms={DYNAMIC_TOPIC_CONFIG:cleanup.policy=compact}\n"
                        + "  retention.ms=1000 sensitive=false synonyms={DYNAMIC_TOPIC_CONFIG:retention.ms=1000, "
                        + "STATIC_BROKER_CONFIG:log.retention.hours=168}\n");
    }

    @Test
    void describeAllListsEveryConfig() {
        assertThat(ConfigsCommand.ConfigsFormat.describe("topics", "orders", topicConfig, true))
                .startsWith("All configs for topic orders are:\n")
                .contains("  segment.bytes=1073741824 sensitive=false synonyms={}\n");
    }

    @Test
    void brokerDefaultsHaveTheirOwnHeading() {
        Config config = new Config(List.of(
                new ConfigEntry("log.cleaner.threads", "2", Source.DYNAMIC_DEFAULT_BROKER_CONFIG, false, false, List.of()),
                new ConfigEntry("log.retention.hours", "168", Source.STATIC_BROKER_CONFIG, false, false, List.of())));
        assertThat(ConfigsCommand.ConfigsFormat.describe("brokers", "", config, false)).isEqualTo(
                "Default configs for brokers in the cluster are:\n  log.cleaner.threads=2 sensitive=false synonyms={}\n");
        assertThat(ConfigsCommand.ConfigsFormat.describe("brokers", "1", config, false))
                .isEqualTo("Dynamic configs for broker 1 are:\n");
    }

    @Test
    void aSensitiveValueIsNull() {
        ConfigEntry secret = new ConfigEntry("ssl.key.password", null, Source.DYNAMIC_BROKER_CONFIG, false, true, List.of());
        assertThat(ConfigsCommand.ConfigsFormat.line(secret)).isEqualTo("  ssl.key.password=null sensitive=true synonyms={}");
    }
}
