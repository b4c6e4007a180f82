package io.sluice.tools.consoleconsumer;

import io.sluice.clients.common.ConfigException;
import io.sluice.clients.common.SluiceException;
import io.sluice.clients.common.TopicPartition;
import io.sluice.clients.consumer.ConsumerRecord;
import io.sluice.clients.consumer.ConsumerRecords;
import io.sluice.clients.consumer.SluiceConsumer;
import io.sluice.clients.consumer.WakeupException;
import io.sluice.clients.serialization.ByteArrayDeserializer;
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
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sluice-console-consumer.sh}: prints records with OUR consumer ({@link SluiceConsumer}), with
 * the flags and output of Kafka's {@code kafka-console-consumer.sh}: a topic or a regular expression
 * in a group (a random {@code console-consumer-N} group without auto-commit when none is given), or
 * one partition from an offset; {@code --from-beginning}; {@code --max-messages} and
 * {@code --timeout-ms} to stop; formatter properties; and {@code --formatter offsets} for
 * {@code __consumer_offsets}. At the end it prints "Processed a total of N messages" on stderr, also
 * after Ctrl-C (the consumer then commits and leaves its group before the JVM exits).
 *
 * <p>Exit codes: 0 done, 1 the cluster could not be reached or the consumer failed, 2 bad flags.
 */
@Command(name = "sluice-console-consumer.sh", mixinStandardHelpOptions = true, versionProvider = ToolVersion.class, sortOptions = false,
        usageHelpAutoWidth = true, description = "Consumes records and prints them on standard output.")
public final class ConsoleConsumer extends ToolCommand {

    @Spec
    CommandSpec spec;

    @Option(names = "--bootstrap-server", required = true, paramLabel = "server to connect to",
            description = "REQUIRED: The Sluice (or Kafka) server to connect to, host:port[,host:port...].")
    String bootstrapServer;

    @Option(names = "--topic", paramLabel = "topic", description = "The topic to consume on.")
    String topic;

    @Option(names = {"--include", "--whitelist"}, paramLabel = "Java regex (String)",
            description = "Regular expression specifying list of topics to include for consumption.")
    String include;

    @Option(names = "--partition", paramLabel = "partition",
            description = "The partition to consume from. Consumption starts from the end of the partition unless "
                    + "'--offset' is specified.")
    Integer partition;

    @Option(names = "--offset", paramLabel = "consume offset",
            description = "The offset to consume from (a non-negative number), or 'earliest' which means from beginning, "
                    + "or 'latest' which means from end (default: latest).")
    String offset;

    @Option(names = "--group", paramLabel = "consumer group id", description = "The consumer group id of the consumer.")
    String group;

    @Option(names = "--from-beginning", description = "If the consumer does not already have an established offset to "
            + "consume from, start with the earliest message present in the log rather than the latest message.")
    boolean fromBeginning;

    @Option(names = "--max-messages", paramLabel = "num_messages",
            description = "The maximum number of messages to consume before exiting. If not set, consumption is continual.")
    Integer maxMessages;

    @Option(names = "--timeout-ms", paramLabel = "timeout_ms",
            description = "If specified, exit if no message is available for consumption for the specified interval.")
    Long timeoutMs;

    @Option(names = "--property", paramLabel = "prop",
            description = "The properties to initialize the message formatter: print.timestamp, print.key, print.offset, "
                    + "print.partition, print.headers, print.value, key.separator, line.separator, headers.separator, "
                    + "null.literal (repeatable).")
    List<String> properties = new ArrayList<>();

    @Option(names = "--consumer-property", paramLabel = "consumer_prop",
            description = "A mechanism to pass user-defined properties in the form key=value to the consumer (repeatable).")
    List<String> consumerProperties = new ArrayList<>();

    @Option(names = "--consumer.config", paramLabel = "config file",
            description = "Consumer config properties file. Note that --consumer-property takes precedence over this config.")
    Path consumerConfig;

    @Option(names = "--formatter", paramLabel = "class",
            description = "The formatter: 'default', or 'offsets' to print the offset commits of __consumer_offsets "
                    + "(Kafka's class names of these formatters are accepted too).")
    String formatter = "default";

