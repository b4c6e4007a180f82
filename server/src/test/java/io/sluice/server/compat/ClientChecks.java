package io.sluice.server.compat;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.record.RecordBatch;
import java.io.DataInputStream;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.ApiVersionsRequest;
import org.apache.kafka.common.requests.ApiVersionsResponse;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.requests.ResponseHeader;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * What the tests of other client families use to check their work independently of the client under
 * test: topic creation and reading back with the official Java clients (only calls that exist in both
 * kafka-clients 3.9 and 4.x), and the record batches exactly as the broker stored them on disk.
 */
final class ClientChecks {

    static final Duration CLIENT_WAIT = Duration.ofSeconds(60);

    private ClientChecks() {
    }

    static void createTopic(String bootstrapServers, String topic, int partitions) {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all()
                    .get(CLIENT_WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("creating topic " + topic + " failed", e);
        }
    }

    /**
     * Reads partitions {@code 0..partitions-1} of {@code topic} from the beginning with a group-less Java
     * consumer until {@code expected} records arrived, then returns them (in partition, then offset order).
     */
    static List<ConsumerRecord<String, String>> readAll(String bootstrapServers, String topic, int partitions,
            int expected) {
        Map<String, Object> config = Map.of("bootstrap.servers", bootstrapServers, "enable.auto.commit", "false",
                "auto.offset.reset", "earliest", "client.id", "sluice-compat-check");
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new StringDeserializer())) {
            List<TopicPartition> assigned = IntStream.range(0, partitions)
                    .mapToObj(p -> new TopicPartition(topic, p)).toList();
            consumer.assign(assigned);
            consumer.seekToBeginning(assigned);
            long deadline = System.nanoTime() + CLIENT_WAIT.toNanos();
            while (records.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        records.sort((a, b) -> a.partition() != b.partition() ? Integer.compare(a.partition(), b.partition())
                : Long.compare(a.offset(), b.offset()));
        assertThat(records).as("records read back from %s", topic).hasSize(expected);
        return records;
    }

    /** Every record batch of one partition's log, in file order, as the broker stored it. */
    static List<RecordBatch> batchesOnDisk(File logDir, String topic, int partition) {
        Path dir = logDir.toPath().resolve(topic + "-" + partition);
        List<RecordBatch> batches = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path segment : files.filter(f -> f.toString().endsWith(".log")).sorted().toList()) {
                ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(segment));
                int position = 0;
                while (position + RecordBatch.LOG_OVERHEAD <= bytes.limit()) {
                    RecordBatch batch = RecordBatch.at(bytes, position);
                    if (position + batch.sizeInBytes() > bytes.limit() || batch.batchLength() <= 0) {
                        break; // preallocated or partly written tail
                    }
                    batch.validate();
                    batches.add(batch);
                    position += batch.sizeInBytes();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return batches;
    }

    /** The broker's ApiVersions answer (v3), written and read with kafka-clients' own classes. */
    static ApiVersionsResponseData apiVersions(int port) {
        short version = 3;
        ByteBuffer request = new ApiVersionsRequest.Builder().build(version)
                .serializeWithHeader(new RequestHeader(ApiKeys.API_VERSIONS, version, "sluice-compat", 1));
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout((int) CLIENT_WAIT.toMillis());
            ByteBuffer frame = ByteBuffer.allocate(4 + request.remaining()).putInt(request.remaining()).put(request);
            socket.getOutputStream().write(frame.array());
            DataInputStream in = new DataInputStream(socket.getInputStream());
            byte[] response = new byte[in.readInt()];
            in.readFully(response);
            ByteBuffer buffer = ByteBuffer.wrap(response);
            ResponseHeader.parse(buffer, (short) 0); // ApiVersions answers always use response header v0
            return ApiVersionsResponse.parse(buffer, version).data();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes {@code perPartition} records to each partition {@code 0..partitions-1} of {@code topic} with the
     * Java producer (acks=all): key {@code key-P-I}, value {@code value-P-I}; the test's group consumers
     * then have known input.
     */
    static void produce(String bootstrapServers, String topic, int partitions, int perPartition) {
        Map<String, Object> props = Map.of("bootstrap.servers", bootstrapServers, "acks", "all",
                "key.serializer", org.apache.kafka.common.serialization.StringSerializer.class.getName(),
                "value.serializer", org.apache.kafka.common.serialization.StringSerializer.class.getName());
        try (org.apache.kafka.clients.producer.KafkaProducer<String, String> producer =
                     new org.apache.kafka.clients.producer.KafkaProducer<>(props)) {
            List<java.util.concurrent.Future<?>> sends = new ArrayList<>();
            for (int p = 0; p < partitions; p++) {
                for (int i = 0; i < perPartition; i++) {
                    sends.add(producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(topic, p,
                            "key-" + p + "-" + i, "value-" + p + "-" + i)));
                }
            }
            for (java.util.concurrent.Future<?> send : sends) {
                send.get(CLIENT_WAIT.toSeconds(), TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            throw new AssertionError("producing to " + topic + " failed", e);
        }
    }

    /** The lines {@code P I} a group consumer of {@link #produce}'s records must have seen, sorted. */
    static List<String> producedKeys(int partitions, int perPartition) {
        List<String> keys = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            for (int i = 0; i < perPartition; i++) {
                keys.add("key-" + p + "-" + i + " value-" + p + "-" + i);
            }
        }
        keys.sort(null);
        return keys;
    }

    /** {@code group}'s committed offsets by partition of {@code topic}, read with the Java Admin client (OffsetFetch). */
    static Map<Integer, Long> committedOffsets(String bootstrapServers, String group, String topic) {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
            Map<Integer, Long> offsets = new java.util.TreeMap<>();
            admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                    .get(CLIENT_WAIT.toSeconds(), TimeUnit.SECONDS)
                    .forEach((tp, o) -> {
                        if (tp.topic().equals(topic) && o != null) {
                            offsets.put(tp.partition(), o.offset());
                        }
                    });
            return offsets;
        } catch (Exception e) {
            throw new AssertionError("fetching the offsets of group " + group + " failed", e);
        }
    }
}
