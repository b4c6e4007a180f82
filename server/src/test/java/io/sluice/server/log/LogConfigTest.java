package io.sluice.server.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.record.TimestampType;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LogConfigTest {

    @Test
    void defaultsAreKafkas() {
        LogConfig config = LogConfig.defaults();
        assertThat(config.segmentBytes()).isEqualTo(1 << 30);
        assertThat(config.segmentMs()).isEqualTo(168L * 3600 * 1000);
        assertThat(config.segmentIndexBytes()).isEqualTo(10 * 1024 * 1024);
        assertThat(config.indexIntervalBytes()).isEqualTo(4096);
        assertThat(config.maxMessageBytes()).isEqualTo(1048588);
        assertThat(config.messageTimestampType()).isEqualTo(TimestampType.CREATE_TIME);
        assertThat(config.retentionMs()).isEqualTo(168L * 3600 * 1000);
        assertThat(config.retentionBytes()).isEqualTo(-1);
        assertThat(config.flushMessages()).isEqualTo(Long.MAX_VALUE);
        assertThat(config.flushMs()).isEqualTo(Long.MAX_VALUE);
        assertThat(config.fileDeleteDelayMs()).isEqualTo(60_000);
        assertThat(config.cleanupPolicy()).containsExactly("delete");
        assertThat(config.minInSyncReplicas()).isEqualTo(1);
        assertThat(config.uncleanLeaderElectionEnable()).isFalse();
    }

    @Test
    void brokerKeysSetTheDefaultsWithKafkasPrecedence() {
        Map<String, String> broker = Map.of("log.segment.bytes", "1000", "log.roll.hours", "2", "log.retention.hours", "5",
                "log.retention.minutes", "30", "log.index.interval.bytes", "10", "log.index.size.max.bytes", "4096",
                "message.max.bytes", "2000", "log.message.timestamp.type", "LogAppendTime", "log.cleanup.policy", "compact,delete",
                "log.flush.scheduler.interval.ms", "3000");
        LogConfig config = LogConfig.fromProperties(broker, Map.of());
        assertThat(config.segmentBytes()).isEqualTo(1000);
        assertThat(config.segmentMs()).isEqualTo(2 * 3600_000L);
        assertThat(config.retentionMs()).isEqualTo(30 * 60_000L);
        assertThat(config.indexIntervalBytes()).isEqualTo(10);
        assertThat(config.segmentIndexBytes()).isEqualTo(4096);
        assertThat(config.maxMessageBytes()).isEqualTo(2000);
        assertThat(config.messageTimestampType()).isEqualTo(TimestampType.LOG_APPEND_TIME);
        assertThat(config.cleanupPolicy()).isEqualTo(Set.of("compact", "delete"));
        assertThat(config.flushMs()).isEqualTo(3000);

        LogConfig withMs = LogConfig.fromProperties(Map.of("log.retention.ms", "123", "log.retention.minutes", "1",
                "log.roll.ms", "77", "log.roll.hours", "1", "log.flush.interval.ms", "5", "log.flush.scheduler.interval.ms", "9"),
                Map.of());
        assertThat(withMs.retentionMs()).isEqualTo(123);
        assertThat(withMs.segmentMs()).isEqualTo(77);
        assertThat(withMs.flushMs()).isEqualTo(5);
    }

    @Test
    void topicOverridesWin() {
        LogConfig config = LogConfig.fromProperties(Map.of("log.segment.bytes", "1000", "log.retention.bytes", "5"),
                Map.of("segment.bytes", "2000", "retention.ms", "-1", "min.insync.replicas", "2", "cleanup.policy", "compact"));
        assertThat(config.segmentBytes()).isEqualTo(2000);
        assertThat(config.retentionBytes()).isEqualTo(5);
        assertThat(config.retentionMs()).isEqualTo(-1);
        assertThat(config.minInSyncReplicas()).isEqualTo(2);
        assertThat(config.deleteEnabled()).isFalse();
    }

    @Test
    void invalidValuesNameTheirKey() {
        assertThatThrownBy(() -> LogConfig.fromProperties(Map.of(), Map.of("segment.bytes", "10")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("segment.bytes");
        assertThatThrownBy(() -> LogConfig.fromProperties(Map.of("log.segment.bytes", "abc"), Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("log.segment.bytes");
        assertThatThrownBy(() -> LogConfig.fromProperties(Map.of(), Map.of("retention.ms", "-2")))
                .hasMessageContaining("retention.ms");
        assertThatThrownBy(() -> LogConfig.fromProperties(Map.of(), Map.of("message.timestamp.type", "Never")))
                .hasMessageContaining("message.timestamp.type");
        assertThatThrownBy(() -> LogConfig.fromProperties(Map.of(), Map.of("cleanup.policy", "forever")))
                .hasMessageContaining("cleanup.policy");
        assertThatThrownBy(() -> LogConfig.fromProperties(Map.of(), Map.of("segment.bytez", "100")))
                .hasMessageContaining("segment.bytez");
        assertThatThrownBy(() -> LogConfig.fromProperties(Map.of(), Map.of("unclean.leader.election.enable", "yes")))
                .hasMessageContaining("unclean.leader.election.enable");
        assertThatThrownBy(() -> LogConfig.fromProperties(Map.of(), Map.of("flush.messages", "0")))
                .hasMessageContaining("flush.messages");
        assertThatThrownBy(() -> LogConfig.fromProperties(Map.of("log.segment.bytes", "99999999999"), Map.of()))
                .hasMessageContaining("log.segment.bytes");
    }

    @Test
    void logManagerConfigReadsBrokerKeys() {
        LogManagerConfig config = LogManagerConfig.fromProperties(Map.of("log.dirs", "/a, /b", "log.retention.check.interval.ms", "5",
                "log.max.open.segment.files", "10"));
        assertThat(config.logDirs()).extracting(java.io.File::getPath).containsExactly("/a", "/b");
        assertThat(config.retentionCheckIntervalMs()).isEqualTo(5);
        assertThat(config.flushSchedulerIntervalMs()).isEqualTo(Long.MAX_VALUE);
        assertThat(config.maxOpenSegmentFiles()).isEqualTo(10);
        assertThatThrownBy(() -> LogManagerConfig.fromProperties(Map.of("log.max.open.segment.files", "0")))
                .hasMessageContaining("log.max.open.segment.files");
    }
}