    @Option(names = "--isolation-level", paramLabel = "isolation level",
            description = "Set to read_committed in order to filter out transactional messages which are not committed. "
                    + "Set to read_uncommitted to read all messages.")
    String isolationLevel;

    @Option(names = "--skip-message-on-error", description = "If there is an error when processing a message, skip it "
            + "instead of halt.")
    boolean skipMessageOnError;

    private volatile SluiceConsumer<byte[], byte[]> consumer;
    private final CountDownLatch finished = new CountDownLatch(1);
    /** Records printed so far (read by the final report even when consuming failed). */
    private long consumed;

    public static void main(String[] args) {
        ConsoleConsumer command = new ConsoleConsumer();
        Thread hook = new Thread(command::shutdown, "console-consumer-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        ToolRunner.exit(command::execute, args, true);
    }

    /** Runs the tool with the given streams; returns the exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return new ConsoleConsumer().execute(args, out, err);
    }

    /** Ctrl-C: wakes the consumer so the main loop closes it (commit, leave the group), then lets the JVM go. */
    void shutdown() {
        SluiceConsumer<byte[], byte[]> running = consumer;
        if (running != null && finished.getCount() > 0) {
            try {
                running.wakeup();
                finished.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                // Already closed: nothing to wake.
            }
        }
    }

    @Override
    public Integer call() {
        MessageFormatter messageFormatter = formatter();
        Map<String, Object> config = consumerConfig();
        Long startOffset = validate();
        AdminConnection.check(bootstrapServer, config, err);
        SluiceConsumer<byte[], byte[]> c;
        try {
            c = new SluiceConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        } catch (ConfigException e) {
            throw new ToolException("Invalid consumer configuration: " + e.getMessage(), ToolRunner.USAGE_ERROR);
        }
        try (c) {
            consumer = c;
            start(c, startOffset);
            consume(c, messageFormatter);
        } catch (SluiceException e) {
            throw new ToolException("Error processing message, terminating consumer process: " + e.getMessage());
        } finally {
            out.flush();
            err.println("Processed a total of " + consumed + " messages");
            finished.countDown();
        }
        return 0;
    }

    /** Checks the flag combination; returns the start offset for --partition (-2 earliest, -1 latest), or null. */
    private Long validate() {
        if ((topic == null) == (include == null)) {
            throw usage("Exactly one of --include/--topic is required.");
        }
        if (partition != null && topic == null) {
            throw usage("The topic is required when partition is specified.");
        }
        if (partition != null && group != null) {
            throw usage("Options group and partition cannot be specified together.");
        }
        if (offset != null && partition == null) {
            throw usage("The partition is required when offset is specified.");
        }
        if (fromBeginning && offset != null) {
            throw usage("Options from-beginning and offset cannot be specified together.");
        }
        if (include != null) {
            try {
                Pattern.compile(include);
            } catch (PatternSyntaxException e) {
                throw usage("Invalid regular expression for --include: " + include);
            }
        }
        if (partition == null) {
            return null;
        }
        if (offset == null) {
            return fromBeginning ? -2L : -1L;
        }
        switch (offset.toLowerCase(Locale.ROOT)) {
            case "earliest":
                return -2L;
            case "latest":
                return -1L;
            default:
                try {
                    long value = Long.parseLong(offset);
                    if (value >= 0) {
                        return value;
                    }
                } catch (NumberFormatException ignored) {
                    // reported below
                }
                throw usage("The provided offset value '" + offset + "' is incorrect. Valid values are 'earliest', "
                        + "'latest', or a non-negative long.");
        }
    }

    /** The consumer's config as Kafka's tool builds it: file, then --consumer-property, then the flags. */
    Map<String, Object> consumerConfig() {
        Map<String, Object> config = KeyValues.clientConfig(consumerConfig, consumerProperties, "--consumer-property");
        String reset = (String) config.get("auto.offset.reset");
        if (reset == null) {
            config.put("auto.offset.reset", fromBeginning ? "earliest" : "latest");
        } else if (fromBeginning && !reset.equals("earliest")) {
            throw usage("Can't simultaneously specify --from-beginning and 'auto.offset.reset=" + reset + "', please remove one option");
        }
        config.put("bootstrap.servers", bootstrapServer);
        config.putIfAbsent("client.id", "console-consumer");
        if (isolationLevel != null) {
            config.put("isolation.level", isolationLevel);
        }
        Object configuredGroup = config.get("group.id");
        if (group != null && configuredGroup != null && !group.equals(configuredGroup)) {
            throw usage("The group ids provided in different places (directly using '--group', using '--consumer-property' "
                    + "or '--consumer.config') do not match. Detected group ids: '" + group + "', '" + configuredGroup + "'");
        }
        if (partition != null) {
            // One partition from an offset: no group, no commits (Kafka refuses --group with --partition).
            if (configuredGroup != null) {
                throw usage("Options group and partition cannot be specified together.");
            }
        } else if (group != null) {
            config.put("group.id", group);
        } else if (configuredGroup == null) {
            // As Kafka: a throwaway group whose offsets are not worth committing.
            config.put("group.id", "console-consumer-" + ThreadLocalRandom.current().nextInt(100_000));
            config.putIfAbsent("enable.auto.commit", "false");
        }
        return config;
    }

    private MessageFormatter formatter() {
        Map<String, String> formatterProperties = KeyValues.parsePairs(properties, "--property");
        switch (formatter) {
            case "default":
            case "kafka.tools.DefaultMessageFormatter":
            case "org.apache.kafka.tools.consumer.DefaultMessageFormatter":
                return new DefaultMessageFormatter(formatterProperties);
            case "offsets":
            case OffsetsMessageFormatter.KAFKA_CLASS_NAME:
            case "org.apache.kafka.tools.consumer.OffsetsMessageFormatter":
                return new OffsetsMessageFormatter();
            default:
                throw usage("Unknown formatter '" + formatter + "': use 'default' or 'offsets'");
        }
    }

    private void start(SluiceConsumer<byte[], byte[]> c, Long startOffset) {
        if (partition != null) {
            TopicPartition tp = new TopicPartition(topic, partition);
            c.assign(List.of(tp));
            if (startOffset == -2L) {
                c.seekToBeginning(List.of(tp));
            } else if (startOffset == -1L) {
                c.seekToEnd(List.of(tp));
            } else {
                c.seek(tp, startOffset);
            }
        } else if (topic != null) {
            c.subscribe(List.of(topic));
        } else {
            c.subscribe(Pattern.compile(include));
        }
    }

    private void consume(SluiceConsumer<byte[], byte[]> c, MessageFormatter messageFormatter) {
        long limit = maxMessages == null || maxMessages < 0 ? Long.MAX_VALUE : maxMessages;
        long idleLimitNanos = timeoutMs == null || timeoutMs < 0 ? Long.MAX_VALUE : timeoutMs * 1_000_000L;
        long lastRecordNanos = System.nanoTime();
        try {
            while (consumed < limit) {
                long idleNanos = System.nanoTime() - lastRecordNanos;
                if (idleNanos >= idleLimitNanos) {
                    break;
                }
                long pollMs = Math.max(1, Math.min(1_000, (idleLimitNanos - idleNanos) / 1_000_000L));
                ConsumerRecords<byte[], byte[]> records = c.poll(Duration.ofMillis(pollMs));
                for (ConsumerRecord<byte[], byte[]> record : records) {
                    lastRecordNanos = System.nanoTime();
                    try {
                        messageFormatter.writeTo(toConsoleRecord(record), out);
                    } catch (RuntimeException e) {
                        if (!skipMessageOnError) {
                            throw e;
                        }
                        err.println("Error processing message, skipping this message: " + e);
                    }
                    consumed++;
                    if (consumed >= limit) {
                        break;
                    }
                }
                if (out.checkError()) {
                    // The reader went away (e.g. a closed pipe): stop as Kafka's tool does.
                    break;
                }
            }
        } catch (WakeupException e) {
            // Ctrl-C: close the consumer and report.
        }
        out.flush();
    }

    static ConsoleRecord toConsoleRecord(ConsumerRecord<byte[], byte[]> record) {
        return new ConsoleRecord(record.topic(), record.partition(), record.offset(),
                record.timestamp() < 0 ? null : record.timestampType().toString(), record.timestamp(),
                record.key(), record.value(), record.headers());
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }
}
