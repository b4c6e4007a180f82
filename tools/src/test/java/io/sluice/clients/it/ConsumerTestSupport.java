package io.sluice.clients.it;

import io.sluice.clients.common.TopicPartition;
import io.sluice.clients.consumer.ConsumerRecord;
import io.sluice.clients.consumer.ConsumerRecords;
import io.sluice.clients.consumer.SluiceConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.BooleanSupplier;

/** Helpers shared by the consumer integration tests: producing with the official producer, polling until. */
final class ConsumerTestSupport {

    private ConsumerTestSupport() {
    }

    static Properties consumerProps(TestBroker broker, String groupId) {
        Properties p = new Properties();
        p.setProperty("bootstrap.servers", broker.bootstrapServers());
        if (groupId != null) {
            p.setProperty("group.id", groupId);
        }
        // The Kafka class names on purpose: Properties written for Kafka's consumer must work.
        p.setProperty("key.deserializer", "org.apache.kafka.common.serialization.StringDeserializer");
        p.setProperty("value.deserializer", "org.apache.kafka.common.serialization.StringDeserializer");
        p.setProperty("auto.offset.reset", "earliest");
        return p;
    }

    /** Produces {@code count} records "prefix-i" round-robin over the partitions with the official producer; returns the values. */
    static List<String> produce(TestBroker broker, String topic, int partitions, int count, String prefix, String compression) {
        Properties p = new Properties();
        p.setProperty("bootstrap.servers", broker.bootstrapServers());
        p.setProperty("key.serializer", StringSerializer.class.getName());
        p.setProperty("value.serializer", StringSerializer.class.getName());
        p.setProperty("compression.type", compression);
        p.setProperty("linger.ms", "5");
        List<String> values = new ArrayList<>();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            for (int i = 0; i < count; i++) {
                String value = prefix + "-" + i;
                ProducerRecord<String, String> record = new ProducerRecord<>(topic, i % partitions, "k-" + i, value);
                record.headers().add("h", ("hv-" + i).getBytes());
                producer.send(record);
                values.add(value);
            }
            producer.flush();
        }
        return values;
    }

    /** Polls until {@code count} records arrived (or fails after 60 s); checks every poll respects max.poll.records. */
    static List<ConsumerRecord<String, String>> pollUntil(SluiceConsumer<String, String> consumer, int count, int maxPollRecords) {
        List<ConsumerRecord<String, String>> out = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (out.size() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Only " + out.size() + " of " + count + " records after 60 s");
            }
            ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(200));
            if (records.count() > maxPollRecords) {
                throw new AssertionError("poll returned " + records.count() + " > max.poll.records " + maxPollRecords);
            }
            records.forEach(out::add);
        }
        return out;
    }

    static void waitFor(BooleanSupplier condition, Runnable step, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out waiting for " + what);
            }
            step.run();
        }
    }

    static Map<TopicPartition, List<Long>> offsetsByPartition(List<ConsumerRecord<String, String>> records) {
        Map<TopicPartition, List<Long>> out = new HashMap<>();
        for (ConsumerRecord<String, String> r : records) {
            out.computeIfAbsent(new TopicPartition(r.topic(), r.partition()), k -> new ArrayList<>()).add(r.offset());
        }
        return out;
    }

    static List<TopicPartition> partitions(String topic, int n) {
        List<TopicPartition> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new TopicPartition(topic, i));
        }
        return out;
    }
}
