package io.sluice.clients.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.clients.common.ClientConfig;
import io.sluice.clients.common.ConfigException;
import io.sluice.record.CompressionType;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProducerConfigTest {

    private static ProducerConfig config(Map<String, ?> values) {
        return new ProducerConfig(new ClientConfig(values));
    }

    @Test
    void defaultsAreKafkas() {
        ProducerConfig config = config(Map.of());
        assertThat(config.acks()).isEqualTo((short) -1);
        assertThat(config.idempotent()).isTrue();
        assertThat(config.batchSize()).isEqualTo(16_384);
        assertThat(config.lingerMs()).isZero();
        assertThat(config.bufferMemory()).isEqualTo(32L << 20);
        assertThat(config.maxRequestSize()).isEqualTo(1 << 20);
        assertThat(config.deliveryTimeoutMs()).isEqualTo(120_000);
        assertThat(config.maxInFlight()).isEqualTo(5);
        assertThat(config.compression()).isEqualTo(CompressionType.NONE);
    }

    @Test
    void idempotenceTurnsOffQuietlyOnlyWhenNotAskedFor() {
        assertThat(config(Map.of("acks", "1")).idempotent()).isFalse();
        assertThat(config(Map.of("max.in.flight.requests.per.connection", 6)).idempotent()).isFalse();
        assertThatThrownBy(() -> config(Map.of("acks", "1", "enable.idempotence", "true"))).isInstanceOf(ConfigException.class);
        assertThat(config(Map.of("enable.idempotence", false)).idempotent()).isFalse();
    }

    @Test
    void rejectsBadValues() {
        assertThatThrownBy(() -> config(Map.of("acks", "2"))).isInstanceOf(ConfigException.class).hasMessageContaining("acks");
        assertThatThrownBy(() -> config(Map.of("compression.type", "brotli"))).isInstanceOf(ConfigException.class);
        assertThatThrownBy(() -> config(Map.of("delivery.timeout.ms", 1000))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("linger.ms + request.timeout.ms");
        assertThatThrownBy(() -> config(Map.of("batch.size", "lots"))).isInstanceOf(ConfigException.class).hasMessageContaining("batch.size");
    }
}
