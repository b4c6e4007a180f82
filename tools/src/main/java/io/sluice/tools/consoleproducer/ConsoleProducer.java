package io.sluice.tools.consoleproducer;

import io.sluice.clients.common.ConfigException;
import io.sluice.clients.common.SluiceException;
import io.sluice.clients.producer.ProducerRecord;
import io.sluice.clients.producer.SluiceProducer;
import io.sluice.clients.serialization.ByteArraySerializer;
import io.sluice.tools.common.AdminConnection;
import io.sluice.tools.common.KeyValues;
import io.sluice.tools.common.ToolCommand;
import io.sluice.tools.common.ToolException;
import io.sluice.tools.common.ToolRunner;
import io.sluice.tools.common.ToolVersion;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sluice-console-producer.sh}: sends one record per line of standard input with OUR producer
 * ({@link SluiceProducer}), with the flags of Kafka's {@code kafka-console-producer.sh}. Lines become
 * values, or keys and values with {@code --property parse.key=true} (see {@link LineMessageReader}).
 * The producer is configured from {@code --producer.config}, then {@code --producer-property}, then
 * the flags; like Kafka's tool it defaults to {@code acks=all} and {@code client.id=console-producer}.
 * At the end of the input every record is flushed; a record that could not be sent is reported on
 * stderr as Kafka reports it, and makes the exit code 1.
 *
 * <p>Exit codes: 0 all sent, 1 a record failed or the cluster could not be reached, 2 bad flags.
 */
@Command(name = "sluice-console-producer.sh", mixinStandardHelpOptions = true, versionProvider = ToolVersion.class, sortOptions = false,
        usageHelpAutoWidth = true, description = "Reads data from standard input and publishes it to a topic.")
public final class ConsoleProducer extends ToolCommand {

    private static final List<String> CODECS = List.of("none", "gzip", "snappy", "lz4", "zstd");

    @Spec
    CommandSpec spec;

    @Option(names = "--bootstrap-server", required = true, paramLabel = "server to connect to",
            description = "REQUIRED: The Sluice (or Kafka) server to connect to, host:port[,host:port...].")
    String bootstrapServer;

    @Option(names = "--topic", required = true, paramLabel = "topic", description = "REQUIRED: The topic id to produce messages to.")
    String topic;

    @Option(names = "--property", paramLabel = "prop",
            description = "Properties of the line reader: parse.key, key.separator, ignore.error, null.marker (repeatable).")
    List<String> properties = new ArrayList<>();

    @Option(names = "--producer-property", paramLabel = "producer_prop",
            description = "A mechanism to pass user-defined properties in the form key=value to the producer (repeatable).")
    List<String> producerProperties = new ArrayList<>();

    @Option(names = "--producer.config", paramLabel = "config file",
            description = "Producer config properties file. Note that --producer-property takes precedence over this config.")
    Path producerConfig;

    @Option(names = "--compression-codec", arity = "0..1", fallbackValue = "gzip", paramLabel = "compression-codec",
            description = "The compression codec: either 'none', 'gzip', 'snappy', 'lz4', or 'zstd'. If specified without "
                    + "value, then it defaults to 'gzip'.")
    String compressionCodec;

    @Option(names = "--request-required-acks", paramLabel = "request required acks",
            description = "The required acks of the producer requests (default: all).")
    String acks;

    @Option(names = "--sync", description = "If set, message send requests to the brokers are synchronous, one at a time "
            + "as they arrive.")
    boolean sync;

    /** The running producer, for the Ctrl-C hook to flush and close. */
    private volatile SluiceProducer<byte[], byte[]> running;
    private InputStream in = System.in;

    public static void main(String[] args) {
        ConsoleProducer command = new ConsoleProducer();
        // Ctrl-C while reading the input: send what was read before the JVM goes, as Kafka's tool does.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            SluiceProducer<byte[], byte[]> producer = command.running;
            if (producer != null) {
                try {
                    producer.close();
                } catch (RuntimeException e) {
                    // closing anyway
                }
            }
        }, "console-producer-shutdown"));
        ToolRunner.exit(command::execute, args, true);
    }

    /** Runs the tool reading {@code in}; returns the exit code. */
    public static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
        ConsoleProducer command = new ConsoleProducer();
        command.in = in;
        return command.execute(args, out, err);
    }

    @Override
    public Integer call() throws Exception {
        Map<String, Object> config = producerConfig();
        LineMessageReader reader = new LineMessageReader(
                new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)),
                KeyValues.parsePairs(properties, "--property"));
        AdminConnection.check(bootstrapServer, config, err);
        AtomicLong failed = new AtomicLong();
        long sent = 0;
        try (SluiceProducer<byte[], byte[]> producer = new SluiceProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
            running = producer;
            for (LineMessageReader.Message message = reader.next(); message != null; message = reader.next()) {
                ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, message.key(), message.value());
                int keySize = message.key() == null ? -1 : message.key().length;
                int valueSize = message.value() == null ? -1 : message.value().length;
                var future = producer.send(record, (metadata, exception) -> {
                    if (exception != null) {
                        failed.incrementAndGet();
                        err.println("Error when sending message to topic " + topic + " with key: " + size(keySize)
                                + ", value: " + size(valueSize) + " with error: " + exception.getMessage());
                    }
                });
                sent++;
                if (sync) {
                    try {
                        future.get();
                    } catch (ExecutionException e) {
                        // reported by the callback
                    }
                }
            }
            producer.flush();
        } catch (ConfigException e) {
            throw new ToolException("Invalid producer configuration: " + e.getMessage(), ToolRunner.USAGE_ERROR);
        } catch (SluiceException | IllegalStateException e) {
            throw new ToolException("Error: " + e.getMessage());
        }
        if (failed.get() > 0) {
            throw new ToolException(failed.get() + " of " + sent + " records could not be sent to " + topic);
        }
        return 0;
    }

    private static String size(int bytes) {
        return bytes < 0 ? "null" : bytes + " bytes";
    }

    /** The producer's config: file, then --producer-property, then the flags, then Kafka's tool defaults. */
    Map<String, Object> producerConfig() {
        Map<String, Object> config = KeyValues.clientConfig(producerConfig, producerProperties, "--producer-property");
        config.put("bootstrap.servers", bootstrapServer);
        if (compressionCodec != null) {
            if (!CODECS.contains(compressionCodec)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "Unknown compression codec '" + compressionCodec
                        + "': use one of " + String.join(", ", CODECS));
            }
            config.put("compression.type", compressionCodec);
        }
        if (acks != null) {
            config.put("acks", acks);
        }
        config.putIfAbsent("acks", "all");
        config.putIfAbsent("client.id", "console-producer");
        return config;
    }
}
