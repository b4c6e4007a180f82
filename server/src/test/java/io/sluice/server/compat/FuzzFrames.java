package io.sluice.server.compat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.DescribeClusterRequestData;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.InitProducerIdRequestData;
import org.apache.kafka.common.message.ListOffsetsRequestData;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.OffsetForLeaderEpochRequestData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.SimpleRecord;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.requests.RequestUtils;

/**
 * Request frames for the protocol fuzz test: well-formed requests written by kafka-clients' own message
 * classes (ApiVersions, Metadata, Produce, Fetch, ListOffsets, InitProducerId, OffsetForLeaderEpoch,
 * DescribeCluster, each at a random version the client knows), then mutated.
 *
 * <pre>
 *   frame := size:int32 body
 *   body  := api_key:int16 api_version:int16 correlation_id:int32 client_id ... request
 * </pre>
 * Mutations: bit flips, random bytes, truncation, trailing garbage, a size prefix that lies, a random api
 * key or version, huge array counts (int32 and unsigned varint), splicing one request's header onto
 * another's body, and frames of pure noise. Requests that would create or delete topics are never seeds, so
 * the fuzz cannot grow the cluster without bound; a mutated api key may still reach those handlers.
 *
 * <p>Not thread-safe: one instance per connection, every choice drawn from its {@link Random}, so a
 * connection's frames are reproducible from the seed that made its {@code Random}.
 */
final class FuzzFrames {

    /** Longest frame of pure noise: the fuzz is about parsing, not throughput. */
    private static final int MAX_NOISE = 2048;

    /** Record timestamps are fixed, so that a seed reproduces the same bytes on every run. */
    private static final long RECORD_TIMESTAMP = 1_700_000_000_000L;

    private final Random random;
    private final String topic;
    private int correlationId;

    FuzzFrames(Random random, String topic) {
        this.random = random;
        this.topic = topic;
        this.correlationId = random.nextInt(1 << 20);
    }

    /** A frame as written to the socket (size prefix included) and the name of what was done to it. */
    record Frame(ByteBuffer bytes, String mutation) {
    }

    /** A well-formed request, left valid (one time in six) or mutated in one of the ways listed above. */
    Frame next() {
        byte[] body = wellFormedBody();
        String mutation;
        switch (random.nextInt(12)) {
            case 0, 1 -> mutation = "none"; // valid frames keep connections alive, so later frames get parsed too
            case 2 -> {
                flipBits(body);
                mutation = "bit flips";
            }
            case 3 -> {
                overwriteBytes(body);
                mutation = "random bytes";
            }
            case 4 -> {
                body = Arrays.copyOf(body, random.nextInt(body.length));
                mutation = "truncated";
            }
            case 5 -> {
                body = appendNoise(body);
                mutation = "trailing garbage";
            }
            case 6 -> {
                return new Frame(lyingSize(body), "lying size");
            }
            case 7 -> {
                randomApi(body);
                mutation = "random api key/version";
            }
            case 8 -> {
                hugeCount(body);
                mutation = "huge count";
            }
            case 9 -> {
                body = splice(body, wellFormedBody());
                mutation = "spliced";
            }
            case 10 -> {
                body = noise(random.nextInt(MAX_NOISE));
                mutation = "noise";
            }
            default -> {
                randomApi(body);
                flipBits(body);
                mutation = "random api + bit flips";
            }
        }
        return new Frame(ByteBuffer.allocate(4 + body.length).putInt(body.length).put(body).flip(), mutation);
    }

    private byte[] wellFormedBody() {
        int which = random.nextInt(8);
        ApiKeys api = switch (which) {
            case 0 -> ApiKeys.API_VERSIONS;
            case 1 -> ApiKeys.METADATA;
            case 2 -> ApiKeys.PRODUCE;
            case 3 -> ApiKeys.FETCH;
            case 4 -> ApiKeys.LIST_OFFSETS;
            case 5 -> ApiKeys.INIT_PRODUCER_ID;
            case 6 -> ApiKeys.OFFSET_FOR_LEADER_EPOCH;
            default -> ApiKeys.DESCRIBE_CLUSTER;
        };
        short version = versionOf(api);
        ApiMessage message = switch (api) {
            case API_VERSIONS -> new ApiVersionsRequestData().setClientSoftwareName("sluice-fuzz")
                    .setClientSoftwareVersion("1.0");
            case METADATA -> metadata(version);
            case PRODUCE -> produce();
            case FETCH -> fetch();
            case LIST_OFFSETS -> listOffsets();
            case INIT_PRODUCER_ID -> new InitProducerIdRequestData().setTransactionalId(null)
                    .setTransactionTimeoutMs(Integer.MAX_VALUE).setProducerId(-1).setProducerEpoch((short) -1);
            case OFFSET_FOR_LEADER_EPOCH -> offsetForLeaderEpoch();
            default -> new DescribeClusterRequestData();
        };
        RequestHeader header = new RequestHeader(api, version, "fuzz-" + random.nextInt(100), correlationId++);
        ByteBuffer buffer = RequestUtils.serialize(header.data(), header.headerVersion(), message, version);
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }

