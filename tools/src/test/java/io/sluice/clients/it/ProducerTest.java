package io.sluice.clients.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.clients.common.RecordTooLargeException;
import io.sluice.clients.common.TimeoutException;
import io.sluice.clients.producer.ProducerRecord;
import io.sluice.clients.producer.RecordMetadata;
import io.sluice.clients.producer.SluiceProducer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Our producer against Sluice and Apache Kafka 3.9, checked with the official consumer. Topic
 * auto-creation is off on both brokers, so every test creates its topic.
 */
class ProducerTest extends Brokers.PerClass {

    @Override
    protected Map<String, String> brokerConfig() {
        return Map.of("auto.create.topics.enable", "false");
    }

    private static Map<String, Object> producerConfig(TestBroker broker, Map<String, Object> extra) {
        Map<String, Object> config = new HashMap<>();
        config.put("bootstrap.servers", broker.bootstrapServers());
        config.put("key.serializer", "org.apache.kafka.common.serialization.StringSerializer");
        config.put("value.serializer", "org.apache.kafka.common.serialization.StringSerializer");
        config.putAll(extra);
        return config;
    }

    static Stream<Arguments> acksAndCodecs() {
        List<Arguments> out = new ArrayList<>();
        for (BrokerUnderTest kind : BrokerUnderTest.values()) {
            for (String acks : List.of("0", "1", "all")) {
                out.add(Arguments.of(kind, acks, "none"));
            }
            for (String codec : List.of("gzip", "snappy", "lz4", "zstd")) {
                out.add(Arguments.of(kind, "all", codec));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} acks={1} compression={2}")
    @MethodSource("acksAndCodecs")
    void recordsArriveInOrderWithTheOffsetsTheFuturesReport(BrokerUnderTest kind, String acks, String codec) throws Exception {
        TestBroker broker = broker(kind);
        String topic = "acks-" + acks + "-" + codec + "-" + kind;
        broker.createTopic(topic, 1);
        int count = 300;
        List<Future<RecordMetadata>> futures = new ArrayList<>();
        List<RecordMetadata> callbacks = Collections.synchronizedList(new ArrayList<>());
        try (SluiceProducer<String, String> producer = new SluiceProducer<>(producerConfig(broker,
                Map.of("acks", acks, "compression.type", codec, "linger.ms", "5")))) {
            for (int i = 0; i < count; i++) {
                futures.add(producer.send(new ProducerRecord<>(topic, "k" + i, "value-" + i + "-" + "x".repeat(i % 50)),
                        (metadata, e) -> callbacks.add(e == null ? metadata : null)));
            }
            producer.flush();
            assertThat(futures).allMatch(Future::isDone);
        }
        List<ConsumerRecord<byte[], byte[]>> read = OfficialConsumer.readAll(broker.bootstrapServers(), topic, count);
        assertThat(read).hasSize(count);
        for (int i = 0; i < count; i++) {
            assertThat(new String(read.get(i).value(), StandardCharsets.UTF_8)).isEqualTo("value-" + i + "-" + "x".repeat(i % 50));
            assertThat(new String(read.get(i).key(), StandardCharsets.UTF_8)).isEqualTo("k" + i);
            RecordMetadata metadata = futures.get(i).get();
            assertThat(metadata.partition()).isZero();
            assertThat(metadata.offset()).isEqualTo(acks.equals("0") ? -1 : read.get(i).offset());
        }
        assertThat(callbacks).hasSize(count).doesNotContainNull();
        if (!acks.equals("0")) {
            assertThat(callbacks).extracting(RecordMetadata::offset).isSorted();
        }
    }

    @ParameterizedTest
    @EnumSource(BrokerUnderTest.class)
    void keyedRecordsGoToKafkasPartitionAndNullKeysAreSpread(BrokerUnderTest kind) throws Exception {
        TestBroker broker = broker(kind);
        String topic = "keyed-" + kind;
        broker.createTopic(topic, 5);
        int keyed = 500;
        int keyless = 400;
        List<Future<RecordMetadata>> futures = new ArrayList<>();
        try (SluiceProducer<String, String> producer = new SluiceProducer<>(producerConfig(broker,
                Map.of("batch.size", "2048", "linger.ms", "1")))) {
            for (int i = 0; i < keyed; i++) {
                futures.add(producer.send(new ProducerRecord<>(topic, "key-" + i, "keyed-" + i)));
            }
            for (int i = 0; i < keyless; i++) {
                futures.add(producer.send(new ProducerRecord<>(topic, null, "keyless-" + i + "-" + "y".repeat(100))));
            }
            producer.flush();
        }
        List<ConsumerRecord<byte[], byte[]>> read = OfficialConsumer.readAll(broker.bootstrapServers(), topic, keyed + keyless);
        assertThat(read).hasSize(keyed + keyless);
        Map<Integer, Integer> keylessPerPartition = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : read) {
            if (record.key() != null) {
                int expected = Utils.toPositive(Utils.murmur2(record.key())) % 5;
                assertThat(record.partition()).as("partition of key %s", new String(record.key(), StandardCharsets.UTF_8))
                        .isEqualTo(expected);
                int i = Integer.parseInt(new String(record.value(), StandardCharsets.UTF_8).substring("keyed-".length()));
                RecordMetadata metadata = futures.get(i).get();
                assertThat(metadata.partition()).isEqualTo(record.partition());
                assertThat(metadata.offset()).isEqualTo(record.offset());
            } else {
                keylessPerPartition.merge(record.partition(), 1, Integer::sum);
            }
        }
        // Sticky batching: ~400 * 110 bytes over 2 KiB batches switches partition many times.
        assertThat(keylessPerPartition.size()).isGreaterThan(1);
    }

    @ParameterizedTest
    @EnumSource(BrokerUnderTest.class)
    void roundRobinPartitionerCyclesThroughPartitions(BrokerUnderTest kind) throws Exception {
        TestBroker broker = broker(kind);
        String topic = "round-robin-" + kind;
        broker.createTopic(topic, 3);
        List<Integer> partitions = new ArrayList<>();
        try (SluiceProducer<String, String> producer = new SluiceProducer<>(producerConfig(broker,
                Map.of("partitioner.class", "org.apache.kafka.clients.producer.RoundRobinPartitioner")))) {
            for (int i = 0; i < 9; i++) {
                partitions.add(producer.send(new ProducerRecord<>(topic, "same-key", "v" + i)).get(60, TimeUnit.SECONDS).partition());
            }
        }
        assertThat(partitions.subList(0, 3)).containsExactlyInAnyOrder(0, 1, 2);
        assertThat(partitions.subList(3, 6)).isEqualTo(partitions.subList(0, 3));
        assertThat(partitions.subList(6, 9)).isEqualTo(partitions.subList(0, 3));
    }

    @ParameterizedTest
    @EnumSource(BrokerUnderTest.class)
    void aRecordOverMaxRequestSizeFailsThroughFutureAndCallback(BrokerUnderTest kind) throws Exception {
        TestBroker broker = broker(kind);
        String topic = "too-large-" + kind;
        broker.createTopic(topic, 1);
        List<Exception> errors = Collections.synchronizedList(new ArrayList<>());
        try (SluiceProducer<String, String> producer = new SluiceProducer<>(producerConfig(broker, Map.of("max.request.size", "10000")))) {
            Future<RecordMetadata> future = producer.send(new ProducerRecord<>(topic, "x".repeat(20_000)), (m, e) -> errors.add(e));
            assertThatThrownBy(future::get).isInstanceOf(ExecutionException.class).hasCauseInstanceOf(RecordTooLargeException.class)
                    .hasMessageContaining("max.request.size");
            assertThat(errors).singleElement().isInstanceOf(RecordTooLargeException.class);
            // A normal record still goes through.
            assertThat(producer.send(new ProducerRecord<>(topic, "small")).get(60, TimeUnit.SECONDS).offset()).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(BrokerUnderTest.class)
    void anUnknownTopicTimesOutWithinMaxBlockMs(BrokerUnderTest kind) throws Exception {
        TestBroker broker = broker(kind);
        List<Exception> errors = Collections.synchronizedList(new ArrayList<>());
        try (SluiceProducer<String, String> producer = new SluiceProducer<>(producerConfig(broker, Map.of("max.block.ms", "1000")))) {
            Future<RecordMetadata> future = producer.send(new ProducerRecord<>("does-not-exist-" + kind, "v"), (m, e) -> errors.add(e));
            assertThatThrownBy(future::get).hasCauseInstanceOf(TimeoutException.class)
                    .hasMessageContaining("not present in metadata after 1000 ms");
            assertThat(errors).singleElement().isInstanceOf(TimeoutException.class);
            assertThatThrownBy(() -> producer.partitionsFor("does-not-exist-" + kind)).isInstanceOf(TimeoutException.class);
        }
    }

    /**
     * Kafka's flush() contract: when it returns, every record sent before it is done AND its
     * callback has run. Many small batches (batch.size 1 KiB, 4 partitions) complete on the sender
     * thread while flush() waits, which is when a callback could still be running after flush().
     */
    @ParameterizedTest
    @EnumSource(BrokerUnderTest.class)
    void everyCallbackHasRunWhenFlushReturns(BrokerUnderTest kind) throws Exception {
        TestBroker broker = broker(kind);
        String topic = "flush-callbacks-" + kind;
        broker.createTopic(topic, 4);
        int perRound = 10_000;
        String value = "x".repeat(100);
        try (SluiceProducer<String, String> producer = new SluiceProducer<>(producerConfig(broker,
                Map.of("acks", "1", "batch.size", "1024", "linger.ms", "0")))) {
            for (int round = 1; round <= 5; round++) {
                java.util.concurrent.atomic.AtomicInteger completed = new java.util.concurrent.atomic.AtomicInteger();
                java.util.concurrent.atomic.AtomicInteger failed = new java.util.concurrent.atomic.AtomicInteger();
                List<Future<RecordMetadata>> futures = new ArrayList<>(perRound);
                for (int i = 0; i < perRound; i++) {
                    futures.add(producer.send(new ProducerRecord<>(topic, Integer.toString(i), value), (metadata, e) -> {
                        if (e != null) {
                            failed.incrementAndGet();
                        }
                        completed.incrementAndGet();
                    }));
                }
                producer.flush();
                assertThat(completed.get()).as("callbacks run when flush() returned, round %d", round).isEqualTo(perRound);
                assertThat(failed.get()).isZero();
                assertThat(futures).allMatch(Future::isDone);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(BrokerUnderTest.class)
    void closeSendsWhatIsQueuedAndThenRejectsSends(BrokerUnderTest kind) throws Exception {
        TestBroker broker = broker(kind);
        String topic = "close-" + kind;
        broker.createTopic(topic, 2);
        List<Future<RecordMetadata>> futures = new ArrayList<>();
        SluiceProducer<String, String> producer = new SluiceProducer<>(producerConfig(broker, Map.of("linger.ms", "60000")));
        for (int i = 0; i < 100; i++) {
            futures.add(producer.send(new ProducerRecord<>(topic, "k" + i, "v" + i)));
        }
        assertThat(futures).noneMatch(Future::isDone); // linger.ms holds them back
        producer.close(Duration.ofSeconds(60));
        for (Future<RecordMetadata> future : futures) {
            assertThat(future.isDone()).isTrue();
            assertThat(future.get().hasOffset()).isTrue();
        }
        assertThatThrownBy(() -> producer.send(new ProducerRecord<>(topic, "late"))).isInstanceOf(IllegalStateException.class);
        assertThat(OfficialConsumer.readAll(broker.bootstrapServers(), topic, 100)).hasSize(100);
    }

    @ParameterizedTest
    @EnumSource(BrokerUnderTest.class)
    void partitionsForListsLeaders(BrokerUnderTest kind) throws Exception {
        TestBroker broker = broker(kind);
        String topic = "partitions-for-" + kind;
        broker.createTopic(topic, 4);
        try (SluiceProducer<String, String> producer = new SluiceProducer<>(producerConfig(broker, Map.of()))) {
            assertThat(producer.partitionsFor(topic)).hasSize(4).allMatch(p -> p.leader() != null);
        }
    }

    /** Sluice only: the fixture cannot restart the Apache Kafka process (its start script wipes its data). */
    @ParameterizedTest
    @EnumSource(value = BrokerUnderTest.class, names = "SLUICE")
    void idempotentRetriesAcrossABrokerRestartKeepOneCopyInOrder(BrokerUnderTest kind) throws Exception {
        TestBroker broker = broker(kind);
        assertThat(broker.canRestart()).isTrue();
        String topic = "idempotent-restart-" + kind;
        broker.createTopic(topic, 1);
        int count = 3000;
        List<Future<RecordMetadata>> futures = new ArrayList<>();
        try (SluiceProducer<String, String> producer = new SluiceProducer<>(producerConfig(broker,
                Map.of("linger.ms", "2", "batch.size", "4096", "retry.backoff.ms", "50", "reconnect.backoff.ms", "50",
                        "request.timeout.ms", "10000", "delivery.timeout.ms", "120000")))) {
            for (int i = 0; i < count; i++) {
                futures.add(producer.send(new ProducerRecord<>(topic, "v" + i)));
                if (i == count / 3) {
                    broker.restart(); // in flight and queued batches must be retried
                }
            }
            producer.flush();
            for (Future<RecordMetadata> future : futures) {
                assertThat(future.get().hasOffset()).isTrue();
            }
        }
        List<ConsumerRecord<byte[], byte[]>> read = OfficialConsumer.readAll(broker.bootstrapServers(), topic, count);
        assertThat(read).extracting(r -> new String(r.value(), StandardCharsets.UTF_8))
                .containsExactlyElementsOf(java.util.stream.IntStream.range(0, count).mapToObj(i -> "v" + i).toList());
        for (int i = 0; i < count; i++) {
            assertThat(futures.get(i).get().offset()).isEqualTo(read.get(i).offset());
        }
    }
}
