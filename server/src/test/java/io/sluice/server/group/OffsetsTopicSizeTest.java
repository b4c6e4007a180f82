package io.sluice.server.group;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.protocol.ApiKeys;
import io.sluice.protocol.Errors;
import io.sluice.protocol.Frames;
import io.sluice.protocol.Messages;
import io.sluice.protocol.RequestHeader;
import io.sluice.protocol.Struct;
import io.sluice.record.CompressionType;
import io.sluice.record.RecordBatch;
import io.sluice.server.cluster.SluiceTestCluster;
import io.sluice.server.log.Log;
import io.sluice.server.log.LogReadResult;
import io.sluice.server.log.LogSegment;
import io.sluice.server.log.OffsetOutOfRangeException;
import io.sluice.server.log.TopicPartition;
import io.sluice.server.topic.TopicManager;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.Test;

/**
 * __consumer_offsets stays small: it is created compacted with offsets.topic.segment.bytes, so after a
 * long run of commits the cleaner leaves a few records per key plus the active segment, while
 * OffsetFetch (before and after a restart, which replays the compacted log) returns the latest commits.
 * Also: offsets.topic.compression.codec is the codec of the coordinator's batches, and
 * offsets.topic.replication.factor (default 3) is capped by the live brokers with a warning.
 */
class OffsetsTopicSizeTest {

    private static final String TOPIC = "committed";
    private static final int PARTITIONS = 4;
    private static final String[] GROUPS = {"size-group-a", "size-group-b", "size-group-c", "size-group-d"};
    private static final int SEGMENT_BYTES = 8192;
    private static final TopicPartition OFFSETS_0 = new TopicPartition(TopicManager.OFFSETS_TOPIC, 0);

