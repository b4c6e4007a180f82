package io.sluice.server.compat;

import static io.sluice.server.compat.ExternalProgram.command;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.record.CompressionType;
import io.sluice.record.RecordBatch;
import io.sluice.server.cluster.SluiceTestCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * kafkajs 2.2.4 against a live broker: admin (createTopics, fetchTopicMetadata, fetchTopicOffsets,
 * listTopics) and the idempotent producer, plain and gzip. kafkajs ignores the broker's minimum versions
 * and sends ApiVersions v2, Metadata v6, CreateTopics v3, InitProducerId v1, Produce v7, ListOffsets v3.
 *
 * <p>kafkajs's consumer always joins a consumer group: {@code kafkajs-group-consumer.js} consumes with
 * {@code consumer.run} in a group and commits.
 *
 * <p>kafkajs is installed by {@code npm ci} in {@code src/test/node} (done by {@code .ci/run}).
 */
class KafkaJsInteropTest {

    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final int COUNT = 100;

    private static Path nodeProject() {
        return Path.of(System.getProperty("basedir", "."), "src", "test", "node");
    }

    private static Optional<String> installedKafkaJsVersion() throws IOException {
        Path packageJson = nodeProject().resolve("node_modules/kafkajs/package.json");
        if (!Files.isRegularFile(packageJson)) {
            return Optional.empty();
        }
        return Files.readAllLines(packageJson).stream().map(String::strip)
                .filter(line -> line.startsWith("\"version\"")).findFirst()
                .map(line -> line.replaceAll("[^0-9.]", ""));
    }

    /** node with kafkajs 2.2.4 installed, or the test is skipped (failed under CI). */
    private static Path requireNodeWithKafkaJs() throws IOException {
        Optional<Path> node = ExternalProgram.onPath("node").or(() -> ExternalProgram.onPath("nodejs"));
        ExternalProgram.require(node.isPresent(), "kafkajs", "no node on the PATH (apt-get install nodejs npm)");
        Optional<String> kafkajs = installedKafkaJsVersion();
        ExternalProgram.require(kafkajs.isPresent(), "kafkajs",
                "kafkajs is not installed (npm ci --prefix " + nodeProject() + ")");
        System.out.println("kafkajs " + kafkajs.get());
        assertThat(kafkajs.get()).isEqualTo("2.2.4");
        return node.get();
    }

    @Test
    void consumerRunsInAGroupAndCommits() throws IOException {
        Path node = requireNodeWithKafkaJs();
        try (SluiceTestCluster cluster = SluiceTestCluster.start(1, Map.of("auto.create.topics.enable", "false"))) {
            String topic = "kafkajs-group";
            String group = "kafkajs-consumers";
            int partitions = 3;
            int perPartition = 30;
            ClientChecks.createTopic(cluster.bootstrapServers(), topic, partitions);
            ClientChecks.produce(cluster.bootstrapServers(), topic, partitions, perPartition);

            ExternalProgram.Result result = ExternalProgram.run(WAIT,
                    command(node, nodeProject().resolve("kafkajs-group-consumer.js").toString(),
                            cluster.bootstrapServers(), topic, group, Integer.toString(partitions * perPartition)),
                    null, Map.of("KAFKAJS_NO_PARTITIONER_WARNING", "1"));
            result.assertSucceeded();
            List<String> lines = result.stdout().lines().toList();

            assertThat(lines.stream().filter(line -> line.startsWith("record "))
                    .map(line -> line.split(" ", 4)[3]).sorted())
                    .containsExactlyElementsOf(ClientChecks.producedKeys(partitions, perPartition));
            assertThat(lines).contains("committed 0 " + perPartition, "committed 1 " + perPartition,
                    "committed 2 " + perPartition);
            assertThat(ClientChecks.committedOffsets(cluster.bootstrapServers(), group, topic))
                    .isEqualTo(Map.of(0, (long) perPartition, 1, (long) perPartition, 2, (long) perPartition));
        }
    }

    @Test
    void adminAndIdempotentProducerWork() throws IOException {
        Path node = requireNodeWithKafkaJs();

        try (SluiceTestCluster cluster = SluiceTestCluster.start(1, Map.of("auto.create.topics.enable", "false"))) {
            String topic = "kafkajs";
            ExternalProgram.Result result = ExternalProgram.run(WAIT,
                    command(node, nodeProject().resolve("kafkajs-producer-admin.js").toString(),
                            cluster.bootstrapServers(), topic, Integer.toString(COUNT)),
                    null, Map.of("KAFKAJS_NO_PARTITIONER_WARNING", "1"));
            result.assertSucceeded();
            List<String> lines = result.stdout().lines().toList();

            assertThat(lines).containsSubsequence("created true",
                    "partition 0 leader 0 replicas 0", "partition 1 leader 0 replicas 0",
                    "sent 0 0", "sent 1 0",
                    "offsets 0 0 " + COUNT, "offsets 1 0 " + COUNT);
            assertThat(lines).contains("listed " + topic);

            // Idempotent batches: one producer id, sequences from 0; the requested codec on each partition.
            List<RecordBatch> plain = ClientChecks.batchesOnDisk(cluster.logDir(0), topic, 0);
            List<RecordBatch> gzip = ClientChecks.batchesOnDisk(cluster.logDir(0), topic, 1);
            assertThat(plain).isNotEmpty().allMatch(b -> b.compressionType() == CompressionType.NONE);
            assertThat(gzip).isNotEmpty().allMatch(b -> b.compressionType() == CompressionType.GZIP);
            long producerId = plain.get(0).producerId();
            assertThat(producerId).isGreaterThanOrEqualTo(0);
            assertThat(plain.get(0).baseSequence()).isZero();
            assertThat(gzip.get(0).baseSequence()).isZero();
            assertThat(gzip.get(0).producerId()).isEqualTo(producerId);

            List<ConsumerRecord<String, String>> records = ClientChecks.readAll(cluster.bootstrapServers(), topic, 2,
                    2 * COUNT);
            for (int i = 0; i < COUNT; i++) {
                assertThat(records.get(i).key()).isEqualTo("key-" + i);
                assertThat(records.get(i).value()).isEqualTo("plain-" + i);
                assertThat(records.get(COUNT + i).value()).isEqualTo("gzip-" + i);
            }
        }
    }
}
