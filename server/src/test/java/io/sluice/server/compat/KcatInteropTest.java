package io.sluice.server.compat;

import static io.sluice.server.compat.ExternalProgram.command;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sluice.record.CompressionType;
import io.sluice.record.RecordBatch;
import io.sluice.server.cluster.SluiceTestCluster;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * kcat (librdkafka 2.0.2 on Debian 12) against a live broker: metadata listing, produce and consume with
 * every compression codec, the idempotent producer, and the balanced consumer ({@code -G}) in a group.
 *
 * <p>librdkafka decides what to use from the broker's ApiVersions ranges ("feature gates") and falls back
 * silently: with a gate closed it sends uncompressed batches although {@code -z} asked otherwise. So the
 * codec tests check the batches the broker stored on disk, not only that the values come back.
 */
class KcatInteropTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    /**
     * librdkafka turns LZ4 on only when the broker's FindCoordinator range includes v0 (it uses that API as
     * the LZ4 indicator, src/rdkafka_feature.c); without it {@code -z lz4} silently sends plain batches.
     */
    private static final String LZ4_GATE = "librdkafka enables LZ4 only when the broker advertises "
            + "FindCoordinator v0, which this broker does not; -z lz4 would "
            + "silently send uncompressed batches";

    private static Path kcat;
    private static SluiceTestCluster cluster;
    private static boolean findCoordinatorV0;

    @BeforeAll
    static void startCluster() {
        Optional<Path> found = ExternalProgram.onPath("kcat").or(() -> ExternalProgram.onPath("kafkacat"));
        ExternalProgram.require(found.isPresent(), "kcat", "no kcat on the PATH (apt-get install kcat)");
        kcat = found.get();
        System.out.println(ExternalProgram.run(WAIT, command(kcat, "-V")).stdout().lines()
                .filter(line -> line.startsWith("Version")).findFirst().orElse("kcat version unknown"));
        cluster = SluiceTestCluster.start(1, Map.of("auto.create.topics.enable", "false"));
        ApiVersionsResponseData.ApiVersion findCoordinator = ClientChecks.apiVersions(cluster.broker(0).boundPort())
                .apiKeys().find(ApiKeys.FIND_COORDINATOR.id);
        findCoordinatorV0 = findCoordinator != null && findCoordinator.minVersion() == 0;
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static String bootstrap() {
        return cluster.bootstrapServers();
    }

    @Test
    void metadataListShowsTheBrokerAndEveryPartition() {
        ClientChecks.createTopic(bootstrap(), "kcat-metadata", 3);

        String out = ExternalProgram.run(WAIT, command(kcat, "-b", bootstrap(), "-L", "-t", "kcat-metadata"))
                .assertSucceeded().stdout();

        int port = cluster.broker(0).boundPort();
        assertThat(out).contains("1 brokers:").contains("broker 0 at 127.0.0.1:" + port)
                .contains("topic \"kcat-metadata\" with 3 partitions:");
        for (int p = 0; p < 3; p++) {
            assertThat(out).containsPattern("partition " + p + ", leader 0, replicas: 0, isrs: 0");
        }
    }

    @Test
    void brokerFeaturesIncludeMessageFormatV2CompressionAndIdempotence() {
        // debug=feature logs the features librdkafka derived from our ApiVersions answer.
        String err = ExternalProgram.run(WAIT,
                command(kcat, "-b", bootstrap(), "-L", "-X", "debug=broker,feature")).assertSucceeded().stderr();

        Matcher matcher = Pattern.compile("Updated enabled protocol features (?:\\S+ )?to (\\S+)").matcher(err);
        String last = null;
        while (matcher.find()) {
            last = matcher.group(1);
        }
        err.lines().filter(line -> line.contains("FEATURE")).forEach(System.out::println);
        assertThat(last).as("feature line in %s", err).isNotNull();
        List<String> features = List.of(last.split(","));
        System.out.println("librdkafka features: " + features);
        // MsgVer2 needs Produce v3 and Fetch v4, ZSTD Produce v7 and Fetch v10, IdempotentProducer
        // InitProducerId v0, OffsetTime ListOffsets v1. (ThrottleTime and MsgVer1 want Fetch v1-2, below our floor.)
        assertThat(features).contains("MsgVer2", "ApiVersion", "OffsetTime", "IdempotentProducer", "ZSTD");
        if (findCoordinatorV0) {
            assertThat(features).contains("LZ4", "BrokerGroupCoordinator");
        } else {
            System.out.println("Not checked: " + LZ4_GATE);
        }
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void producedRecordsAreStoredWithTheRequestedCodecAndConsumedBack(CompressionType codec) {
        assumeTrue(codec != CompressionType.LZ4 || findCoordinatorV0, LZ4_GATE);
        String topic = "kcat-" + codec.name;
        ClientChecks.createTopic(bootstrap(), topic, 1);
        int count = 200;
        StringBuilder input = new StringBuilder();
        for (int i = 0; i < count; i++) {
            input.append("key-").append(i).append(':').append(value(i, codec)).append('\n');
        }
        List<String> produce = command(kcat, "-b", bootstrap(), "-P", "-t", topic, "-p", "0", "-K:",
                "-X", "linger.ms=20");
        if (codec != CompressionType.NONE) {
            produce.addAll(List.of("-z", codec.name));
        }
        ExternalProgram.run(WAIT, produce, input.toString().getBytes(StandardCharsets.UTF_8), Map.of())
                .assertSucceeded();

        List<RecordBatch> batches = ClientChecks.batchesOnDisk(cluster.logDir(0), topic, 0);
        assertThat(batches).isNotEmpty().allSatisfy(batch -> {
            assertThat(batch.magic()).isEqualTo(RecordBatch.MAGIC_V2);
            assertThat(batch.compressionType()).as("codec of the stored batch").isEqualTo(codec);
        });
        assertThat(batches.stream().mapToInt(RecordBatch::recordsCount).sum()).isEqualTo(count);

        // kcat reads them back (check.crcs makes librdkafka verify every fetched batch) ...
        String consumed = ExternalProgram.run(WAIT, command(kcat, "-b", bootstrap(), "-C", "-t", topic, "-p", "0",
                "-o", "beginning", "-e", "-q", "-X", "check.crcs=true", "-f", "%o %k=%s\\n")).assertSucceeded().stdout();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            expected.add(i + " key-" + i + "=" + value(i, codec));
        }
        assertThat(consumed.lines().toList()).containsExactlyElementsOf(expected);

        // ... and so does the Java consumer.
        List<ConsumerRecord<String, String>> records = ClientChecks.readAll(bootstrap(), topic, 1, count);
        assertThat(records).extracting(ConsumerRecord::key)
                .containsExactlyElementsOf(IntStream.range(0, count).mapToObj(i -> "key-" + i).toList());
    }

    /**
     * A value that compresses well even alone: librdkafka, like kafka-python, sends a batch uncompressed
     * when compressing would not make it smaller, and a batch may hold a single record.
     */
    private static String value(int i, CompressionType codec) {
        return "value-" + i + " of " + codec.name + " " + ".".repeat(100);
    }

    @Test
    void idempotentProducerGetsAProducerIdAndSequencesStartAtZero() {
        String topic = "kcat-idempotent";
        ClientChecks.createTopic(bootstrap(), topic, 1);
        int count = 50;
        StringBuilder input = new StringBuilder();
        for (int i = 0; i < count; i++) {
            input.append("idempotent-").append(i).append('\n');
        }
        ExternalProgram.run(WAIT, command(kcat, "-b", bootstrap(), "-P", "-t", topic, "-p", "0",
                        "-X", "enable.idempotence=true", "-X", "linger.ms=20"),
                input.toString().getBytes(StandardCharsets.UTF_8), Map.of()).assertSucceeded();

        List<RecordBatch> batches = ClientChecks.batchesOnDisk(cluster.logDir(0), topic, 0);
        assertThat(batches).isNotEmpty();
        long producerId = batches.get(0).producerId();
        assertThat(producerId).as("producer id from InitProducerId").isGreaterThanOrEqualTo(0);
        int nextSequence = 0;
        for (RecordBatch batch : batches) {
            assertThat(batch.producerId()).isEqualTo(producerId);
            assertThat(batch.baseSequence()).isEqualTo(nextSequence);
            nextSequence += batch.recordsCount();
        }
        assertThat(nextSequence).isEqualTo(count);
        assertThat(ClientChecks.readAll(bootstrap(), topic, 1, count)).extracting(ConsumerRecord::value)
                .containsExactlyElementsOf(IntStream.range(0, count).mapToObj(i -> "idempotent-" + i).toList());
    }

    @Test
    void balancedConsumerReadsEveryPartitionInAGroupAndCommits() {
        String topic = "kcat-group";
        String group = "kcat-group-consumers";
        int partitions = 3;
        int perPartition = 40;
        ClientChecks.createTopic(bootstrap(), topic, partitions);
        ClientChecks.produce(bootstrap(), topic, partitions, perPartition);

        // -G: librdkafka's high-level consumer, which gets partitions only through the group (FindCoordinator,
        // JoinGroup, SyncGroup, Heartbeat, OffsetCommit, LeaveGroup); -e exits once every assigned partition
        // reached its end. Offsets are committed
        // synchronously on close (enable.auto.commit with a long interval leaves that as the only commit).
        ExternalProgram.Result result = ExternalProgram.run(WAIT, command(kcat, "-b", bootstrap(), "-G", group, topic,
                "-e", "-q", "-X", "auto.offset.reset=earliest", "-X", "auto.commit.interval.ms=600000",
                "-f", "%p %o %k %s\\n"));
        result.assertSucceeded();
        List<String> lines = result.stdout().lines().toList();
        assertThat(lines.stream().map(line -> line.substring(line.indexOf(' ', line.indexOf(' ') + 1) + 1)).sorted())
                .containsExactlyElementsOf(ClientChecks.producedKeys(partitions, perPartition));

        Map<Integer, Long> committed = ClientChecks.committedOffsets(bootstrap(), group, topic);
        assertThat(committed).isEqualTo(Map.of(0, (long) perPartition, 1, (long) perPartition, 2, (long) perPartition));
    }
}
