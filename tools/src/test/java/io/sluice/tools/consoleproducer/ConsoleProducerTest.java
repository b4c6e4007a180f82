package io.sluice.tools.consoleproducer;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.server.cluster.SluiceTestCluster;
import io.sluice.tools.common.ToolOutput;
import io.sluice.tools.consoleconsumer.ConsoleConsumer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * sluice-console-producer.sh in-process against a real Sluice broker: lines become records (read back
 * with the official KafkaConsumer as the oracle), keys are parsed, conf/producer.properties is
 * accepted, compression works, and the usage contract holds.
 */
class ConsoleProducerTest {

    private static SluiceTestCluster cluster;

    @BeforeAll
    static void startCluster() {
        cluster = SluiceTestCluster.start(1);
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
    }

    @Test
    void eachLineIsOneRecordWithItsKey() {
        ToolOutput produced = produce("a:1\nb:2\nc:3:4\n", "--topic", "console-keyed", "--property", "parse.key=true",
                "--property", "key.separator=:", "--producer.config", confFile("producer.properties"));
        assertThat(produced.exitCode()).as(produced.err()).isZero();
        assertThat(produced.out()).isEmpty();
        assertThat(read("console-keyed", 3)).containsExactly("a=1", "b=2", "c=3:4");
    }

    @Test
    void compressedAndUnkeyedLinesRoundTripThroughOurConsoleConsumer() {
        ToolOutput produced = produce("first\nsecond\n", "--topic", "console-gzip", "--compression-codec",
                "--producer-property", "linger.ms=0", "--sync");
        assertThat(produced.exitCode()).as(produced.err()).isZero();
        ToolOutput consumed = ToolOutput.run(ConsoleConsumer::run, "--bootstrap-server", cluster.bootstrapServers(),
                "--topic", "console-gzip", "--from-beginning", "--max-messages", "2", "--property", "print.key=true");
        assertThat(consumed.out()).isEqualTo("null\tfirst\nnull\tsecond\n");
    }

    @Test
    void aLineWithoutKeySeparatorStopsTheToolWithOneLine() {
        ToolOutput produced = produce("k:v\nno separator here\n", "--topic", "console-bad-line", "--property", "parse.key=true",
                "--property", "key.separator=:");
        assertThat(produced.exitCode()).isEqualTo(1);
        assertThat(produced.err()).isEqualTo("No key separator found on line number 2: 'no separator here'\n");
    }

    @Test
    void usageErrors() {
        ToolOutput unknown = produce("", "--topic", "t", "--frobnicate");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("Unknown option: '--frobnicate'").contains("Usage: sluice-console-producer.sh");
        ToolOutput badCodec = produce("", "--topic", "t", "--compression-codec", "brotli");
        assertThat(badCodec.exitCode()).isEqualTo(2);
        assertThat(badCodec.err()).contains("Unknown compression codec 'brotli'");
        ToolOutput help = produce("", "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("--producer.config").contains("--compression-codec");
    }

    private static ToolOutput produce(String input, String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--bootstrap-server";
        all[1] = cluster.bootstrapServers();
        System.arraycopy(args, 0, all, 2, args.length);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = ConsoleProducer.run(all, new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new ToolOutput(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static String confFile(String name) {
        return Path.of("..", "conf", name).toAbsolutePath().normalize().toString();
    }

    private static List<String> read(String topic, int count) {
        Map<String, Object> config = Map.of("bootstrap.servers", cluster.bootstrapServers(),
                "key.deserializer", StringDeserializer.class.getName(), "value.deserializer", StringDeserializer.class.getName());
        List<String> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            TopicPartition tp = new TopicPartition(topic, 0);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (records.size() < count && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    records.add(r.key() + "=" + r.value());
                }
            }
        }
        return records;
    }
}
