package io.sluice.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.server.SluiceServer;
import io.sluice.server.cluster.SluiceTestCluster;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.DeleteRecordsRequestData;
import org.apache.kafka.common.message.DeleteRecordsResponseData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.InitProducerIdRequestData;
import org.apache.kafka.common.message.InitProducerIdResponseData;
import org.apache.kafka.common.message.ListOffsetsRequestData;
import org.apache.kafka.common.message.ListOffsetsResponseData;
import org.apache.kafka.common.message.OffsetForLeaderEpochRequestData;
import org.apache.kafka.common.message.OffsetForLeaderEpochResponseData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.Record;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.record.SimpleRecord;
import org.apache.kafka.common.requests.DeleteRecordsRequest;
import org.apache.kafka.common.requests.DeleteRecordsResponse;
import org.apache.kafka.common.requests.FetchRequest;
import org.apache.kafka.common.requests.FetchResponse;
import org.apache.kafka.common.requests.InitProducerIdRequest;
import org.apache.kafka.common.requests.InitProducerIdResponse;
import org.apache.kafka.common.requests.ListOffsetsRequest;
import org.apache.kafka.common.requests.ListOffsetsResponse;
import org.apache.kafka.common.requests.OffsetsForLeaderEpochRequest;
import org.apache.kafka.common.requests.OffsetsForLeaderEpochResponse;
import org.apache.kafka.common.requests.ProduceRequest;
import org.apache.kafka.common.requests.ProduceResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The data-plane APIs at the protocol level against one real broker: every request is encoded and
 * every response decoded by kafka-clients, so field layouts are checked by the oracle, and the
 * behaviour (offsets, errors, idempotence, long polling, KIP-74) by the assertions.
 */
class DataPlaneProtocolTest {

    private static SluiceTestCluster cluster;

    @BeforeAll
    static void startCluster() {
        cluster = SluiceTestCluster.start(1);
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
    }

    static void createTopic(SluiceServer broker, String topic, int partitions, Map<String, String> configs) {
        broker.services().topicStore().createTopic(topic, partitions, 1, configs);
        broker.services().metadataCache().refreshTopic(topic);
    }

    private static KafkaWireClient client() throws Exception {
        return new KafkaWireClient(cluster.broker(0).boundPort());
    }

