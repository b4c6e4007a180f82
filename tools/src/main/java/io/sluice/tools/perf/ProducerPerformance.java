package io.sluice.tools.perf;

import io.sluice.clients.producer.ProducerRecord;
import io.sluice.clients.producer.SluiceProducer;
import io.sluice.clients.serialization.ByteArraySerializer;
import io.sluice.tools.common.AdminConnection;
import io.sluice.tools.common.KeyValues;
import io.sluice.tools.common.ToolCommand;
import io.sluice.tools.common.ToolException;
import io.sluice.tools.common.ToolRunner;
import io.sluice.tools.common.ToolVersion;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sluice-producer-perf-test.sh}: Kafka's ProducerPerformance on Sluice's own producer. Sends
 * {@code --num-records} records of {@code --record-size} random bytes (or lines of {@code --payload-file})
 * to {@code --topic} at most {@code --throughput} records per second (-1: as fast as possible), printing
 * Kafka's window line every 5 seconds and its total line with latency percentiles at the end. A record's
 * latency is the time from {@code send} until its acknowledgement.
 *
 * <p>Exit codes: 0 when every record was acknowledged, 1 when the cluster could not be reached or a
 * send failed (the first error is printed), 2 for bad command-line flags.
 */
@Command(name = "sluice-producer-perf-test.sh", mixinStandardHelpOptions = true, versionProvider = ToolVersion.class, sortOptions = false,
        description = "This tool is used to verify the producer performance.")
public final class ProducerPerformance extends ToolCommand {

    static final long REPORTING_INTERVAL_MS = 5_000;

    @Option(names = "--topic", required = true, paramLabel = "TOPIC", description = "REQUIRED: The topic to produce to.")
    String topic;

    @Option(names = "--num-records", required = true, paramLabel = "NUM-RECORDS",
            description = "REQUIRED: The number of records to produce.")
    long numRecords;

    @Option(names = "--record-size", paramLabel = "RECORD-SIZE",
            description = "Message size in bytes. Note that you must provide exactly one of --record-size or --payload-file.")
    Integer recordSize;

    @Option(names = "--payload-file", paramLabel = "PAYLOAD-FILE",
            description = "File to read the message payloads from: one payload per --payload-delimiter, picked at random. "
                    + "Note that you must provide exactly one of --record-size or --payload-file.")
    Path payloadFile;

    @Option(names = "--payload-delimiter", paramLabel = "PAYLOAD-DELIMITER", defaultValue = "\\n",
            description = "The delimiter of the payloads in --payload-file (default: \\n).")
    String payloadDelimiter;

    @Option(names = "--throughput", required = true, paramLabel = "THROUGHPUT",
            description = "REQUIRED: Throttle maximum message throughput to *approximately* THROUGHPUT messages/sec. "
                    + "Set this to -1 to disable throttling.")
    double throughput;

    @Option(names = "--producer-props", arity = "1..*", paramLabel = "PROP-NAME=PROP-VALUE",
            description = "Kafka producer related configuration properties like bootstrap.servers, client.id etc. "
                    + "These configs take precedence over those passed via --producer.config.")
    List<String> producerProps = new ArrayList<>();

    @Option(names = "--producer.config", paramLabel = "CONFIG-FILE", description = "Producer config properties file.")
    Path producerConfig;


    public static void main(String[] args) {
        // A window line every 5 s: each line must appear when printed.
        ToolRunner.exit(ProducerPerformance::run, args, true);
    }

    /** Runs the tool with the given streams; returns the exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return new ProducerPerformance().execute(args, out, err);
    }

    /** The producer configuration: --producer.config, then --producer-props over it. */
    Map<String, Object> producerConfigs() {
        return KeyValues.clientConfig(producerConfig, producerProps, "--producer-props");
    }

    /** Checks the flag combinations picocli cannot; throws a ParameterException naming the problem. */
    void validate(CommandLine commandLine) {
        if ((recordSize == null) == (payloadFile == null)) {
            throw new CommandLine.ParameterException(commandLine, "Exactly one of --record-size or --payload-file must be given");
        }
        if (recordSize != null && recordSize < 0) {
            throw new CommandLine.ParameterException(commandLine, "--record-size must not be negative");
        }
        if (numRecords < 0) {
            throw new CommandLine.ParameterException(commandLine, "--num-records must not be negative");
        }
        if (throughput == 0 || Double.isNaN(throughput)) {
            throw new CommandLine.ParameterException(commandLine, "--throughput must be positive, or -1 for no limit");
        }
        try {
            KeyValues.parsePairs(producerProps, "--producer-props");
        } catch (ToolException e) {
            throw new CommandLine.ParameterException(commandLine, e.getMessage());
        }
        if (producerProps.isEmpty() && producerConfig == null) {
            throw new CommandLine.ParameterException(commandLine,
                    "Either --producer-props or --producer.config must be specified.");
        }
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        validate(spec.commandLine());
        Map<String, Object> props = producerConfigs();
        List<byte[]> payloads = payloads();
        AdminConnection.check(Objects.toString(props.get("bootstrap.servers"), null), props, err);
        Random random = new Random(0);
        byte[] fixedPayload = null;
        if (recordSize != null) {
            fixedPayload = new byte[recordSize];
            for (int i = 0; i < fixedPayload.length; i++) {
                fixedPayload[i] = (byte) (random.nextInt(26) + 65);
            }
        }
        AtomicReference<Exception> firstError = new AtomicReference<>();
        ProducerStats stats;
        try (SluiceProducer<byte[], byte[]> producer = new SluiceProducer<>(props, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            long startNs = System.nanoTime();
            stats = new ProducerStats(numRecords, REPORTING_INTERVAL_MS, out, startNs);
            Throttle throttle = new Throttle(throughput, startNs);
            for (long i = 0; i < numRecords && firstError.get() == null; i++) {
                byte[] payload = fixedPayload != null ? fixedPayload : payloads.get(random.nextInt(payloads.size()));
                long sendNs = System.nanoTime();
                producer.send(new ProducerRecord<>(topic, null, payload), (metadata, exception) -> {
                    long now = System.nanoTime();
                    if (exception != null) {
                        firstError.compareAndSet(null, exception);
                        return;
                    }
                    stats.record((int) ((now - sendNs) / 1_000_000), payload.length, now);
                });
                throttle.throttle(i + 1);
            }
            producer.flush();
        }
        // flush() already waited for every callback (the statistics); the total is printed after
        // close() as Kafka's tool does, so its elapsed time includes closing the producer.
        stats.printTotal(System.nanoTime());
        if (firstError.get() != null) {
            err.println("Error: a send failed: " + firstError.get());
            return 1;
        }
        return 0;
    }

    private List<byte[]> payloads() throws IOException {
        List<byte[]> payloads = new ArrayList<>();
        if (payloadFile == null) {
            return payloads;
        }
        String delimiter = payloadDelimiter.replace("\\n", "\n").replace("\\t", "\t");
        String text = Files.readString(payloadFile, StandardCharsets.UTF_8);
        for (String payload : text.split(java.util.regex.Pattern.quote(delimiter))) {
            if (!payload.isEmpty()) {
                payloads.add(payload.getBytes(StandardCharsets.UTF_8));
            }
        }
        if (payloads.isEmpty()) {
            throw new ToolException("Error: No payloads in " + payloadFile);
        }
        return payloads;
    }
}
