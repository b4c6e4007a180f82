package io.sluice.server.compat;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.server.SluiceServer;
import io.sluice.server.cluster.SluiceTestCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The official Java producer and consumer against one Sluice broker: what a user's first program does
 * (the default producer is idempotent with acks=all), read back exactly with assign() and seek(),
 * every compression codec, batches larger than the consumer's fetch limits (KIP-74), acks=0,
 * long polling, offsetsForTimes and Admin.deleteRecords. Runs against kafka-clients 3.9 and 4.x.
 */
class ProduceConsumeCompatibilityTest {

    private static SluiceTestCluster cluster;

    @BeforeAll
    static void startCluster() {
        cluster = SluiceTestCluster.start(1);
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
    }

    static void createTopic(SluiceServer broker, String topic, int partitions, Map<String, String> configs) {
        broker.services().topicStore().createTopic(topic, partitions, 1, configs);
        broker.services().metadataCache().refreshTopic(topic);
    }

    static Properties producerProps(String bootstrap) {
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrap);
        props.put("key.serializer", StringSerializer.class.getName());
        props.put("value.serializer", StringSerializer.class.getName());
        return props;
    }

    static KafkaConsumer<String, String> consumer(String bootstrap, Map<String, Object> overrides) {
        Map<String, Object> props = new HashMap<>();
        props.put("bootstrap.servers", bootstrap);
        props.put("key.deserializer", StringDeserializer.class.getName());
        props.put("value.deserializer", StringDeserializer.class.getName());
        props.put("enable.auto.commit", "false");
        props.putAll(overrides);
        return new KafkaConsumer<>(props);
    }

    /** Polls {@code partitions} from offset 0 until {@code count} records arrived. */
    static List<ConsumerRecord<String, String>> readFromStart(KafkaConsumer<String, String> consumer,
                                                              List<TopicPartition> partitions, int count) {
        consumer.assign(partitions);
        for (TopicPartition tp : partitions) {
            consumer.seek(tp, 0);
        }
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (records.size() < count && System.nanoTime() < deadline) {
            consumer.poll(Duration.ofMillis(200)).forEach(records::add);
        }
        return records;
    }

    static List<TopicPartition> partitions(String topic, int count) {
        List<TopicPartition> list = new ArrayList<>();
        for (int p = 0; p < count; p++) {
            list.add(new TopicPartition(topic, p));
        }
        return list;
    }

    /** "partition/offset key=value" of what was produced or consumed, to compare both sides exactly. */
    static String describe(int partition, long offset, String key, String value) {
        return partition + "/" + offset + " " + key + "=" + value;
    }

    @Test
    void theSeedProducerProgramIsReadBackExactly() throws Exception {
        createTopic(cluster.broker(0), "my-topic", 3, Map.of());
        List<String> produced = new ArrayList<>();
        Properties props = producerProps(cluster.bootstrapServers());
        props.put("acks", "all");
        try (Producer<String, String> producer = new KafkaProducer<>(props)) {
            // Synchronously, as the program does: keys and values 0..99.
            for (int i = 0; i < 100; i++) {
                Future<RecordMetadata> future = producer.send(
                        new ProducerRecord<>("my-topic", Integer.toString(i), Integer.toString(i)));
                RecordMetadata metadata = future.get();
                produced.add(describe(metadata.partition(), metadata.offset(), Integer.toString(i), Integer.toString(i)));
            }
            // And with callbacks, many in flight at once.
            List<String> fromCallbacks = new CopyOnWriteArrayList<>();
            List<Exception> failures = new CopyOnWriteArrayList<>();
            for (int i = 100; i < 200; i++) {
                String text = Integer.toString(i);
                producer.send(new ProducerRecord<>("my-topic", text, "value-" + text), (metadata, error) -> {
                    if (error != null) {
                        failures.add(error);
                    } else {
                        fromCallbacks.add(describe(metadata.partition(), metadata.offset(), text, "value-" + text));
                    }
                });
            }
            producer.flush();
            assertThat(failures).isEmpty();
            produced.addAll(fromCallbacks);
        }
        try (KafkaConsumer<String, String> consumer = consumer(cluster.bootstrapServers(), Map.of())) {
            List<ConsumerRecord<String, String>> records = readFromStart(consumer, partitions("my-topic", 3), 200);
            List<String> consumed = new ArrayList<>();
            for (ConsumerRecord<String, String> r : records) {
                consumed.add(describe(r.partition(), r.offset(), r.key(), r.value()));
            }
            assertThat(consumed).containsExactlyInAnyOrderElementsOf(produced);
            // Offsets within each partition are dense from 0: nothing lost, nothing duplicated.
            for (TopicPartition tp : partitions("my-topic", 3)) {
                List<Long> offsets = records.stream().filter(r -> r.partition() == tp.partition())
                        .map(ConsumerRecord::offset).toList();
                for (int i = 0; i < offsets.size(); i++) {
                    assertThat(offsets.get(i)).isEqualTo(i);
                }
            }
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions("my-topic", 3));
            assertThat(ends.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(200);
        }
    }

    @Test
    void everyCompressionCodecRoundTrips() throws Exception {
        for (String codec : List.of("none", "gzip", "snappy", "lz4", "zstd")) {
            String topic = "codec-" + codec;
            createTopic(cluster.broker(0), topic, 1, Map.of());
            Properties props = producerProps(cluster.bootstrapServers());
            props.put("compression.type", codec);
            props.put("linger.ms", "50");
            List<String> sent = new ArrayList<>();
            try (Producer<String, String> producer = new KafkaProducer<>(props)) {
                for (int i = 0; i < 300; i++) {
                    String value = codec + " record " + i + " " + "x".repeat(i % 50);
                    producer.send(new ProducerRecord<>(topic, "k" + i, value));
                    sent.add("k" + i + "=" + value);
                }
                producer.flush();
            }
            try (KafkaConsumer<String, String> consumer = consumer(cluster.bootstrapServers(), Map.of())) {
                List<String> received = readFromStart(consumer, partitions(topic, 1), 300).stream()
                        .map(r -> r.key() + "=" + r.value()).toList();
                assertThat(received).as(codec).containsExactlyElementsOf(sent);
            }
        }
    }

    @Test
    void batchesLargerThanTheConsumersFetchLimitsAreStillDelivered() throws Exception {
        createTopic(cluster.broker(0), "large-batches", 1, Map.of());
        Properties props = producerProps(cluster.bootstrapServers());
        props.put("max.request.size", "2000000");
        String big = "b".repeat(400_000);
        try (Producer<String, String> producer = new KafkaProducer<>(props)) {
            for (int i = 0; i < 3; i++) {
                producer.send(new ProducerRecord<>("large-batches", "k" + i, i + big)).get();
            }
        }
        // Both limits far below one batch: KIP-74 says the first batch is returned anyway.
        try (KafkaConsumer<String, String> consumer = consumer(cluster.bootstrapServers(),
                Map.of("max.partition.fetch.bytes", 10_000, "fetch.max.bytes", 10_000))) {
            List<ConsumerRecord<String, String>> records = readFromStart(consumer, partitions("large-batches", 1), 3);
            assertThat(records).extracting(ConsumerRecord::offset).containsExactly(0L, 1L, 2L);
            assertThat(records).extracting(r -> r.value().length()).containsOnly(400_001);
        }
    }

    @Test
    void acksZeroRecordsArrive() throws Exception {
        createTopic(cluster.broker(0), "acks-zero", 1, Map.of());
        Properties props = producerProps(cluster.bootstrapServers());
        props.put("acks", "0");
        props.put("enable.idempotence", "false");
        try (Producer<String, String> producer = new KafkaProducer<>(props)) {
            for (int i = 0; i < 50; i++) {
                RecordMetadata metadata = producer.send(new ProducerRecord<>("acks-zero", "k" + i, "v" + i)).get();
                assertThat(metadata.hasOffset()).isFalse();
            }
            producer.flush();
        }
        try (KafkaConsumer<String, String> consumer = consumer(cluster.bootstrapServers(), Map.of())) {
            assertThat(readFromStart(consumer, partitions("acks-zero", 1), 50)).extracting(ConsumerRecord::value)
                    .containsExactlyElementsOf(java.util.stream.IntStream.range(0, 50).mapToObj(i -> "v" + i).toList());
        }
    }

    @Test
    void aWaitingConsumerReceivesRecordsProducedLater() throws Exception {
        createTopic(cluster.broker(0), "long-poll", 1, Map.of());
        try (KafkaConsumer<String, String> consumer = consumer(cluster.bootstrapServers(),
                // Long enough that the fetch sits in the broker's purgatory when the record comes; short
                // enough that close() (which waits for the fetch in flight) is quick.
                Map.of("fetch.max.wait.ms", 5_000, "fetch.min.bytes", 1))) {
            consumer.assign(partitions("long-poll", 1));
            consumer.seek(new TopicPartition("long-poll", 0), 0);
            assertThat(consumer.poll(Duration.ofMillis(500))).isEmpty();
            CompletableFuture<Void> produced = CompletableFuture.runAsync(() -> {
                try (Producer<String, String> producer = new KafkaProducer<>(producerProps(cluster.bootstrapServers()))) {
                    producer.send(new ProducerRecord<>("long-poll", "late", "arrival")).get();
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            List<ConsumerRecord<String, String>> records = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (records.isEmpty() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofSeconds(5)).forEach(records::add);
            }
            produced.get(60, TimeUnit.SECONDS);
            assertThat(records).extracting(ConsumerRecord::value).containsExactly("arrival");
        }
    }

    @Test
    void offsetsForTimesFindsTheFirstRecordAtOrAfterATimestamp() throws Exception {
        createTopic(cluster.broker(0), "by-time", 1, Map.of());
        long base = System.currentTimeMillis() - 100_000;
        Properties props = producerProps(cluster.bootstrapServers());
        props.put("linger.ms", "100");
        try (Producer<String, String> producer = new KafkaProducer<>(props)) {
            // Sent together, so several records share a batch and the answer lies inside one.
            for (int i = 0; i < 10; i++) {
                producer.send(new ProducerRecord<>("by-time", 0, base + i * 1000L, "k" + i, "v" + i));
            }
            producer.flush();
        }
        TopicPartition tp = new TopicPartition("by-time", 0);
        try (KafkaConsumer<String, String> consumer = consumer(cluster.bootstrapServers(), Map.of())) {
            Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(Map.of(tp, base + 4500));
            assertThat(found.get(tp).offset()).isEqualTo(5);
            assertThat(found.get(tp).timestamp()).isEqualTo(base + 5000);
            assertThat(consumer.offsetsForTimes(Map.of(tp, base + 3000)).get(tp).offset()).isEqualTo(3);
            assertThat(consumer.offsetsForTimes(Map.of(tp, base + 99_000)).get(tp)).isNull();
            assertThat(consumer.beginningOffsets(List.of(tp))).containsEntry(tp, 0L);
            assertThat(consumer.endOffsets(List.of(tp))).containsEntry(tp, 10L);
        }
    }

    @Test
    void adminDeleteRecordsMovesTheBeginning() throws Exception {
        createTopic(cluster.broker(0), "delete-records", 1, Map.of());
        try (Producer<String, String> producer = new KafkaProducer<>(producerProps(cluster.bootstrapServers()))) {
            for (int i = 0; i < 10; i++) {
                producer.send(new ProducerRecord<>("delete-records", "k" + i, "v" + i)).get();
            }
        }
        TopicPartition tp = new TopicPartition("delete-records", 0);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
            long low = admin.deleteRecords(Map.of(tp, RecordsToDelete.beforeOffset(6))).lowWatermarks().get(tp)
                    .get(30, TimeUnit.SECONDS).lowWatermark();
            assertThat(low).isEqualTo(6);
        }
        try (KafkaConsumer<String, String> consumer = consumer(cluster.bootstrapServers(),
                Map.of("auto.offset.reset", "earliest"))) {
            assertThat(consumer.beginningOffsets(List.of(tp))).containsEntry(tp, 6L);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            List<String> values = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (values.size() < 4 && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
            }
            assertThat(values).containsExactly("v6", "v7", "v8", "v9");
        }
    }
}
