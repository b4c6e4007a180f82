package io.sluice.clients.consumer;

import io.sluice.clients.common.ClientConfig;
import io.sluice.clients.common.ConfigException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Our consumer's defaults are kafka-clients' (the oracle is its ConfigDef), and bad combinations are refused. */
class ConsumerConfigTest {

    private static final Map<String, Object> KAFKA = org.apache.kafka.clients.consumer.ConsumerConfig.configDef().defaultValues();

    private static long kafkaLong(String name) {
        return ((Number) KAFKA.get(name)).longValue();
    }

    @Test
    void defaultsAreKafkas() {
        ConsumerConfig c = ConsumerConfig.from(new ClientConfig(Map.of("group.id", "g")));
        assertThat((long) c.sessionTimeoutMs()).isEqualTo(kafkaLong("session.timeout.ms"));
        assertThat((long) c.heartbeatIntervalMs()).isEqualTo(kafkaLong("heartbeat.interval.ms"));
        assertThat((long) c.maxPollIntervalMs()).isEqualTo(kafkaLong("max.poll.interval.ms"));
        assertThat(c.autoCommitIntervalMs()).isEqualTo(kafkaLong("auto.commit.interval.ms"));
        assertThat((long) c.maxPollRecords()).isEqualTo(kafkaLong("max.poll.records"));
        assertThat((long) c.fetchMinBytes()).isEqualTo(kafkaLong("fetch.min.bytes"));
        assertThat((long) c.fetchMaxWaitMs()).isEqualTo(kafkaLong("fetch.max.wait.ms"));
        assertThat((long) c.fetchMaxBytes()).isEqualTo(kafkaLong("fetch.max.bytes"));
        assertThat((long) c.maxPartitionFetchBytes()).isEqualTo(kafkaLong("max.partition.fetch.bytes"));
        assertThat(c.requestTimeoutMs()).isEqualTo(kafkaLong("request.timeout.ms"));
        assertThat(c.defaultApiTimeoutMs()).isEqualTo(kafkaLong("default.api.timeout.ms"));
        assertThat(c.retryBackoffMs()).isEqualTo(kafkaLong("retry.backoff.ms"));
        assertThat(c.enableAutoCommit()).isEqualTo(KAFKA.get("enable.auto.commit"));
        assertThat(c.checkCrcs()).isEqualTo(KAFKA.get("check.crcs"));
        assertThat(c.autoOffsetReset().name().toLowerCase()).isEqualTo(KAFKA.get("auto.offset.reset"));
        assertThat(c.readCommitted()).isEqualTo("read_committed".equals(KAFKA.get("isolation.level")));
        List<String> kafkaStrategy = ((List<?>) KAFKA.get("partition.assignment.strategy")).stream()
                .map(o -> o instanceof Class<?> k ? k.getName() : o.toString()).toList();
        assertThat(c.assignmentStrategy()).containsExactly("range", "cooperative-sticky");
        assertThat(kafkaStrategy).containsExactly("org.apache.kafka.clients.consumer.RangeAssignor",
                "org.apache.kafka.clients.consumer.CooperativeStickyAssignor");
    }

    @Test
    void withoutAGroupThereIsNoAutoCommit() {
        assertThat(ConsumerConfig.from(new ClientConfig(Map.of())).enableAutoCommit()).isFalse();
        assertThatThrownBy(() -> ConsumerConfig.from(new ClientConfig(Map.of("enable.auto.commit", "true"))))
                .isInstanceOf(ConfigException.class);
    }

    @Test
    void refusesBadValues() {
        assertThatThrownBy(() -> ConsumerConfig.from(new ClientConfig(Map.of("isolation.level", "serializable"))))
                .isInstanceOf(ConfigException.class);
        assertThatThrownBy(() -> ConsumerConfig.from(new ClientConfig(Map.of("auto.offset.reset", "middle"))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ConsumerConfig.from(new ClientConfig(Map.of("session.timeout.ms", "3000", "heartbeat.interval.ms", "3000"))))
                .isInstanceOf(ConfigException.class);
        assertThatThrownBy(() -> ConsumerConfig.from(new ClientConfig(Map.of("max.poll.records", "0"))))
                .isInstanceOf(ConfigException.class);
        ConsumerConfig c = ConsumerConfig.from(new ClientConfig(Map.of("partition.assignment.strategy",
                "org.apache.kafka.clients.consumer.StickyAssignor, roundrobin", "isolation.level", "READ_COMMITTED")));
        assertThat(c.assignmentStrategy()).containsExactly("org.apache.kafka.clients.consumer.StickyAssignor", "roundrobin");
        assertThat(c.readCommitted()).isTrue();
    }
}
