package io.sluice.tools.perf;

import io.sluice.clients.common.TopicPartition;
import io.sluice.clients.consumer.ConsumerRecord;
import io.sluice.clients.consumer.ConsumerRecords;
import io.sluice.clients.consumer.SluiceConsumer;
import io.sluice.clients.metadata.PartitionInfo;
import io.sluice.clients.producer.ProducerRecord;
import io.sluice.clients.producer.SluiceProducer;
import io.sluice.clients.serialization.ByteArrayDeserializer;
import io.sluice.clients.serialization.ByteArraySerializer;
import io.sluice.tools.common.AdminConnection;
import io.sluice.tools.common.KeyValues;
import io.sluice.tools.common.ToolCommand;
import io.sluice.tools.common.ToolException;
import io.sluice.tools.common.ToolRunner;
import io.sluice.tools.common.ToolVersion;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code sluice-e2e-latency.sh}: Kafka's EndToEndLatency on Sluice's own clients. Sends
 * {@code num_messages} records of {@code message_size_bytes} random bytes one at a time, each waited for
 * ({@code producer_acks} 1 or all) and then polled back by a consumer assigned to every partition of the
 * topic from its end; the latency of a record is from before its send until the consumer returned it.
 * Prints every 1000th latency, then {@code Avg latency: X ms} and
 * {@code Percentiles: 50th = A, 99th = B, 99.9th = C} (whole milliseconds), as Kafka's tool does.
 *
 * <p>Unlike Kafka's tool it does not create a missing topic through the admin API: the producer's
 * metadata request lets a broker with auto.create.topics.enable (the default) create it.
 *
 * <p>Exit codes: 0 after the run, 1 when the cluster could not be reached, a record did not come back
 * within 60 s or came back different, 2 for bad arguments.
 */
@Command(name = "sluice-e2e-latency.sh", mixinStandardHelpOptions = true, versionProvider = ToolVersion.class, sortOptions = false,
        description = "Measures the time from producing a record until a consumer reads it, one record at a time.")
public final class EndToEndLatency extends ToolCommand {

    static final long POLL_TIMEOUT_MS = 60_000;

    @Parameters(index = "0", paramLabel = "broker_list", description = "The bootstrap servers, host:port,...")
    String brokerList;

    @Parameters(index = "1", paramLabel = "topic", description = "The topic to produce to and consume from.")
    String topic;

    @Parameters(index = "2", paramLabel = "num_messages", description = "How many records to send.")
    int numMessages;

    @Parameters(index = "3", paramLabel = "producer_acks", description = "1 or all: the producer waits for every record.")
    String producerAcks;

    @Parameters(index = "4", paramLabel = "message_size_bytes", description = "The size of each record's value.")
    int messageSize;

    @Parameters(index = "5", arity = "0..1", paramLabel = "properties_file",
            description = "Optional client properties for both the producer and the consumer.")
    Path propertiesFile;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;


    public static void main(String[] args) {
        // Every 1000th latency as it is measured: each line must appear when printed.
        ToolRunner.exit(EndToEndLatency::run, args, true);
    }

    /** Runs the tool with the given streams; returns the exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return new EndToEndLatency().execute(args, out, err);
    }

    void validate(CommandLine commandLine) {
        if (!producerAcks.equals("1") && !producerAcks.equals("all") && !producerAcks.equals("-1")) {
            throw new CommandLine.ParameterException(commandLine,
                    "Latency testing requires synchronous acknowledgement. Please use 1 or all");
        }
        if (numMessages <= 0 || messageSize < 0) {
            throw new CommandLine.ParameterException(commandLine,
                    "num_messages must be positive and message_size_bytes not negative");
        }
    }

    /** Average and percentile lines of {@code latenciesMs} (sorted in place) over {@code totalNanos}. */
    static String summary(long totalNanos, long[] latenciesMs) {
        Arrays.sort(latenciesMs);
        int n = latenciesMs.length;
        long p50 = latenciesMs[(int) (n * 0.5)];
        long p99 = latenciesMs[(int) (n * 0.99)];
        long p999 = latenciesMs[(int) (n * 0.999)];
        return String.format("Avg latency: %.4f ms%n", totalNanos / (double) n / 1000.0 / 1000.0)
                + String.format("Percentiles: 50th = %d, 99th = %d, 99.9th = %d%n", p50, p99, p999);
    }

    @Override
    public Integer call() throws Exception {
        validate(spec.commandLine());
        Map<String, Object> common = KeyValues.clientConfig(propertiesFile, null, null);
        AdminConnection.check(brokerList, common, err);
        Map<String, Object> producerProps = new HashMap<>(common);
        producerProps.put("bootstrap.servers", brokerList);
        producerProps.put("linger.ms", "0");
        producerProps.put("acks", producerAcks);
        Map<String, Object> consumerProps = new HashMap<>(common);
        consumerProps.put("bootstrap.servers", brokerList);
        consumerProps.put("group.id", "test-group-" + System.currentTimeMillis());
        consumerProps.put("enable.auto.commit", "false");
        consumerProps.put("auto.offset.reset", "latest");
        consumerProps.put("fetch.max.wait.ms", "0");

        try (SluiceProducer<byte[], byte[]> producer = new SluiceProducer<>(producerProps, new ByteArraySerializer(),
                new ByteArraySerializer());
             SluiceConsumer<byte[], byte[]> consumer = new SluiceConsumer<>(consumerProps, new ByteArrayDeserializer(),
                     new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo info : producer.partitionsFor(topic)) {
                partitions.add(new TopicPartition(info.topic(), info.partition()));
            }
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            for (TopicPartition tp : partitions) {
                consumer.position(tp);
            }
            Random random = new Random(0);
            long totalNanos = 0;
            long[] latencies = new long[numMessages];
            for (int i = 0; i < numMessages; i++) {
                byte[] message = new byte[messageSize];
                for (int j = 0; j < messageSize; j++) {
                    message[j] = (byte) (random.nextInt(26) + 65);
                }
                long begin = System.nanoTime();
                producer.send(new ProducerRecord<>(topic, null, message)).get();
                ConsumerRecord<byte[], byte[]> received = pollOne(consumer);
                long elapsed = System.nanoTime() - begin;
                if (received == null) {
                    err.println("Error: poll() timed out before finding a result (timeout:[" + POLL_TIMEOUT_MS + "])");
                    return 1;
                }
                if (!Arrays.equals(received.value(), message)) {
                    err.println("Error: the message read did not match the message sent");
                    return 1;
                }
                if (i % 1000 == 0) {
                    out.println(i + "\t" + elapsed / 1000.0 / 1000.0);
                }
                totalNanos += elapsed;
                latencies[i] = TimeUnit.NANOSECONDS.toMillis(elapsed);
            }
            out.print(summary(totalNanos, latencies));
        }
        out.flush();
        return 0;
    }

    /** The next record, polling up to {@link #POLL_TIMEOUT_MS}; null if none came. More than one is an error. */
    private static ConsumerRecord<byte[], byte[]> pollOne(SluiceConsumer<byte[], byte[]> consumer) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(POLL_TIMEOUT_MS);
        while (System.nanoTime() < deadline) {
            ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(POLL_TIMEOUT_MS));
            if (!records.isEmpty()) {
                Iterator<ConsumerRecord<byte[], byte[]>> it = records.iterator();
                ConsumerRecord<byte[], byte[]> first = it.next();
                if (it.hasNext()) {
                    throw new ToolException("Error: Only one result was expected during this test. We found ["
                            + records.count() + "]");
                }
                return first;
            }
        }
        return null;
    }
}
