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
import org.junit.jupiter.api.Test;

/**
 * A broker restart under a live idempotent producer: the data survives, and the producer carries on
 * with its sequence numbers after the restart (the broker rebuilt its producer state from disk), so
 * the log holds every record exactly once.
 */
class BrokerRestartCompatibilityTest {

    @Test
    void recordsAndProducerStateSurviveARestart() throws Exception {
        try (SluiceTestCluster cluster = SluiceTestCluster.start(1)) {
            ProduceConsumeCompatibilityTest.createTopic(cluster.broker(0), "restart", 2, Map.of());
            Properties props = ProduceConsumeCompatibilityTest.producerProps(cluster.bootstrapServers());
            props.put("retries", Integer.toString(Integer.MAX_VALUE));
            props.put("delivery.timeout.ms", "120000");
            List<String> sent = new ArrayList<>();
            try (Producer<String, String> producer = new KafkaProducer<>(props)) {
                for (int i = 0; i < 50; i++) {
                    producer.send(new ProducerRecord<>("restart", i % 2, "k" + i, "before-" + i)).get();
                    sent.add("before-" + i);
                }
                cluster.stopBroker(0);
                cluster.startBroker(0);
                // Same producer id and epoch, sequences continue from 25 per partition.
                for (int i = 0; i < 50; i++) {
                    producer.send(new ProducerRecord<>("restart", i % 2, "k" + i, "after-" + i)).get();
                    sent.add("after-" + i);
                }
            }
            try (KafkaConsumer<String, String> consumer = ProduceConsumeCompatibilityTest.consumer(
                    cluster.bootstrapServers(), Map.of())) {
                List<ConsumerRecord<String, String>> records = ProduceConsumeCompatibilityTest.readFromStart(consumer,
                        ProduceConsumeCompatibilityTest.partitions("restart", 2), 100);
                assertThat(records).extracting(ConsumerRecord::value).containsExactlyInAnyOrderElementsOf(sent);
                assertThat(consumer.endOffsets(ProduceConsumeCompatibilityTest.partitions("restart", 2)).values())
                        .containsOnly(50L);
            }
        }
    }
}