    static SimpleRecord record(long timestamp, String key, String value) {
        return new SimpleRecord(timestamp, key.getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8));
    }

    static ProduceRequest produceRequest(short version, short acks, String topic, int partition, MemoryRecords records) {
        return produceRequest(version, acks, 30_000, topic, partition, records);
    }

    static ProduceRequest produceRequest(short version, short acks, int timeoutMs, String topic, int partition,
                                         MemoryRecords records) {
        ProduceRequestData data = new ProduceRequestData().setAcks(acks).setTimeoutMs(timeoutMs);
        ProduceRequestData.TopicProduceData topicData = new ProduceRequestData.TopicProduceData().setName(topic);
        topicData.partitionData().add(new ProduceRequestData.PartitionProduceData().setIndex(partition).setRecords(records));
        data.topicData().add(topicData);
        return new ProduceRequest.Builder(version, version, data).build(version);
    }

    static ProduceResponseData.PartitionProduceResponse produce(KafkaWireClient client, short version, short acks,
                                                                String topic, int partition, MemoryRecords records)
            throws Exception {
        ProduceResponse response = client.send(produceRequest(version, acks, topic, partition, records));
        return response.data().responses().iterator().next().partitionResponses().get(0);
    }

    static FetchResponseData.PartitionData fetch(KafkaWireClient client, short version, String topic, int partition,
                                                 long offset, int partitionMaxBytes, Optional<Integer> epoch)
            throws Exception {
        Map<TopicPartition, FetchRequest.PartitionData> map = new LinkedHashMap<>();
        map.put(new TopicPartition(topic, partition), new FetchRequest.PartitionData(Uuid.ZERO_UUID, offset, -1,
                partitionMaxBytes, epoch));
        FetchResponse response = client.send(FetchRequest.Builder.forConsumer(version, 0, 1, map).build(version));
        assertThat(response.data().sessionId()).isZero();
        return response.data().responses().get(0).partitions().get(0);
    }

    static List<Record> records(FetchResponseData.PartitionData data) {
        List<Record> out = new ArrayList<>();
        MemoryRecords records = (MemoryRecords) data.records();
        for (RecordBatch batch : records.batches()) {
            batch.forEach(out::add);
        }
        return out;
    }

    static MemoryRecords copy(MemoryRecords records) {
        return MemoryRecords.readableRecords(records.buffer());
    }

    static String string(ByteBuffer buffer) {
        return StandardCharsets.UTF_8.decode(buffer.duplicate()).toString();
    }

    static long initProducerId(KafkaWireClient client) throws Exception {
        InitProducerIdResponse response = client.send(new InitProducerIdRequest.Builder(new InitProducerIdRequestData()
                .setTransactionalId(null).setTransactionTimeoutMs(Integer.MAX_VALUE)).build((short) 5));
        assertThat(response.data().errorCode()).isZero();
        assertThat(response.data().producerEpoch()).isZero();
        return response.data().producerId();
    }

    static ListOffsetsResponseData.ListOffsetsPartitionResponse listOffsets(KafkaWireClient client, short version,
                                                                            String topic, int partition, long timestamp)
            throws Exception {
        List<ListOffsetsRequestData.ListOffsetsTopic> topics = List.of(new ListOffsetsRequestData.ListOffsetsTopic()
                .setName(topic).setPartitions(List.of(new ListOffsetsRequestData.ListOffsetsPartition()
                        .setPartitionIndex(partition).setTimestamp(timestamp).setMaxNumOffsets(1))));
        ListOffsetsResponse response = client.send(ListOffsetsRequest.Builder
                .forConsumer(false, IsolationLevel.READ_UNCOMMITTED, version >= 7, false, false)
                .setTargetTimes(topics).build(version));
        return response.data().topics().get(0).partitions().get(0);
    }

    @Test
    void producedRecordsComeBackFromFetchWithOffsetsAndWatermarks() throws Exception {
        createTopic(cluster.broker(0), "wire-roundtrip", 2, Map.of());
        try (KafkaWireClient client = client()) {
            long pid = initProducerId(client);
            var first = produce(client, (short) 11, (short) -1, "wire-roundtrip", 1, MemoryRecords.withIdempotentRecords(
                    Compression.NONE, pid, (short) 0, 0, record(1000, "k0", "v0"), record(1001, "k1", "v1")));
            assertThat(Errors.forCode(first.errorCode())).isEqualTo(Errors.NONE);
            assertThat(first.baseOffset()).isZero();
            assertThat(first.logAppendTimeMs()).isEqualTo(-1);
            assertThat(first.logStartOffset()).isZero();
            var second = produce(client, (short) 7, (short) 1, "wire-roundtrip", 1, MemoryRecords.withIdempotentRecords(
                    Compression.NONE, pid, (short) 0, 2, record(1002, "k2", "v2")));
            assertThat(second.baseOffset()).isEqualTo(2);

            for (short version = 4; version <= 12; version++) {
                FetchResponseData.PartitionData data = fetch(client, version, "wire-roundtrip", 1, 0, 1 << 20,
                        Optional.empty());
                assertThat(Errors.forCode(data.errorCode())).isEqualTo(Errors.NONE);
                assertThat(data.highWatermark()).isEqualTo(3);
                assertThat(data.lastStableOffset()).isEqualTo(3);
                assertThat(data.abortedTransactions()).isNotNull().isEmpty();
                if (version >= 5) {
                    assertThat(data.logStartOffset()).isZero();
                }
                if (version >= 11) {
                    assertThat(data.preferredReadReplica()).isEqualTo(-1);
                }
                List<Record> records = records(data);
                assertThat(records).extracting(Record::offset).containsExactly(0L, 1L, 2L);
                assertThat(records).extracting(r -> string(r.key())).containsExactly("k0", "k1", "k2");
                assertThat(records).extracting(r -> string(r.value())).containsExactly("v0", "v1", "v2");
            }
            // The other partition is empty: answered, with empty (not null) records.
            FetchResponseData.PartitionData empty = fetch(client, (short) 12, "wire-roundtrip", 0, 0, 1 << 20,
                    Optional.empty());
            assertThat(empty.highWatermark()).isZero();
            assertThat(empty.records()).isNotNull();
            assertThat(empty.records().sizeInBytes()).isZero();
        }
    }

    @Test
    void aRetriedIdempotentBatchGetsItsOriginalOffsetAndIsStoredOnce() throws Exception {
        createTopic(cluster.broker(0), "wire-retry", 1, Map.of());
        try (KafkaWireClient client = client()) {
            long pid = initProducerId(client);
            produce(client, (short) 11, (short) -1, "wire-retry", 0, MemoryRecords.withIdempotentRecords(
                    Compression.NONE, pid, (short) 0, 0, record(1, "a", "a")));
            MemoryRecords batch = MemoryRecords.withIdempotentRecords(Compression.NONE, pid, (short) 0, 1,
                    record(2, "b", "b"), record(3, "c", "c"));
            var original = produce(client, (short) 11, (short) -1, "wire-retry", 0, copy(batch));
            // The response was "lost": the producer sends the very same batch again.
            var retry = produce(client, (short) 11, (short) -1, "wire-retry", 0, copy(batch));
            assertThat(original.baseOffset()).isEqualTo(1);
            assertThat(Errors.forCode(retry.errorCode())).isEqualTo(Errors.NONE);
            assertThat(retry.baseOffset()).isEqualTo(1);
            assertThat(listOffsets(client, (short) 7, "wire-retry", 0, -1).offset()).isEqualTo(3);
            assertThat(records(fetch(client, (short) 12, "wire-retry", 0, 0, 1 << 20, Optional.empty())))
                    .extracting(r -> string(r.value())).containsExactly("a", "b", "c");

            // A gap in the sequence is refused.
            var gap = produce(client, (short) 11, (short) -1, "wire-retry", 0, MemoryRecords.withIdempotentRecords(
                    Compression.NONE, pid, (short) 0, 7, record(4, "d", "d")));
            assertThat(Errors.forCode(gap.errorCode())).isEqualTo(Errors.OUT_OF_ORDER_SEQUENCE_NUMBER);
            // A bumped epoch restarting at sequence 0 is accepted; the old epoch is then fenced.
            var bumped = produce(client, (short) 11, (short) -1, "wire-retry", 0, MemoryRecords.withIdempotentRecords(
                    Compression.NONE, pid, (short) 1, 0, record(5, "e", "e")));
            assertThat(Errors.forCode(bumped.errorCode())).isEqualTo(Errors.NONE);
            var fenced = produce(client, (short) 11, (short) -1, "wire-retry", 0, MemoryRecords.withIdempotentRecords(
                    Compression.NONE, pid, (short) 0, 3, record(6, "f", "f")));
            assertThat(Errors.forCode(fenced.errorCode())).isEqualTo(Errors.INVALID_PRODUCER_EPOCH);
        }
    }

    @Test
    void produceErrorsArePerPartition() throws Exception {
        createTopic(cluster.broker(0), "wire-errors", 1, Map.of("max.message.bytes", "2000"));
        try (KafkaWireClient client = client()) {
            MemoryRecords one = MemoryRecords.withRecords(Compression.NONE, record(1, "k", "v"));
            assertThat(Errors.forCode(produce(client, (short) 9, (short) 1, "no-such-topic", 0, copy(one)).errorCode()))
                    .isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION);
            assertThat(Errors.forCode(produce(client, (short) 9, (short) 1, "wire-errors", 5, copy(one)).errorCode()))
                    .isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION);
            assertThat(Errors.forCode(produce(client, (short) 9, (short) 1, "bad/name", 0, copy(one)).errorCode()))
                    .isEqualTo(Errors.INVALID_TOPIC_EXCEPTION);
            MemoryRecords zstd = MemoryRecords.withRecords(Compression.zstd().build(), record(1, "k", "v"));
            // kafka-clients refuses to build this request itself, so it is sent as v7 with the version patched.
            assertThat(Errors.forCode(produceAsV6(client, "wire-errors", copy(zstd)).errorCode()))
                    .isEqualTo(Errors.UNSUPPORTED_COMPRESSION_TYPE);
            assertThat(Errors.forCode(produce(client, (short) 7, (short) 1, "wire-errors", 0, copy(zstd)).errorCode()))
                    .isEqualTo(Errors.NONE);
            MemoryRecords v1 = MemoryRecords.withRecords((byte) 1, Compression.NONE, record(1, "k", "v"));
            assertThat(Errors.forCode(produce(client, (short) 2, (short) 1, "wire-errors", 0, v1).errorCode()))
                    .isEqualTo(Errors.UNSUPPORTED_VERSION);
            MemoryRecords big = MemoryRecords.withRecords(Compression.NONE, new SimpleRecord(1, new byte[5000]));
            var tooLarge = produce(client, (short) 11, (short) 1, "wire-errors", 0, big);
            assertThat(Errors.forCode(tooLarge.errorCode())).isEqualTo(Errors.MESSAGE_TOO_LARGE);
            assertThat(tooLarge.errorMessage()).contains("max.message.bytes");
            ByteBuffer corrupt = MemoryRecords.withRecords(Compression.NONE, record(1, "k", "value")).buffer();
            corrupt.put(corrupt.limit() - 3, (byte) 'X');
            assertThat(Errors.forCode(produce(client, (short) 11, (short) 1, "wire-errors", 0,
                    MemoryRecords.readableRecords(corrupt)).errorCode())).isEqualTo(Errors.CORRUPT_MESSAGE);
            // Nothing but the one good zstd batch was appended.
            assertThat(listOffsets(client, (short) 7, "wire-errors", 0, -1).offset()).isEqualTo(1);
        }
    }

    /** A Produce v7 request re-labelled v6 (the body layout of v3-v8 is the same). */
    private static ProduceResponseData.PartitionProduceResponse produceAsV6(KafkaWireClient client, String topic,
                                                                           MemoryRecords records) throws Exception {
        ProduceRequest v7 = produceRequest((short) 7, (short) 1, topic, 0, records);
        ProduceResponse response = client.sendRelabelled(v7, (short) 6);
        return response.data().responses().iterator().next().partitionResponses().get(0);
    }

    @Test
    void acksAllWaitsForTheIsrAndRespectsMinInsyncReplicas() throws Exception {
        SluiceServer broker = cluster.broker(0);
        createTopic(broker, "wire-isr", 1, Map.of("min.insync.replicas", "2"));
        try (KafkaWireClient client = client()) {
            MemoryRecords one = MemoryRecords.withRecords(Compression.NONE, record(1, "k", "v"));
            // The ISR (just this broker) is below min.insync.replicas: acks=all is refused before the
            // append, acks=1 is not.
            assertThat(Errors.forCode(produce(client, (short) 11, (short) -1, "wire-isr", 0, copy(one)).errorCode()))
                    .isEqualTo(Errors.NOT_ENOUGH_REPLICAS);
            assertThat(Errors.forCode(produce(client, (short) 11, (short) 1, "wire-isr", 0, copy(one)).errorCode()))
                    .isEqualTo(Errors.NONE);

            // Now a second, silent replica is in the ISR: the high watermark cannot pass what it has
            // not fetched, so acks=all times out (the record is appended, but not committed).
            var state = broker.services().topicStore().partitionState("wire-isr", 0).orElseThrow();
            broker.services().topicStore().updatePartitionState("wire-isr", 0, state.value().withIsr(List.of(0, 7)),
                    state.zkVersion());
            broker.services().metadataCache().refreshTopic("wire-isr");
            ProduceResponse response = client.send(produceRequest((short) 11, (short) -1, 100, "wire-isr", 0, copy(one)));
            var timedOut = response.data().responses().iterator().next().partitionResponses().get(0);
            assertThat(Errors.forCode(timedOut.errorCode())).isEqualTo(Errors.REQUEST_TIMED_OUT);
            assertThat(timedOut.baseOffset()).isEqualTo(1);
            assertThat(listOffsets(client, (short) 7, "wire-isr", 0, -1).offset()).isEqualTo(1);

            // Consumers read below the high watermark; a follower (replica_id >= 0) reads to the log end.
            assertThat(records(fetch(client, (short) 12, "wire-isr", 0, 0, 1 << 20, Optional.empty()))).hasSize(1);
            Map<TopicPartition, FetchRequest.PartitionData> map = Map.of(new TopicPartition("wire-isr", 0),
                    new FetchRequest.PartitionData(Uuid.ZERO_UUID, 0, -1, 1 << 20, Optional.empty()));
            FetchResponse fromFollower = client.send(FetchRequest.Builder.forReplica((short) 12, 7, -1, 0, 1, map)
                    .build((short) 12));
            FetchResponseData.PartitionData followerData = fromFollower.data().responses().get(0).partitions().get(0);
            assertThat(followerData.highWatermark()).isEqualTo(1);
            assertThat(records(followerData)).extracting(Record::offset).containsExactly(0L, 1L);
        }
    }

    @Test
    void acksZeroGetsNoResponseAndKeepsTheConnectionInStep() throws Exception {
        createTopic(cluster.broker(0), "wire-acks0", 1, Map.of());
        try (KafkaWireClient client = client()) {
            for (int i = 0; i < 3; i++) {
                client.sendOneWay(produceRequest((short) 11, (short) 0, "wire-acks0", 0,
                        MemoryRecords.withRecords(Compression.NONE, record(i, "k" + i, "v" + i))));
            }
            // The next response on this connection answers the next request (kafka-clients checks the
            // correlation id), and the fire-and-forget records are there.
            assertThat(listOffsets(client, (short) 7, "wire-acks0", 0, -1).offset()).isEqualTo(3);
        }
    }

    @Test
    void aFailedAcksZeroProduceClosesTheConnection() throws Exception {
        try (KafkaWireClient client = client()) {
            client.sendOneWay(produceRequest((short) 11, (short) 0, "wire-no-such-topic", 0,
                    MemoryRecords.withRecords(Compression.NONE, record(1, "k", "v"))));
            // No response can carry the error, so the broker hangs up (the producer then refreshes metadata).
            assertThatThrownBy(() -> listOffsets(client, (short) 7, "wire-acks0", 0, -1))
                    .isInstanceOfAny(java.io.EOFException.class, java.net.SocketException.class);
        }
    }

    @Test
    void aLongPollingFetchIsAnsweredWhenRecordsArrive() throws Exception {
        createTopic(cluster.broker(0), "wire-longpoll", 1, Map.of());
        try (KafkaWireClient consumer = client(); KafkaWireClient producer = client()) {
            Map<TopicPartition, FetchRequest.PartitionData> map = Map.of(new TopicPartition("wire-longpoll", 0),
                    new FetchRequest.PartitionData(Uuid.ZERO_UUID, 0, -1, 1 << 20, Optional.empty()));
            CompletableFuture<FetchResponse> fetched = CompletableFuture.supplyAsync(() -> {
                try {
                    // Waits up to a minute for one byte: only an append can answer it with data.
                    return consumer.send(FetchRequest.Builder.forConsumer((short) 12, 60_000, 1, map).build((short) 12));
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            while (cluster.broker(0).services().logManager().getLog(
                    new io.sluice.server.log.TopicPartition("wire-longpoll", 0)).isEmpty() || !fetchIsParked()) {
                Thread.sleep(10);
            }
            produce(producer, (short) 11, (short) 1, "wire-longpoll", 0,
                    MemoryRecords.withRecords(Compression.NONE, record(1, "late", "arrival")));
            FetchResponseData.PartitionData data = fetched.get(60, TimeUnit.SECONDS).data().responses().get(0)
                    .partitions().get(0);
            assertThat(records(data)).extracting(r -> string(r.value())).containsExactly("arrival");
        }
    }

    /** The fetch has reached the purgatory (so the data that answers it really arrived later). */
    private static boolean fetchIsParked() {
        return PartitionManagerAccess.fetchWaiters(cluster.broker(0), "wire-longpoll", 0) > 0;
    }

    @Test
    void fetchChecksOffsetsAndLeaderEpochsAndAnswersEveryPartition() throws Exception {
        createTopic(cluster.broker(0), "wire-fetch-errors", 1, Map.of());
        try (KafkaWireClient client = client()) {
            produce(client, (short) 11, (short) 1, "wire-fetch-errors", 0,
                    MemoryRecords.withRecords(Compression.NONE, record(1, "k", "v")));
            int epoch = cluster.broker(0).services().metadataCache().partition("wire-fetch-errors", 0).orElseThrow()
                    .leaderEpoch();
            assertThat(Errors.forCode(fetch(client, (short) 12, "wire-fetch-errors", 0, 5, 1000, Optional.empty())
                    .errorCode())).isEqualTo(Errors.OFFSET_OUT_OF_RANGE);
            assertThat(Errors.forCode(fetch(client, (short) 12, "wire-fetch-errors", 0, 0, 1000, Optional.of(epoch))
                    .errorCode())).isEqualTo(Errors.NONE);
            assertThat(Errors.forCode(fetch(client, (short) 12, "wire-fetch-errors", 0, 0, 1000, Optional.of(epoch + 1))
                    .errorCode())).isEqualTo(Errors.UNKNOWN_LEADER_EPOCH);
            if (epoch > 0) {
                assertThat(Errors.forCode(fetch(client, (short) 12, "wire-fetch-errors", 0, 0, 1000,
                        Optional.of(epoch - 1)).errorCode())).isEqualTo(Errors.FENCED_LEADER_EPOCH);
            }
            Map<TopicPartition, FetchRequest.PartitionData> map = new LinkedHashMap<>();
            map.put(new TopicPartition("wire-fetch-errors", 0), new FetchRequest.PartitionData(Uuid.ZERO_UUID, 0, -1,
                    1000, Optional.empty()));
            map.put(new TopicPartition("wire-fetch-errors", 7), new FetchRequest.PartitionData(Uuid.ZERO_UUID, 0, -1,
                    1000, Optional.empty()));
            map.put(new TopicPartition("wire-no-topic", 0), new FetchRequest.PartitionData(Uuid.ZERO_UUID, 0, -1,
                    1000, Optional.empty()));
            // A negative partition is a client's mistake (or a fuzzer's), answered like any unknown partition.
            map.put(new TopicPartition("wire-fetch-errors", -1), new FetchRequest.PartitionData(Uuid.ZERO_UUID, 0, -1,
                    1000, Optional.empty()));
            FetchResponse response = client.send(FetchRequest.Builder.forConsumer((short) 12, 0, 1, map).build((short) 12));
            List<String> answered = new ArrayList<>();
            response.data().responses().forEach(t -> t.partitions().forEach(p ->
                    answered.add(t.topic() + "-" + p.partitionIndex() + ":" + Errors.forCode(p.errorCode()))));
            assertThat(answered).containsExactly("wire-fetch-errors-0:NONE",
                    "wire-fetch-errors-7:UNKNOWN_TOPIC_OR_PARTITION", "wire-no-topic-0:UNKNOWN_TOPIC_OR_PARTITION",
                    "wire-fetch-errors--1:UNKNOWN_TOPIC_OR_PARTITION");
            assertThat(Errors.forCode(listOffsets(client, (short) 7, "wire-fetch-errors", -1, -1L).errorCode()))
                    .isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION);
        }
    }

    @Test
    void aBatchLargerThanTheFetchLimitsIsStillReturnedWhole() throws Exception {
        createTopic(cluster.broker(0), "wire-kip74", 1, Map.of());
        try (KafkaWireClient client = client()) {
            byte[] value = new byte[300_000];
            value[value.length - 1] = 42;
            produce(client, (short) 11, (short) 1, "wire-kip74", 0,
                    MemoryRecords.withRecords(Compression.NONE, new SimpleRecord(1, null, value)));
            produce(client, (short) 11, (short) 1, "wire-kip74", 0,
                    MemoryRecords.withRecords(Compression.NONE, record(2, "small", "small")));
            Map<TopicPartition, FetchRequest.PartitionData> map = Map.of(new TopicPartition("wire-kip74", 0),
                    new FetchRequest.PartitionData(Uuid.ZERO_UUID, 0, -1, 1024, Optional.empty()));
            FetchResponse response = client.send(FetchRequest.Builder.forConsumer((short) 12, 0, 1, map)
                    .setMaxBytes(2048).build((short) 12));
            List<Record> records = records(response.data().responses().get(0).partitions().get(0));
            // Exactly the one oversized batch: the limits stop the read right after it.
            assertThat(records).hasSize(1);
            assertThat(records.get(0).valueSize()).isEqualTo(300_000);
            assertThat(records.get(0).value().get(299_999)).isEqualTo((byte) 42);
        }
    }

    @Test
    void listOffsetsFindsEarliestLatestAndTheExactRecordForATimestamp() throws Exception {
        createTopic(cluster.broker(0), "wire-times", 1, Map.of());
        try (KafkaWireClient client = client()) {
            // One compressed batch whose records carry distinct timestamps: the answer lies inside it.
            produce(client, (short) 11, (short) 1, "wire-times", 0, MemoryRecords.withRecords(Compression.gzip().build(),
                    record(1000, "a", "a"), record(3000, "b", "b"), record(2000, "c", "c")));
            produce(client, (short) 11, (short) 1, "wire-times", 0, MemoryRecords.withRecords(Compression.NONE,
                    record(4000, "d", "d")));
            assertThat(listOffsets(client, (short) 7, "wire-times", 0, -2).offset()).isZero();
            assertThat(listOffsets(client, (short) 7, "wire-times", 0, -1).offset()).isEqualTo(4);
            var byTime = listOffsets(client, (short) 7, "wire-times", 0, 2500);
            assertThat(byTime.offset()).isEqualTo(1);
            assertThat(byTime.timestamp()).isEqualTo(3000);
            assertThat(byTime.leaderEpoch()).isGreaterThanOrEqualTo(0);
            assertThat(listOffsets(client, (short) 1, "wire-times", 0, 1500).offset()).isEqualTo(1);
            assertThat(listOffsets(client, (short) 7, "wire-times", 0, 3500).offset()).isEqualTo(3);
            var none = listOffsets(client, (short) 7, "wire-times", 0, 9999);
            assertThat(none.offset()).isEqualTo(-1);
            assertThat(Errors.forCode(none.errorCode())).isEqualTo(Errors.NONE);
            var max = listOffsets(client, (short) 7, "wire-times", 0, -3);
            assertThat(max.offset()).isEqualTo(3);
            assertThat(max.timestamp()).isEqualTo(4000);
            // v0: the old layout, a list of offsets.
            assertThat(listOffsets(client, (short) 0, "wire-times", 0, -1).oldStyleOffsets()).containsExactly(4L);
            assertThat(listOffsets(client, (short) 0, "wire-times", 0, -2).oldStyleOffsets()).containsExactly(0L);
            assertThat(Errors.forCode(listOffsets(client, (short) 7, "no-such-topic", 0, -1).errorCode()))
                    .isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION);
        }
    }

    @Test
    void offsetForLeaderEpochAnswersFromTheEpochCache() throws Exception {
        createTopic(cluster.broker(0), "wire-epochs", 1, Map.of());
        try (KafkaWireClient client = client()) {
            produce(client, (short) 11, (short) 1, "wire-epochs", 0, MemoryRecords.withRecords(Compression.NONE,
                    record(1, "a", "a"), record(2, "b", "b")));
            int epoch = cluster.broker(0).services().metadataCache().partition("wire-epochs", 0).orElseThrow().leaderEpoch();
            OffsetForLeaderEpochResponseData.EpochEndOffset current = offsetForEpoch(client, "wire-epochs", epoch, epoch);
            assertThat(Errors.forCode(current.errorCode())).isEqualTo(Errors.NONE);
            assertThat(current.leaderEpoch()).isEqualTo(epoch);
            assertThat(current.endOffset()).isEqualTo(2);
            assertThat(Errors.forCode(offsetForEpoch(client, "wire-epochs", epoch + 1, epoch).errorCode()))
                    .isEqualTo(Errors.UNKNOWN_LEADER_EPOCH);
            assertThat(Errors.forCode(offsetForEpoch(client, "no-such-topic", -1, 0).errorCode()))
                    .isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION);
            OffsetForLeaderEpochResponseData.EpochEndOffset future = offsetForEpoch(client, "wire-epochs", -1, epoch + 5);
            assertThat(future.endOffset()).isEqualTo(-1);
            assertThat(future.leaderEpoch()).isEqualTo(-1);
        }
    }

    private static OffsetForLeaderEpochResponseData.EpochEndOffset offsetForEpoch(KafkaWireClient client, String topic,
                                                                                 int currentEpoch, int epoch)
            throws Exception {
        OffsetForLeaderEpochRequestData.OffsetForLeaderTopicCollection topics =
                new OffsetForLeaderEpochRequestData.OffsetForLeaderTopicCollection();
        topics.add(new OffsetForLeaderEpochRequestData.OffsetForLeaderTopic().setTopic(topic).setPartitions(List.of(
                new OffsetForLeaderEpochRequestData.OffsetForLeaderPartition().setPartition(0)
                        .setCurrentLeaderEpoch(currentEpoch).setLeaderEpoch(epoch))));
        OffsetsForLeaderEpochResponse response = client.send(OffsetsForLeaderEpochRequest.Builder.forConsumer(topics)
                .build((short) 4));
        return response.data().topics().iterator().next().partitions().get(0);
    }

    @Test
    void deleteRecordsMovesTheLogStartOffset() throws Exception {
        createTopic(cluster.broker(0), "wire-delete", 1, Map.of());
        try (KafkaWireClient client = client()) {
            for (int i = 0; i < 5; i++) {
                produce(client, (short) 11, (short) 1, "wire-delete", 0,
                        MemoryRecords.withRecords(Compression.NONE, record(i, "k" + i, "v" + i)));
            }
            assertThat(deleteRecords(client, "wire-delete", 2).lowWatermark()).isEqualTo(2);
            assertThat(Errors.forCode(deleteRecords(client, "wire-delete", 9).errorCode()))
                    .isEqualTo(Errors.OFFSET_OUT_OF_RANGE);
            assertThat(listOffsets(client, (short) 7, "wire-delete", 0, -2).offset()).isEqualTo(2);
            assertThat(Errors.forCode(fetch(client, (short) 12, "wire-delete", 0, 0, 1000, Optional.empty()).errorCode()))
                    .isEqualTo(Errors.OFFSET_OUT_OF_RANGE);
            FetchResponseData.PartitionData rest = fetch(client, (short) 12, "wire-delete", 0, 2, 1 << 20, Optional.empty());
            assertThat(rest.logStartOffset()).isEqualTo(2);
            assertThat(records(rest)).extracting(r -> string(r.value())).containsExactly("v2", "v3", "v4");
            // -1 means "up to the high watermark".
            assertThat(deleteRecords(client, "wire-delete", -1).lowWatermark()).isEqualTo(5);
        }
    }

    private static DeleteRecordsResponseData.DeleteRecordsPartitionResult deleteRecords(KafkaWireClient client,
                                                                                       String topic, long offset)
            throws Exception {
        DeleteRecordsRequestData data = new DeleteRecordsRequestData().setTimeoutMs(30_000);
        data.topics().add(new DeleteRecordsRequestData.DeleteRecordsTopic().setName(topic).setPartitions(List.of(
                new DeleteRecordsRequestData.DeleteRecordsPartition().setPartitionIndex(0).setOffset(offset))));
        DeleteRecordsResponse response = client.send(new DeleteRecordsRequest.Builder(data).build((short) 2));
        return response.data().topics().iterator().next().partitions().iterator().next();
    }

    @Test
    void initProducerIdHandsOutDistinctIdsAndRefusesTransactionalIds() throws Exception {
        try (KafkaWireClient client = client()) {
            long first = initProducerId(client);
            long second = initProducerId(client);
            assertThat(second).isNotEqualTo(first);
            InitProducerIdResponseData transactional = ((InitProducerIdResponse) client.send(
                    new InitProducerIdRequest.Builder(new InitProducerIdRequestData().setTransactionalId("tx")
                            .setTransactionTimeoutMs(60_000)).build((short) 4))).data();
            assertThat(Errors.forCode(transactional.errorCode())).isEqualTo(Errors.UNSUPPORTED_VERSION);
            assertThat(transactional.producerId()).isEqualTo(-1);
        }
    }
}