    private short versionOf(ApiKeys api) {
        short oldest = api.oldestVersion();
        short latest = api.latestVersion();
        // Produce below v3 cannot carry magic-2 batches; Fetch stays at names (v12 and below).
        if (api == ApiKeys.PRODUCE) {
            oldest = 3;
        } else if (api == ApiKeys.FETCH) {
            oldest = 4;
            latest = 12;
        } else if (api == ApiKeys.OFFSET_FOR_LEADER_EPOCH) {
            oldest = 2;
        }
        return (short) (oldest + random.nextInt(latest - oldest + 1));
    }

    private MetadataRequestData metadata(short version) {
        MetadataRequestData data = new MetadataRequestData().setAllowAutoTopicCreation(version < 4);
        if (version >= 1 && random.nextBoolean()) {
            return data.setTopics(null); // all topics
        }
        List<MetadataRequestData.MetadataRequestTopic> topics = new ArrayList<>();
        topics.add(new MetadataRequestData.MetadataRequestTopic().setName(topic));
        if (random.nextBoolean()) {
            topics.add(new MetadataRequestData.MetadataRequestTopic().setName("absent-" + random.nextInt(10)));
        }
        return data.setTopics(topics);
    }

    private ProduceRequestData produce() {
        SimpleRecord[] records = new SimpleRecord[1 + random.nextInt(5)];
        for (int i = 0; i < records.length; i++) {
            records[i] = new SimpleRecord(RECORD_TIMESTAMP, ("k" + i).getBytes(StandardCharsets.UTF_8),
                    noise(random.nextInt(64)));
        }
        Compression compression = switch (random.nextInt(5)) {
            case 0 -> Compression.gzip().build();
            case 1 -> Compression.snappy().build();
            case 2 -> Compression.lz4().build();
            case 3 -> Compression.zstd().build();
            default -> Compression.NONE;
        };
        MemoryRecords batch = random.nextBoolean()
                ? MemoryRecords.withRecords(compression, records)
                : MemoryRecords.withIdempotentRecords(compression, random.nextInt(1000), (short) 0,
                        random.nextInt(100), records);
        short acks = (short) (random.nextInt(3) - 1);
        ProduceRequestData.TopicProduceDataCollection topics = new ProduceRequestData.TopicProduceDataCollection();
        topics.add(new ProduceRequestData.TopicProduceData().setName(topic).setPartitionData(List.of(
                new ProduceRequestData.PartitionProduceData().setIndex(random.nextInt(2)).setRecords(batch))));
        return new ProduceRequestData().setAcks(acks).setTimeoutMs(1000).setTransactionalId(null)
                .setTopicData(topics);
    }

    private FetchRequestData fetch() {
        return new FetchRequestData().setReplicaId(-1).setMaxWaitMs(random.nextInt(50)).setMinBytes(1)
                .setMaxBytes(8192).setIsolationLevel((byte) random.nextInt(2)).setSessionId(0).setSessionEpoch(-1)
                .setTopics(List.of(new FetchRequestData.FetchTopic().setTopic(topic).setPartitions(List.of(
                        new FetchRequestData.FetchPartition().setPartition(random.nextInt(2))
                                .setFetchOffset(random.nextInt(100)).setLogStartOffset(-1)
                                .setPartitionMaxBytes(4096).setCurrentLeaderEpoch(-1)))));
    }

    private ListOffsetsRequestData listOffsets() {
        return new ListOffsetsRequestData().setReplicaId(-1).setIsolationLevel((byte) 0)
                .setTopics(List.of(new ListOffsetsRequestData.ListOffsetsTopic().setName(topic).setPartitions(List.of(
                        new ListOffsetsRequestData.ListOffsetsPartition().setPartitionIndex(random.nextInt(2))
                                .setTimestamp(-1 - random.nextInt(2)).setCurrentLeaderEpoch(-1)))));
    }

