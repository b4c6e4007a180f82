package io.sluice.server.compat;

import static io.sluice.server.compat.AdminTopicsCompatibilityTest.awaitTrue;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.server.cluster.SluiceTestCluster;
import io.sluice.server.log.Log;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * A compacted topic written by the official (idempotent) producer, cleaned by the broker's cleaner
 * thread, and read back by the official consumer: gaps in offsets and batches whose records were all
 * removed must not trouble it, and every key ends at its last value.
 */
class CompactionCompatibilityTest {

    @Test
    void theConsumerReadsTheLatestValueOfEveryKeyFromACompactedTopic() throws Exception {
        try (SluiceTestCluster cluster = SluiceTestCluster.start(1,
                Map.of("log.cleaner.backoff.ms", "50", "log.cleaner.dedupe.buffer.size", "1048576"))) {
            ProduceConsumeCompatibilityTest.createTopic(cluster.broker(0), "compacted", 1, Map.of(
                    "cleanup.policy", "compact", "segment.bytes", "4096", "min.cleanable.dirty.ratio", "0.1",
                    "file.delete.delay.ms", "0"));

            Map<String, String> latest = new HashMap<>();
            Random random = new Random(42);
            int produced = 3000;
            java.util.Properties props = ProduceConsumeCompatibilityTest.producerProps(cluster.bootstrapServers());
            // Batches well below segment.bytes, so the log has many segments to clean.
            props.put("batch.size", "1024");
            List<java.util.concurrent.Future<?>> sends = new ArrayList<>();
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
                for (int i = 0; i < produced; i++) {
                    String key = "key-" + random.nextInt(40);
                    String value = "value-" + i;
                    latest.put(key, value);
                    sends.add(producer.send(new ProducerRecord<>("compacted", 0, key, value)));
                }
                producer.flush();
            }
            for (java.util.concurrent.Future<?> send : sends) {
                send.get(30, TimeUnit.SECONDS);
            }

            Log log = cluster.broker(0).services().logManager()
                    .getLog(new io.sluice.server.log.TopicPartition("compacted", 0)).orElseThrow();
            awaitTrue(() -> cluster.broker(0).services().logManager().cleaner().cleanings() > 0
                    && cluster.broker(0).services().logManager().cleaner().dirtyRatio(log) < 0.1, "the log was cleaned");

            TopicPartition tp = new TopicPartition("compacted", 0);
            List<ConsumerRecord<String, String>> records = new ArrayList<>();
            try (KafkaConsumer<String, String> consumer = ProduceConsumeCompatibilityTest.consumer(cluster.bootstrapServers(),
                    Map.of("max.poll.records", "100"))) {
                consumer.assign(List.of(tp));
                consumer.seekToBeginning(List.of(tp));
                long end = consumer.endOffsets(List.of(tp)).get(tp);
                assertThat(end).isEqualTo(produced);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (consumer.position(tp) < end && System.nanoTime() < deadline) {
                    consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                }
                assertThat(consumer.position(tp)).isEqualTo(end);
            }
            assertThat(records.size()).isLessThan(produced);
            for (int i = 1; i < records.size(); i++) {
                assertThat(records.get(i).offset()).isGreaterThan(records.get(i - 1).offset());
            }
            Map<String, String> seen = new HashMap<>();
            for (ConsumerRecord<String, String> record : records) {
                seen.put(record.key(), record.value());
            }
            assertThat(seen).isEqualTo(latest);
        }
    }
}
