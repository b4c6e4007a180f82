package io.sluice.clients.it;

import io.sluice.clients.common.TopicPartition;
import io.sluice.clients.consumer.ConsumerRecord;
import io.sluice.clients.consumer.ConsumerRecords;
import io.sluice.clients.consumer.NoOffsetForPartitionException;
import io.sluice.clients.consumer.OffsetAndTimestamp;
import io.sluice.clients.consumer.SluiceConsumer;
import io.sluice.clients.consumer.WakeupException;
import io.sluice.record.TimestampType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static io.sluice.clients.it.ConsumerTestSupport.consumerProps;
import static io.sluice.clients.it.ConsumerTestSupport.offsetsByPartition;
import static io.sluice.clients.it.ConsumerTestSupport.partitions;
import static io.sluice.clients.it.ConsumerTestSupport.pollUntil;
import static io.sluice.clients.it.ConsumerTestSupport.produce;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Our consumer without a group (assign()) against Sluice and Apache Kafka 3.9. */
class ConsumerAssignTest extends Brokers.PerClass {

    /** Every codec, max.poll.records, offsets, headers, timestamps, leader epochs. */
    @ParameterizedTest
    @EnumSource(BrokerUnderTest.class)
    void readsExactlyWhatWasProducedWithEveryCodec(BrokerUnderTest kind) {
        TestBroker broker = broker(kind);
        String topic = "assign-codecs-" + kind;
        broker.createTopic(topic, 3);
        Set<String> expected = new HashSet<>();
        for (String codec : List.of("none", "gzip", "snappy", "lz4", "zstd")) {
            expected.addAll(produce(broker, topic, 3, 60, codec, codec));
        }
        Properties props = consumerProps(broker, null);
        props.setProperty("max.poll.records", "7");
        try (SluiceConsumer<String, String> consumer = new SluiceConsumer<>(props)) {
            consumer.assign(partitions(topic, 3));
            List<ConsumerRecord<String, String>> records = pollUntil(consumer, expected.size(), 7);

            assertThat(records).hasSize(expected.size());
            assertThat(records.stream().map(ConsumerRecord::value).toList()).containsExactlyInAnyOrderElementsOf(expected);
            offsetsByPartition(records).forEach((tp, offsets) -> {
                for (int i = 0; i < offsets.size(); i++) {
                    assertThat(offsets.get(i)).as("offsets of %s", tp).isEqualTo(i);
                }
            });
            ConsumerRecord<String, String> first = records.get(0);
            String index = first.value().substring(first.value().lastIndexOf('-') + 1);
            assertThat(first.key()).isEqualTo("k-" + index);
            assertThat(new String(first.lastHeader("h").value())).isEqualTo("hv-" + index);
            assertThat(first.timestampType()).isEqualTo(TimestampType.CREATE_TIME);
            assertThat(first.timestamp()).isPositive();
            assertThat(first.leaderEpoch()).isPresent();
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions(topic, 3));
            for (TopicPartition tp : partitions(topic, 3)) {
                assertThat(consumer.position(tp)).isEqualTo(ends.get(tp)).isEqualTo(100L);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(BrokerUnderTest.class)
    void seekRewindAndOffsetsForTimes(BrokerUnderTest kind) {
        TestBroker broker = broker(kind);
        String topic = "assign-seek-" + kind;
        broker.createTopic(topic, 1);
        produce(broker, topic, 1, 20, "s", "none");
        TopicPartition tp = new TopicPartition(topic, 0);
        try (SluiceConsumer<String, String> consumer = new SluiceConsumer<>(consumerProps(broker, null))) {
            consumer.assign(List.of(tp));
            List<ConsumerRecord<String, String>> all = pollUntil(consumer, 20, 500);

            consumer.seek(tp, 13);
            assertThat(consumer.position(tp)).isEqualTo(13);
            List<ConsumerRecord<String, String>> tail = pollUntil(consumer, 7, 500);
            assertThat(tail.get(0).offset()).isEqualTo(13);
            assertThat(tail.get(0).value()).isEqualTo("s-13");

            consumer.seekToBeginning(List.of(tp));
            assertThat(consumer.position(tp)).isZero();
            assertThat(pollUntil(consumer, 20, 500).stream().map(ConsumerRecord::value).toList())
                    .isEqualTo(all.stream().map(ConsumerRecord::value).toList());

            consumer.seekToEnd(List.of(tp));
            assertThat(consumer.position(tp)).isEqualTo(20);
            assertThat(consumer.beginningOffsets(List.of(tp))).containsEntry(tp, 0L);

            ConsumerRecord<String, String> target = all.get(11);
            Map<TopicPartition, OffsetAndTimestamp> byTime = consumer.offsetsForTimes(Map.of(tp, target.timestamp()));
            // The first record with a timestamp >= the target's: the target or an earlier one with the same timestamp.
            assertThat(byTime.get(tp).offset()).isLessThanOrEqualTo(11);
            assertThat(all.get((int) byTime.get(tp).offset()).timestamp()).isEqualTo(target.timestamp());
            assertThat(consumer.offsetsForTimes(Map.of(tp, Long.MAX_VALUE / 2)).get(tp)).isNull();
        }
    }

    @ParameterizedTest
    @EnumSource(BrokerUnderTest.class)
    void autoOffsetResetLatestAndNone(BrokerUnderTest kind) {
        TestBroker broker = broker(kind);
        String topic = "assign-reset-" + kind;
        broker.createTopic(topic, 1);
        produce(broker, topic, 1, 10, "old", "none");
        TopicPartition tp = new TopicPartition(topic, 0);

        Properties latest = consumerProps(broker, null);
        latest.setProperty("auto.offset.reset", "latest");
        try (SluiceConsumer<String, String> consumer = new SluiceConsumer<>(latest)) {
            consumer.assign(List.of(tp));
            assertThat(consumer.position(tp)).isEqualTo(10);
            produce(broker, topic, 1, 5, "new", "none");
            List<ConsumerRecord<String, String>> records = pollUntil(consumer, 5, 500);
            assertThat(records).extracting(ConsumerRecord::value).containsExactly("new-0", "new-1", "new-2", "new-3", "new-4");
        }

        Properties none = consumerProps(broker, null);
        none.setProperty("auto.offset.reset", "none");
        try (SluiceConsumer<String, String> consumer = new SluiceConsumer<>(none)) {
            consumer.assign(List.of(tp));
            assertThatThrownBy(() -> consumer.poll(Duration.ofMillis(500)))
                    .isInstanceOf(NoOffsetForPartitionException.class)
                    .satisfies(e -> assertThat(((NoOffsetForPartitionException) e).partitions()).containsExactly(tp));
            consumer.seek(tp, 12);
            assertThat(pollUntil(consumer, 3, 500)).extracting(ConsumerRecord::value).containsExactly("new-2", "new-3", "new-4");
        }
    }

    @ParameterizedTest
    @EnumSource(BrokerUnderTest.class)
    void pauseAndResume(BrokerUnderTest kind) {
        TestBroker broker = broker(kind);
        String topic = "assign-pause-" + kind;
        broker.createTopic(topic, 2);
        produce(broker, topic, 2, 40, "p", "none");
        TopicPartition p0 = new TopicPartition(topic, 0);
        TopicPartition p1 = new TopicPartition(topic, 1);
        try (SluiceConsumer<String, String> consumer = new SluiceConsumer<>(consumerProps(broker, null))) {
            consumer.assign(List.of(p0, p1));
            consumer.pause(List.of(p1));
            assertThat(consumer.paused()).containsExactly(p1);
            List<ConsumerRecord<String, String>> fromP0 = pollUntil(consumer, 20, 500);
            // More polls while paused return nothing from p1.
            for (int i = 0; i < 5; i++) {
                assertThat(consumer.poll(Duration.ofMillis(100)).records(p1)).isEmpty();
            }
            assertThat(fromP0).allMatch(r -> r.partition() == 0);
            consumer.resume(List.of(p1));
            assertThat(consumer.paused()).isEmpty();
            List<ConsumerRecord<String, String>> fromP1 = pollUntil(consumer, 20, 500);
            assertThat(fromP1).allMatch(r -> r.partition() == 1);
            assertThat(fromP1).extracting(ConsumerRecord::offset).startsWith(0L, 1L, 2L);
        }
        // Pausing mid-stream (with data already buffered for the partition) loses and repeats nothing.
        Properties small = consumerProps(broker, null);
        small.setProperty("max.poll.records", "3");
        try (SluiceConsumer<String, String> consumer = new SluiceConsumer<>(small)) {
            consumer.assign(List.of(p0, p1));
            List<ConsumerRecord<String, String>> all = new ArrayList<>(pollUntil(consumer, 9, 3));
            consumer.pause(List.of(p1));
            long pausedAt = consumer.position(p1);
            for (int i = 0; i < 10; i++) {
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(50));
                assertThat(records.records(p1)).isEmpty();
                records.forEach(all::add);
            }
            assertThat(consumer.position(p1)).isEqualTo(pausedAt);
            consumer.resume(List.of(p1));
            waitForCount(consumer, all, 40);
            assertThat(all.stream().filter(r -> r.partition() == 1).map(ConsumerRecord::offset).toList())
                    .containsExactlyElementsOf(java.util.stream.LongStream.range(0, 20).boxed().toList());
            assertThat(all.stream().filter(r -> r.partition() == 0).map(ConsumerRecord::offset).toList())
                    .containsExactlyElementsOf(java.util.stream.LongStream.range(0, 20).boxed().toList());
        }
    }

    private static void waitForCount(SluiceConsumer<String, String> consumer, List<ConsumerRecord<String, String>> sink, int count) {
        sink.addAll(pollUntil(consumer, count - sink.size(), 500));
    }

    @ParameterizedTest
    @EnumSource(BrokerUnderTest.class)
    void wakeupInterruptsABlockedPoll(BrokerUnderTest kind) throws Exception {
        TestBroker broker = broker(kind);
        String topic = "assign-wakeup-" + kind;
        broker.createTopic(topic, 1);
        try (SluiceConsumer<String, String> consumer = new SluiceConsumer<>(consumerProps(broker, null))) {
            consumer.assign(List.of(new TopicPartition(topic, 0)));
            // Before a poll: the next poll throws at once.
            consumer.wakeup();
            assertThatThrownBy(() -> consumer.poll(Duration.ofSeconds(30))).isInstanceOf(WakeupException.class);

            CountDownLatch polling = new CountDownLatch(1);
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            Thread poller = new Thread(() -> {
                polling.countDown();
                try {
                    consumer.poll(Duration.ofMinutes(5));
                } catch (Throwable t) {
                    thrown.set(t);
                }
            });
            poller.start();
            assertThat(polling.await(30, TimeUnit.SECONDS)).isTrue();
            Thread.sleep(300); // let it block in poll on the empty partition
            consumer.wakeup();
            poller.join(60_000);
            assertThat(poller.isAlive()).isFalse();
            assertThat(thrown.get()).isInstanceOf(WakeupException.class);
            // The consumer still works afterwards.
            produce(broker, topic, 1, 3, "w", "none");
            assertThat(pollUntil(consumer, 3, 500)).hasSize(3);
        }
    }

    /**
     * read_committed against Apache Kafka only: Sluice has no transaction coordinator yet. A
     * committed and an aborted transaction interleaved with plain records: read_committed sees the
     * committed and plain ones and stops at the last stable offset while a transaction is open;
     * read_uncommitted sees everything; neither ever sees a marker.
     */
    @org.junit.jupiter.api.Test
    void readCommittedSkipsAbortedTransactionsAndStopsAtTheLastStableOffset() {
        TestBroker broker = broker(BrokerUnderTest.APACHE_KAFKA);
        String topic = "assign-txn";
        broker.createTopic(topic, 1);
        TopicPartition tp = new TopicPartition(topic, 0);
        Properties txProps = new Properties();
        txProps.setProperty("bootstrap.servers", broker.bootstrapServers());
        txProps.setProperty("transactional.id", "consumer-it-tx");
        txProps.setProperty("key.serializer", org.apache.kafka.common.serialization.StringSerializer.class.getName());
        txProps.setProperty("value.serializer", org.apache.kafka.common.serialization.StringSerializer.class.getName());
        try (org.apache.kafka.clients.producer.KafkaProducer<String, String> tx = new org.apache.kafka.clients.producer.KafkaProducer<>(txProps)) {
            tx.initTransactions();
            tx.beginTransaction();
            for (int i = 0; i < 3; i++) {
                tx.send(new org.apache.kafka.clients.producer.ProducerRecord<>(topic, 0, null, "committed-" + i));
            }
            tx.commitTransaction();
            tx.beginTransaction();
            for (int i = 0; i < 3; i++) {
                tx.send(new org.apache.kafka.clients.producer.ProducerRecord<>(topic, 0, null, "aborted-" + i));
            }
            tx.flush();
            tx.abortTransaction();
            produce(broker, topic, 1, 2, "plain", "none");
            tx.beginTransaction();
            tx.send(new org.apache.kafka.clients.producer.ProducerRecord<>(topic, 0, null, "open-0"));
            tx.flush();

            Properties committed = consumerProps(broker, null);
            committed.setProperty("isolation.level", "read_committed");
            try (SluiceConsumer<String, String> consumer = new SluiceConsumer<>(committed)) {
                consumer.assign(List.of(tp));
                List<ConsumerRecord<String, String>> records = pollUntil(consumer, 5, 500);
                assertThat(records).extracting(ConsumerRecord::value)
                        .containsExactly("committed-0", "committed-1", "committed-2", "plain-0", "plain-1");
                // The open transaction holds the last stable offset back: nothing more arrives.
                for (int i = 0; i < 3; i++) {
                    assertThat(consumer.poll(Duration.ofMillis(200)).isEmpty()).isTrue();
                }
                long lso = consumer.endOffsets(List.of(tp)).get(tp);
                assertThat(consumer.position(tp)).isEqualTo(lso);
                tx.commitTransaction();
                assertThat(pollUntil(consumer, 1, 500)).extracting(ConsumerRecord::value).containsExactly("open-0");
            }
        }
        Properties uncommitted = consumerProps(broker, null);
        try (SluiceConsumer<String, String> consumer = new SluiceConsumer<>(uncommitted)) {
            consumer.assign(List.of(tp));
            assertThat(pollUntil(consumer, 9, 500)).extracting(ConsumerRecord::value).containsExactly("committed-0", "committed-1",
                    "committed-2", "aborted-0", "aborted-1", "aborted-2", "plain-0", "plain-1", "open-0");
        }
    }

    @ParameterizedTest
    @EnumSource(BrokerUnderTest.class)
    void pipelinedFetchesKeepUpWithSmallPolls(BrokerUnderTest kind) {
        TestBroker broker = broker(kind);
        String topic = "assign-big-" + kind;
        broker.createTopic(topic, 2);
        List<String> expected = new ArrayList<>(produce(broker, topic, 2, 3000, "big", "lz4"));
        Properties props = consumerProps(broker, null);
        props.setProperty("max.poll.records", "100");
        props.setProperty("max.partition.fetch.bytes", "4096"); // many fetches per partition
        try (SluiceConsumer<String, String> consumer = new SluiceConsumer<>(props)) {
            consumer.assign(partitions(topic, 2));
            List<ConsumerRecord<String, String>> records = pollUntil(consumer, expected.size(), 100);
            assertThat(records).extracting(ConsumerRecord::value).containsExactlyInAnyOrderElementsOf(expected);
            ConsumerRecords<String, String> more = consumer.poll(Duration.ofMillis(200));
            assertThat(more.isEmpty()).isTrue();
        }
    }
}