    private OffsetForLeaderEpochRequestData offsetForLeaderEpoch() {
        OffsetForLeaderEpochRequestData.OffsetForLeaderTopicCollection topics =
                new OffsetForLeaderEpochRequestData.OffsetForLeaderTopicCollection();
        topics.add(new OffsetForLeaderEpochRequestData.OffsetForLeaderTopic().setTopic(topic).setPartitions(List.of(
                new OffsetForLeaderEpochRequestData.OffsetForLeaderPartition().setPartition(random.nextInt(2))
                        .setLeaderEpoch(random.nextInt(3)).setCurrentLeaderEpoch(-1))));
        return new OffsetForLeaderEpochRequestData().setReplicaId(-1).setTopics(topics);
    }

    private void flipBits(byte[] body) {
        if (body.length == 0) {
            return;
        }
        int flips = 1 + random.nextInt(8);
        for (int i = 0; i < flips; i++) {
            int bit = random.nextInt(body.length * 8);
            body[bit / 8] ^= (byte) (1 << (bit % 8));
        }
    }

    private void overwriteBytes(byte[] body) {
        if (body.length == 0) {
            return;
        }
        int count = 1 + random.nextInt(16);
        for (int i = 0; i < count; i++) {
            body[random.nextInt(body.length)] = (byte) random.nextInt(256);
        }
    }

    private byte[] appendNoise(byte[] body) {
        byte[] tail = noise(1 + random.nextInt(256));
        byte[] longer = Arrays.copyOf(body, body.length + tail.length);
        System.arraycopy(tail, 0, longer, body.length, tail.length);
        return longer;
    }

    /** A size prefix that does not match the body: a little off, negative, or huge. */
    private ByteBuffer lyingSize(byte[] body) {
        int size = switch (random.nextInt(5)) {
            case 0 -> body.length + 1 + random.nextInt(100);
            case 1 -> Math.max(0, body.length - 1 - random.nextInt(Math.max(1, body.length)));
            case 2 -> -1 - random.nextInt(Integer.MAX_VALUE);
            case 3 -> Integer.MAX_VALUE - random.nextInt(16);
            default -> 1 + random.nextInt(100 * 1024 * 1024); // within socket.request.max.bytes, never sent
        };
        return ByteBuffer.allocate(4 + body.length).putInt(size).put(body).flip();
    }

    private void randomApi(byte[] body) {
        if (body.length < 4) {
            return;
        }
        ByteBuffer view = ByteBuffer.wrap(body);
        if (random.nextBoolean()) {
            view.putShort(0, (short) (random.nextInt(100) - 4));
        }
        if (random.nextInt(3) > 0) {
            view.putShort(2, (short) (random.nextInt(40) - 4));
        }
    }

    /** Writes a huge array/string count somewhere after the correlation id. */
    private void hugeCount(byte[] body) {
        if (body.length < 13) {
            return;
        }
        ByteBuffer view = ByteBuffer.wrap(body);
        int at = 8 + random.nextInt(body.length - 12);
        switch (random.nextInt(4)) {
            case 0 -> view.putInt(at, Integer.MAX_VALUE);
            case 1 -> view.putInt(at, 0x40000000 + random.nextInt(1 << 20));
            case 2 -> view.putInt(at, -2 - random.nextInt(1000));
            default -> { // unsigned varint 2^32-1: a compact count beyond every limit
                view.put(at, (byte) 0xFF).put(at + 1, (byte) 0xFF).put(at + 2, (byte) 0xFF)
                        .put(at + 3, (byte) 0xFF);
                if (at + 4 < body.length) {
                    view.put(at + 4, (byte) 0x0F);
                }
            }
        }
    }

    /** The header of {@code a} (up to a random cut) followed by the tail of {@code b}. */
    private byte[] splice(byte[] a, byte[] b) {
        int cutA = Math.min(a.length, 8 + random.nextInt(24));
        int cutB = Math.min(b.length, 8 + random.nextInt(24));
        byte[] spliced = new byte[cutA + b.length - cutB];
        System.arraycopy(a, 0, spliced, 0, cutA);
        System.arraycopy(b, cutB, spliced, cutA, b.length - cutB);
        return spliced;
    }

    private byte[] noise(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }
}
