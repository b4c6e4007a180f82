package io.sluice.tools.perf;

import io.sluice.clients.common.TopicPartition;
import io.sluice.clients.consumer.ConsumerRebalanceListener;
import io.sluice.clients.consumer.ConsumerRecord;
import io.sluice.clients.consumer.ConsumerRecords;
import io.sluice.clients.consumer.SluiceConsumer;
import io.sluice.clients.serialization.ByteArrayDeserializer;
import io.sluice.tools.common.AdminConnection;
import io.sluice.tools.common.KeyValues;
import io.sluice.tools.common.ToolCommand;
import io.sluice.tools.common.ToolRunner;
import io.sluice.tools.common.ToolVersion;
import java.io.PrintStream;
import java.nio.file.Path;
import java.text.SimpleDateFormat;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Random;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sluice-consumer-perf-test.sh}: Kafka's ConsumerPerformance on Sluice's own consumer. Subscribes to
 * {@code --topic} in {@code --group} and reads {@code --messages} records, then prints Kafka's columns:
 * {@code start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec,
 * rebalance.time.ms, fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec}. The data size counts keys and values.
 * The time spent between a revocation (or the subscription) and the next assignment is the rebalance time.
 * Stops early, with Kafka's warning, when no record arrived for {@code --timeout} ms.
 *
 * <p>Exit codes: 0 after the run (also when it stopped early, as Kafka's tool does), 1 when the cluster
 * could not be reached, 2 for bad command-line flags.
 */
@Command(name = "sluice-consumer-perf-test.sh", mixinStandardHelpOptions = true, versionProvider = ToolVersion.class, sortOptions = false,
        description = "This tool is used to verify the consumer performance.")
public final class ConsumerPerformance extends ToolCommand {

    @Option(names = "--bootstrap-server", required = true, paramLabel = "server to connect to",
            description = "REQUIRED: The server(s) to connect to.")
    String bootstrapServer;

    @Option(names = "--topic", required = true, paramLabel = "topic", description = "REQUIRED: The topic to consume from.")
    String topic;

    @Option(names = "--messages", required = true, paramLabel = "count",
            description = "REQUIRED: The number of messages to send or consume")
    long messages;

    @Option(names = "--group", paramLabel = "gid", description = "The group id to consume on. (default: perf-consumer-<random>)")
    String group = "perf-consumer-" + new Random().nextInt(100_000);

    @Option(names = "--consumer.config", paramLabel = "config file", description = "Consumer config properties file.")
    Path consumerConfig;

    @Option(names = "--fetch-size", paramLabel = "size", defaultValue = "1048576",
            description = "The amount of data to fetch in a single request. (default: ${DEFAULT-VALUE})")
    int fetchSize;

    // Kafka's tool sets receive.buffer.bytes from this flag (2 MiB by default, not the consumer's 64 KiB):
    // without it the two tools would not read with the same socket buffer.
    @Option(names = "--socket-buffer-size", paramLabel = "size", defaultValue = "2097152",
            description = "The size of the tcp RECV size. (default: ${DEFAULT-VALUE})")
    int socketBufferSize;

    @Option(names = "--from-latest", description = "If the consumer does not already have an established offset to consume "
            + "from, start with the latest message present in the log rather than the earliest message.")
    boolean fromLatest;

    @Option(names = "--timeout", paramLabel = "milliseconds", defaultValue = "10000",
            description = "The maximum allowed time in milliseconds between returned records. (default: ${DEFAULT-VALUE})")
    long timeoutMs;

    @Option(names = "--hide-header", description = "If set, skips printing the header for the stats")
    boolean hideHeader;

    @Option(names = "--date-format", paramLabel = "date format", defaultValue = "yyyy-MM-dd HH:mm:ss:SSS",
            description = "The date format to use for formatting the time field. See java.text.SimpleDateFormat for options. "
                    + "(default: ${DEFAULT-VALUE})")
    String dateFormat;

    @Option(names = "--show-detailed-stats",
            description = "If set, stats are reported for each reporting interval as configured by reporting-interval")
    boolean showDetailedStats;

    @Option(names = "--reporting-interval", paramLabel = "interval_ms", defaultValue = "5000",
            description = "Interval in milliseconds at which to print progress info. (default: ${DEFAULT-VALUE})")
    long reportingIntervalMs;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;


    public static void main(String[] args) {
        // With --show-detailed-stats a line every reporting interval: each line must appear when printed.
        ToolRunner.exit(ConsumerPerformance::run, args, true);
    }

    /** Runs the tool with the given streams; returns the exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return new ConsumerPerformance().execute(args, out, err);
    }

    void validate(CommandLine commandLine) {
        if (messages < 0) {
            throw new CommandLine.ParameterException(commandLine, "--messages must not be negative");
        }
        if (reportingIntervalMs <= 0) {
            throw new CommandLine.ParameterException(commandLine, "Reporting interval must be greater than 0.");
        }
        if (timeoutMs < 0 || fetchSize <= 0 || socketBufferSize <= 0) {
            throw new CommandLine.ParameterException(commandLine, "--timeout, --fetch-size and --socket-buffer-size must be positive");
        }
        try {
            new SimpleDateFormat(dateFormat);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(commandLine, "Invalid --date-format: " + e.getMessage());
        }
    }

    /** The consumer configuration: --consumer.config, then what the flags set (as Kafka's tool does). */
    Map<String, Object> consumerConfigs() {
        Map<String, Object> props = KeyValues.clientConfig(consumerConfig, null, null);
        props.put("bootstrap.servers", bootstrapServer);
        props.put("group.id", group);
        props.put("receive.buffer.bytes", Integer.toString(socketBufferSize));
        props.put("max.partition.fetch.bytes", Integer.toString(fetchSize));
        props.put("auto.offset.reset", fromLatest ? "latest" : "earliest");
        props.put("check.crcs", "false");
        props.putIfAbsent("client.id", "perf-consumer-client");
        return props;
    }

    @Override
    public Integer call() throws Exception {
        validate(spec.commandLine());
        Map<String, Object> props = consumerConfigs();
        AdminConnection.check(bootstrapServer, props, err);
        SimpleDateFormat format = new SimpleDateFormat(dateFormat);
        if (!hideHeader) {
            out.print(ConsumerStats.header(showDetailedStats));
        }
        try (SluiceConsumer<byte[], byte[]> consumer = new SluiceConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            long[] join = {0, System.currentTimeMillis()}; // total rebalance ms, start of the current one
            long[] intervalJoin = {0};
            consumer.subscribe(List.of(topic), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    join[1] = System.currentTimeMillis();
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    long ms = System.currentTimeMillis() - join[1];
                    join[0] += ms;
                    intervalJoin[0] += ms;
                }
            });
            long startMs = System.currentTimeMillis();
            long lastConsumedMs = startMs;
            long lastReportMs = startMs;
            long bytes = 0;
            long read = 0;
            long lastBytes = 0;
            long lastRead = 0;
            while (read < messages && System.currentTimeMillis() - lastConsumedMs <= timeoutMs) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(100));
                long now = System.currentTimeMillis();
                if (!records.isEmpty()) {
                    lastConsumedMs = now;
                }
                for (ConsumerRecord<byte[], byte[]> record : records) {
                    read++;
                    bytes += Math.max(0, record.serializedKeySize()) + Math.max(0, record.serializedValueSize());
                    if (showDetailedStats && now - lastReportMs >= reportingIntervalMs) {
                        out.print(ConsumerStats.interval(format, 0, lastReportMs, now, lastBytes, bytes, lastRead, read,
                                intervalJoin[0]));
                        intervalJoin[0] = 0;
                        lastReportMs = now;
                        lastBytes = bytes;
                        lastRead = read;
                    }
                }
            }
            long endMs = System.currentTimeMillis();
            if (read < messages) {
                out.printf("WARNING: Exiting before consuming the expected number of messages: timeout (%d ms) exceeded. "
                        + "You can use the --timeout option to increase the timeout.%n", timeoutMs);
            }
            if (!showDetailedStats) {
                out.print(ConsumerStats.summary(format, startMs, endMs, bytes, read, join[0]));
            }
        }
        out.flush();
        return 0;
    }
}
