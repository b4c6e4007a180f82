package io.sluice.server.compat;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.server.cluster.SluiceTestCluster;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;

/**
 * The default (idempotent) Java producer loses the responses to appends the broker has made, through
 * a proxy that cuts the connection instead of forwarding them; it retries the same batches with the
 * same sequence numbers and the broker answers them with their original offsets, so the log holds
 * every record exactly once.
 */
class ProducerRetryCompatibilityTest {

    private static final short PRODUCE = 0;

    @Test
    void retriesAfterLostResponsesCreateNoDuplicates() throws Exception {
        try (ResponseDroppingProxy proxy = new ResponseDroppingProxy();
             SluiceTestCluster cluster = SluiceTestCluster.start(1,
                     Map.of("advertised.listeners", "PLAINTEXT://127.0.0.1:" + proxy.port()))) {
            proxy.target(cluster.broker(0).boundPort());
            ProduceConsumeCompatibilityTest.createTopic(cluster.broker(0), "retried", 1, Map.of());
            String bootstrap = "127.0.0.1:" + proxy.port();
            Properties props = ProduceConsumeCompatibilityTest.producerProps(bootstrap);
            props.put("retry.backoff.ms", "10");
            List<Long> offsets = new ArrayList<>();
            try (Producer<String, String> producer = new KafkaProducer<>(props)) {
                for (int i = 0; i < 10; i++) {
                    if (i == 3 || i == 7) {
                        proxy.dropNextResponses(PRODUCE, 1);
                    }
                    RecordMetadata metadata = producer.send(new ProducerRecord<>("retried", "k" + i, "v" + i)).get();
                    offsets.add(metadata.offset());
                }
            }
            assertThat(proxy.dropped()).isEqualTo(2);
            assertThat(offsets).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
            try (KafkaConsumer<String, String> consumer = ProduceConsumeCompatibilityTest.consumer(bootstrap, Map.of())) {
                List<ConsumerRecord<String, String>> records = ProduceConsumeCompatibilityTest.readFromStart(consumer,
                        ProduceConsumeCompatibilityTest.partitions("retried", 1), 10);
                assertThat(records).extracting(ConsumerRecord::value)
                        .containsExactly("v0", "v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8", "v9");
                assertThat(consumer.endOffsets(ProduceConsumeCompatibilityTest.partitions("retried", 1)).values())
                        .containsExactly(10L);
            }
        }
    }
}