    private static Admin admin(SluiceTestCluster cluster) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        return Admin.create(props);
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + 90_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out waiting until " + what);
            }
            Thread.sleep(50);
        }
    }

    /** One batch as read from the log: where it starts, how many records, which codec. */
    private record BatchInfo(long baseOffset, int records, CompressionType codec) {
    }

    /** Every batch of {@code log} from its start, read as a consumer would. */
    private static List<BatchInfo> batches(Log log) throws IOException {
        List<BatchInfo> out = new ArrayList<>();
        long offset = log.logStartOffset();
        while (offset < log.logEndOffset()) {
            try (LogReadResult result = log.read(offset, 1 << 20, true)) {
                ByteBuffer bytes = result.records().readAll();
                if (!bytes.hasRemaining()) {
                    break;
                }
                for (int pos = bytes.position(); pos < bytes.limit(); ) {
                    RecordBatch batch = RecordBatch.at(bytes, pos);
                    batch.validate();
                    out.add(new BatchInfo(batch.baseOffset(), batch.recordsCount(), batch.compressionType()));
                    offset = batch.nextOffset();
                    pos += batch.sizeInBytes();
                }
            }
        }
        return out;
    }

    /** {@link #batches} while the cleaner may swap segments under the reader. */
    private static List<BatchInfo> batchesRetrying(Log log) {
        while (true) {
            try {
                return batches(log);
            } catch (OffsetOutOfRangeException e) {
                Thread.onSpinWait();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    private static ByteBuffer frame(ApiKeys api, int version, int correlationId, Struct body) throws IOException {
        ByteBuffer request = Frames.request(new RequestHeader(api.id(), (short) version, correlationId, "size-test"), body)
                .toByteBuffer();
        ByteBuffer frame = ByteBuffer.allocate(4 + request.remaining());
        frame.putInt(request.remaining()).put(request).flip();
        return frame;
    }

    /**
     * Sends {@code count} OffsetCommit v8 requests of group {@code group} on one connection, pipelined (a
     * writer thread sends while this thread reads the answers in order; the broker handles one
     * connection's requests in order), request {@code i} committing offset {@code i} for every partition
     * of {@link #TOPIC}. Returns the errors other than NONE (none expected).
     */
    private static List<String> commitPipelined(int port, String group, int count) throws Exception {
        List<String> failures = new CopyOnWriteArrayList<>();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            socket.setSoTimeout(60_000);
            DataOutputStream out = new DataOutputStream(new java.io.BufferedOutputStream(socket.getOutputStream(), 1 << 16));
            DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(socket.getInputStream(), 1 << 16));
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                try {
                    for (int i = 0; i < count; i++) {
                        Struct request = Messages.request(ApiKeys.OFFSET_COMMIT).newStruct()
                                .set("group_id", group)
                                .set("generation_id_or_member_epoch", -1).set("member_id", "");
                        Struct topic = request.addElement("topics").set("name", TOPIC);
                        for (int p = 0; p < PARTITIONS; p++) {
                            topic.addElement("partitions").set("partition_index", p).set("committed_offset", (long) i)
                                    .set("committed_leader_epoch", -1).set("committed_metadata", "");
                        }
                        ByteBuffer frame = frame(ApiKeys.OFFSET_COMMIT, 8, i, request);
                        out.write(frame.array(), 0, frame.limit());
                    }
                    out.flush();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            for (int i = 0; i < count; i++) {
                byte[] response = new byte[in.readInt()];
                in.readFully(response);
                ByteBuffer buffer = ByteBuffer.wrap(response);
                if (buffer.getInt(0) != i) {
                    throw new IOException("Correlation id " + buffer.getInt(0) + ", expected " + i);
                }
                Struct body = Frames.readResponse(buffer, ApiKeys.OFFSET_COMMIT, (short) 8);
                for (Struct topic : body.<Struct>getArray("topics")) {
                    for (Struct partition : topic.<Struct>getArray("partitions")) {
                        short error = partition.getShort("error_code");
                        if (error != Errors.NONE.code()) {
                            failures.add("request " + i + " partition " + partition.getInt("partition_index") + ": " + error);
                        }
                    }
                }
            }
            writer.get();
        }
        return failures;
    }

    private static void assertLatestOffsets(SluiceTestCluster cluster, int commitsPerGroup) throws Exception {
        try (Admin admin = admin(cluster)) {
            for (String group : GROUPS) {
                long expected = commitsPerGroup - 1;
                Map<org.apache.kafka.common.TopicPartition, OffsetAndMetadata> offsets =
                        admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
                assertThat(offsets).as(group).hasSize(PARTITIONS);
                offsets.values().forEach(o -> assertThat(o.offset()).as(group).isEqualTo(expected));
            }
        }
    }

    @Test
    void aHundredThousandCommitsLeaveAFewRecordsPerKeyAndTheActiveSegment() throws Exception {
        Map<String, String> overrides = new HashMap<>();
        overrides.put("offsets.topic.num.partitions", "1");
        overrides.put("offsets.topic.segment.bytes", Integer.toString(SEGMENT_BYTES));
        overrides.put("log.cleaner.backoff.ms", "100");
        overrides.put("log.cleaner.dedupe.buffer.size", Integer.toString(1 << 20));
        overrides.put("log.segment.delete.delay.ms", "0");
        int commits = 100_000; // OffsetCommit requests, each for the 4 partitions: 400,000 offsets
        int keys = GROUPS.length * PARTITIONS;
        try (SluiceTestCluster cluster = SluiceTestCluster.start(1, overrides)) {
            try (Admin admin = admin(cluster)) {
                admin.createTopics(List.of(new NewTopic(TOPIC, PARTITIONS, (short) 1))).all().get();
                // creates __consumer_offsets and waits for its coordinator, as a client would
                admin.alterConsumerGroupOffsets("warm-up", Map.of(new org.apache.kafka.common.TopicPartition(TOPIC, 0),
                        new OffsetAndMetadata(0))).all().get();
                Config config = admin.describeConfigs(List.of(new ConfigResource(ConfigResource.Type.TOPIC,
                        TopicManager.OFFSETS_TOPIC))).all().get().values().iterator().next();
                assertThat(config.get("segment.bytes").value()).isEqualTo(Integer.toString(SEGMENT_BYTES));
                assertThat(config.get("cleanup.policy").value()).isEqualTo("compact");
            }

            // One connection per group, all at once.
            int port = cluster.broker(0).boundPort();
            List<CompletableFuture<List<String>>> runs = new ArrayList<>();
            for (String group : GROUPS) {
                runs.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        return commitPipelined(port, group, commits / GROUPS.length);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }));
            }
            for (CompletableFuture<List<String>> run : runs) {
                assertThat(run.get()).isEmpty();
            }

            Log log = cluster.broker(0).services().logManager().getLog(OFFSETS_0).orElseThrow();
            // One batch (of 4 records) per commit request: far more than fits the few segments kept.
            assertThat(log.logEndOffset()).isGreaterThanOrEqualTo((long) commits * PARTITIONS);
            // The warm-up group has one key more.
            int keysWithWarmUp = keys + 1;
            await(() -> {
                List<LogSegment> segments = log.segments();
                long activeBase = segments.get(segments.size() - 1).baseOffset();
                long belowActive = batchesRetrying(log).stream().filter(b -> b.baseOffset() < activeBase)
                        .mapToLong(BatchInfo::records).sum();
                return belowActive <= 2L * keysWithWarmUp && log.sizeInBytes() <= 3L * SEGMENT_BYTES;
            }, "the cleaner leaves at most two records per key below the active segment");

            List<BatchInfo> all = batchesRetrying(log);
            long records = all.stream().mapToLong(BatchInfo::records).sum();
            // A commit record is well over 40 bytes, so the active segment holds fewer than SEGMENT_BYTES / 40.
            assertThat(records).isLessThanOrEqualTo(2L * keysWithWarmUp + SEGMENT_BYTES / 40);
            long bytesOnDisk = 0;
            for (java.io.File file : log.dir().listFiles((d, n) -> n.endsWith(".log"))) {
                bytesOnDisk += file.length();
            }
            assertThat(bytesOnDisk).isLessThanOrEqualTo(3L * SEGMENT_BYTES);

            assertLatestOffsets(cluster, commits / GROUPS.length);
            // A restarted broker replays the compacted log: the latest commits survive compaction.
            cluster.stopBroker(0);
            cluster.startBroker(0);
            assertLatestOffsets(cluster, commits / GROUPS.length);
        }
    }

    @Test
    void theOffsetsTopicTakesItsBrokerSettingsAndItsReplicationFactorIsCappedWithAWarning() throws Exception {
        Map<String, String> overrides = new HashMap<>();
        overrides.put("offsets.topic.num.partitions", "2");
        // Kafka's default, with a single broker alive.
        overrides.put("offsets.topic.replication.factor", "3");
        overrides.put("offsets.topic.segment.bytes", "65536");
        overrides.put("offsets.topic.compression.codec", "3");
        try (WarningCapture warnings = WarningCapture.install(TopicManager.class.getName());
             SluiceTestCluster cluster = SluiceTestCluster.start(1, overrides)) {
            assertThat(cluster.brokerConfig(0).offsetsTopicCompressionType()).isEqualTo(CompressionType.LZ4);
            org.apache.kafka.common.TopicPartition tp = new org.apache.kafka.common.TopicPartition(TOPIC, 0);
            try (Admin admin = admin(cluster)) {
                admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1))).all().get();
                admin.alterConsumerGroupOffsets("codec-group", Map.of(tp, new OffsetAndMetadata(17, "m"))).all().get();
                TopicDescription description = admin.describeTopics(List.of(TopicManager.OFFSETS_TOPIC)).allTopicNames().get()
                        .get(TopicManager.OFFSETS_TOPIC);
                assertThat(description.partitions()).hasSize(2)
                        .allSatisfy(p -> assertThat(p.replicas()).hasSize(1));
                Config config = admin.describeConfigs(List.of(new ConfigResource(ConfigResource.Type.TOPIC,
                        TopicManager.OFFSETS_TOPIC))).all().get().values().iterator().next();
                assertThat(config.get("segment.bytes").value()).isEqualTo("65536");
                assertThat(config.get("cleanup.policy").value()).isEqualTo("compact");
            }
            assertThat(warnings.messages()).anySatisfy(m -> assertThat(m)
                    .contains("__consumer_offsets").contains("replication factor 1")
                    .contains("offsets.topic.replication.factor is 3"));

            List<BatchInfo> written = new ArrayList<>();
            for (int p = 0; p < 2; p++) {
                cluster.broker(0).services().logManager().getLog(new TopicPartition(TopicManager.OFFSETS_TOPIC, p))
                        .ifPresent(l -> written.addAll(batchesRetrying(l)));
            }
            assertThat(written).isNotEmpty().allSatisfy(b -> assertThat(b.codec()).isEqualTo(CompressionType.LZ4));

            cluster.stopBroker(0);
            cluster.startBroker(0);
            try (Admin admin = admin(cluster)) {
                OffsetAndMetadata committed = admin.listConsumerGroupOffsets("codec-group").partitionsToOffsetAndMetadata()
                        .get().get(tp);
                assertThat(committed.offset()).isEqualTo(17);
                assertThat(committed.metadata()).isEqualTo("m");
            }
        }
    }

    private static io.sluice.server.config.BrokerConfig brokerConfig(String key, String value) {
        Properties props = new Properties();
        props.setProperty("broker.id", "0");
        props.setProperty("zookeeper.connect", "zk:2181");
        if (key != null) {
            props.setProperty(key, value);
        }
        return new io.sluice.server.config.BrokerConfig(props);
    }

    @Test
    void offsetsTopicSettingsHaveKafkasDefaultsAndAreValidated() {
        io.sluice.server.config.BrokerConfig defaults = brokerConfig(null, null);
        assertThat(defaults.offsetsTopicSegmentBytes()).isEqualTo(104857600);
        assertThat(defaults.offsetsTopicCompressionType()).isEqualTo(CompressionType.NONE);
        assertThat(defaults.offsetsTopicReplicationFactor()).isEqualTo((short) 3);
        assertThat(brokerConfig("offsets.topic.compression.codec", "1").offsetsTopicCompressionType())
                .isEqualTo(CompressionType.GZIP);
        assertThat(brokerConfig("offsets.topic.compression.codec", "zstd").offsetsTopicCompressionType())
                .isEqualTo(CompressionType.ZSTD);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> brokerConfig("offsets.topic.compression.codec", "7"))
                .isInstanceOf(io.sluice.server.config.ConfigException.class)
                .hasMessageContaining("offsets.topic.compression.codec");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> brokerConfig("offsets.topic.segment.bytes", "10"))
                .isInstanceOf(io.sluice.server.config.ConfigException.class)
                .hasMessageContaining("offsets.topic.segment.bytes");
    }

    /** Collects the WARN messages of one logger while installed. */
    private static final class WarningCapture extends AbstractAppender implements AutoCloseable {
        private final List<String> messages = new CopyOnWriteArrayList<>();
        private final String loggerName;

        private WarningCapture(String loggerName) {
            super("warning-capture", null, null, true, Property.EMPTY_ARRAY);
            this.loggerName = loggerName;
        }

        static WarningCapture install(String loggerName) {
            WarningCapture capture = new WarningCapture(loggerName);
            capture.start();
            LoggerContext context = (LoggerContext) org.apache.logging.log4j.LogManager.getContext(false);
            context.getConfiguration().getRootLogger().addAppender(capture, Level.WARN, null);
            context.updateLoggers();
            return capture;
        }

        @Override
        public void append(LogEvent event) {
            if (event.getLevel() == Level.WARN && event.getLoggerName().equals(loggerName)) {
                messages.add(event.getMessage().getFormattedMessage());
            }
        }

        List<String> messages() {
            return messages;
        }

        @Override
        public void close() {
            LoggerContext context = (LoggerContext) org.apache.logging.log4j.LogManager.getContext(false);
            context.getConfiguration().getRootLogger().removeAppender(getName());
            context.updateLoggers();
            stop();
        }
    }
}
