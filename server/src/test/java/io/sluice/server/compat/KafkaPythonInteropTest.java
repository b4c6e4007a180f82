package io.sluice.server.compat;

import static io.sluice.server.compat.ExternalProgram.command;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.record.CompressionType;
import io.sluice.record.RecordBatch;
import io.sluice.server.cluster.SluiceTestCluster;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * kafka-python 2.0.2 (Debian's python3-kafka) against a live broker with the client's defaults. On
 * connect it pipelines ApiVersions v0 and Metadata v0 without waiting, infers a "broker version" from
 * the advertised ranges, and then uses fixed old versions: CreateTopics up to v3, Produce v7, ListOffsets
 * v1, Fetch v4, all non-flexible. The script (test resource {@code compat/kafka_python_roundtrip.py})
 * creates a topic, produces plain and gzip records and consumes them back without a group; a second
 * script ({@code compat/kafka_python_group.py}) consumes in a consumer group (JoinGroup v2, so without the
 * MEMBER_ID_REQUIRED round of v4+) and commits.
 */
class KafkaPythonInteropTest {

    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final int COUNT = 100;
    /** What the script appends to every value (so that gzip always pays off, see the script). */
    private static final String PADDING = ".".repeat(100);

    /** A python3 that can import kafka-python; Debian's package lives in the system interpreter only. */
    private static Optional<String> pythonWithKafka() {
        List<String> candidates = new ArrayList<>();
        if (Files.isExecutable(Path.of("/usr/bin/python3"))) {
            candidates.add("/usr/bin/python3");
        }
        ExternalProgram.onPath("python3").ifPresent(path -> candidates.add(path.toString()));
        for (String python : candidates) {
            ExternalProgram.Result probe = ExternalProgram.run(Duration.ofSeconds(30),
                    command(python, "-c", "import kafka; print(kafka.__version__)"));
            if (probe.exitCode() == 0) {
                System.out.println(python + " has kafka-python " + probe.stdout().strip());
                return Optional.of(python);
            }
        }
        return Optional.empty();
    }

    @Test
    void createsProducesAndConsumesWithItsDefaultOldVersions() throws URISyntaxException {
        Optional<String> python = pythonWithKafka();
        ExternalProgram.require(python.isPresent(), "kafka-python",
                "no python3 that imports kafka (apt-get install python3-kafka)");
        Path script = Path.of(getClass().getResource("/compat/kafka_python_roundtrip.py").toURI());

        try (SluiceTestCluster cluster = SluiceTestCluster.start(1, Map.of("auto.create.topics.enable", "false"))) {
            String topic = "kafka-python";
            ExternalProgram.Result result = ExternalProgram.run(WAIT,
                    command(python.get(), script.toString(), cluster.bootstrapServers(), topic,
                            Integer.toString(COUNT)), null, Map.of("PYTHONDONTWRITEBYTECODE", "1"));
            result.assertSucceeded();
            List<String> lines = result.stdout().lines().toList();

            // With our ranges kafka-python believes in a broker new enough for message format v2 (0.11+).
            String apiVersion = lines.stream().filter(line -> line.startsWith("api_version ")).findFirst()
                    .orElseThrow().substring("api_version ".length());
            System.out.println("kafka-python inferred broker version " + apiVersion);
            String[] parts = apiVersion.split("\\.");
            assertThat(Integer.parseInt(parts[0]) * 100 + Integer.parseInt(parts[1])).isGreaterThanOrEqualTo(11);

            List<String> expectedSends = new ArrayList<>();
            List<String> expectedRecords = new ArrayList<>();
            for (int i = 0; i < COUNT; i++) {
                expectedSends.add("sent 0 " + i);
                expectedSends.add("sent 1 " + i);
                expectedRecords.add("record 0 " + i + " key-" + i + " plain-" + i + PADDING);
            }
            for (int i = 0; i < COUNT; i++) {
                expectedRecords.add("record 1 " + i + " key-" + i + " gzip-" + i + PADDING);
            }
            assertThat(lines.stream().filter(line -> line.startsWith("sent "))).containsExactlyElementsOf(expectedSends);
            assertThat(lines.stream().filter(line -> line.startsWith("record ")).sorted(KafkaPythonInteropTest::byPartitionOffset))
                    .containsExactlyElementsOf(expectedRecords);

            // What the broker stored: magic 2, plain on partition 0, gzip on partition 1; the Java consumer agrees.
            assertThat(ClientChecks.batchesOnDisk(cluster.logDir(0), topic, 0))
                    .isNotEmpty().allMatch(b -> b.magic() == RecordBatch.MAGIC_V2 && b.compressionType() == CompressionType.NONE);
            assertThat(ClientChecks.batchesOnDisk(cluster.logDir(0), topic, 1))
                    .isNotEmpty().allMatch(b -> b.magic() == RecordBatch.MAGIC_V2 && b.compressionType() == CompressionType.GZIP);
            List<ConsumerRecord<String, String>> records = ClientChecks.readAll(cluster.bootstrapServers(), topic, 2, 2 * COUNT);
            assertThat(records.get(0).value()).isEqualTo("plain-0" + PADDING);
            assertThat(records.get(COUNT).value()).isEqualTo("gzip-0" + PADDING);
        }
    }

    @Test
    void consumesInAGroupAndCommits() throws URISyntaxException {
        Optional<String> python = pythonWithKafka();
        ExternalProgram.require(python.isPresent(), "kafka-python",
                "no python3 that imports kafka (apt-get install python3-kafka)");
        Path script = Path.of(getClass().getResource("/compat/kafka_python_group.py").toURI());

        try (SluiceTestCluster cluster = SluiceTestCluster.start(1, Map.of("auto.create.topics.enable", "false"))) {
            String topic = "kafka-python-group";
            String group = "kafka-python-consumers";
            int partitions = 3;
            int perPartition = 30;
            ClientChecks.createTopic(cluster.bootstrapServers(), topic, partitions);
            ClientChecks.produce(cluster.bootstrapServers(), topic, partitions, perPartition);

            ExternalProgram.Result result = ExternalProgram.run(WAIT,
                    command(python.get(), script.toString(), cluster.bootstrapServers(), topic, group,
                            Integer.toString(partitions * perPartition)), null, Map.of("PYTHONDONTWRITEBYTECODE", "1"));
            result.assertSucceeded();
            List<String> lines = result.stdout().lines().toList();

            // The only member of the group got every partition, read all of it and committed the ends.
            assertThat(lines).contains("assigned 0,1,2");
            assertThat(lines.stream().filter(line -> line.startsWith("record "))
                    .map(line -> line.split(" ", 4)[3]).sorted())
                    .containsExactlyElementsOf(ClientChecks.producedKeys(partitions, perPartition));
            assertThat(lines).contains("committed 0 " + perPartition, "committed 1 " + perPartition,
                    "committed 2 " + perPartition);
            assertThat(ClientChecks.committedOffsets(cluster.bootstrapServers(), group, topic))
                    .isEqualTo(Map.of(0, (long) perPartition, 1, (long) perPartition, 2, (long) perPartition));
        }
    }

    private static int byPartitionOffset(String a, String b) {
        String[] x = a.split(" ");
        String[] y = b.split(" ");
        int byPartition = Integer.compare(Integer.parseInt(x[1]), Integer.parseInt(y[1]));
        return byPartition != 0 ? byPartition : Long.compare(Long.parseLong(x[2]), Long.parseLong(y[2]));
    }
}
