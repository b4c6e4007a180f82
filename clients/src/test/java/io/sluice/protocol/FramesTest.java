package io.sluice.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.common.Send;
import io.sluice.protocol.message.CoreMessages;
import io.sluice.record.FileSlice;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Random;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.RequestHeaderData;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.MessageUtil;
import org.apache.kafka.common.protocol.types.RawTaggedField;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.requests.ApiVersionsResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whole frames as the broker reads and writes them, checked with kafka-clients' parsers. */
class FramesTest {

    @TempDir
    Path dir;

    @Test
    void tooNewApiVersionsRequestIsAnsweredInTheV0LayoutThatKafkaClientsFallBackTo() {
        // A future client's ApiVersions v5: header v2 with a tagged field, and a body we cannot know.
        RequestHeaderData header = new RequestHeaderData().setRequestApiKey((short) 18).setRequestApiVersion((short) 5)
                .setCorrelationId(77).setClientId("future-client");
        header.unknownTaggedFields().add(new RawTaggedField(0, new byte[] {1, 2}));
        ByteBuffer headerBytes = MessageUtil.toByteBuffer(header, (short) 2);
        ByteBuffer frame = ByteBuffer.allocate(headerBytes.remaining() + 5).put(headerBytes).put(new byte[] {3, 1, 2, 3, 0}).flip();

        RequestHeader parsed = RequestHeader.read(frame);
        assertThat(parsed).isEqualTo(new RequestHeader((short) 18, (short) 5, 77, "future-client"));
        assertThat(Frames.isTooNewApiVersionsRequest(parsed)).isTrue();

        List<ApiVersionRange> supported = List.of(new ApiVersionRange(ApiKeys.PRODUCE, 0, 11),
                new ApiVersionRange(ApiKeys.API_VERSIONS, 0, 4));
        for (short clientVersion : new short[] {0, 3, 4, 5}) {
            ByteBuffer response = toBuffer(Frames.unsupportedApiVersionsResponse(77, supported));
            assertThat(response.getInt()).as("response header v0 is the correlation id alone").isEqualTo(77);
            ApiVersionsResponseData data = ApiVersionsResponse.parse(response, clientVersion).data();
            assertThat(data.errorCode()).isEqualTo(Errors.UNSUPPORTED_VERSION.code());
            assertThat(data.apiKeys().find((short) 18).maxVersion()).isEqualTo((short) 4);
            assertThat(data.apiKeys().find((short) 0).minVersion()).isEqualTo((short) 0);
        }
    }

    @Test
    void supportedApiVersionsIsAnsweredWithResponseHeaderV0EvenWhenFlexible() {
        RequestHeader request = new RequestHeader((short) 18, (short) 3, 5, "librdkafka");
        ByteBuffer frame = request.encode();
        RequestHeader parsed = RequestHeader.read(frame);
        Struct body = Messages.response(ApiKeys.API_VERSIONS).newStruct();
        body.addElement("api_keys").set("api_key", 18).set("min_version", 0).set("max_version", 4);
        body.set("throttle_time_ms", 0);

        ByteBuffer response = toBuffer(Frames.response(parsed, body));
        assertThat(response.getInt()).isEqualTo(5);
        ApiVersionsResponseData data = new ApiVersionsResponseData(new ByteBufferAccessor(response), (short) 3);
        assertThat(data.errorCode()).isZero();
        assertThat(data.apiKeys().find((short) 18).maxVersion()).isEqualTo((short) 4);
        assertThat(response.hasRemaining()).isFalse();
    }

    @Test
    void produceRequestRecordsAreSlicesOfTheFrame() {
        byte[] batch = new byte[300];
        new Random(1).nextBytes(batch);
        ProduceRequestData produce = new ProduceRequestData().setAcks((short) -1).setTimeoutMs(30000);
        ProduceRequestData.TopicProduceData topic = new ProduceRequestData.TopicProduceData().setName("orders");
        topic.partitionData().add(new ProduceRequestData.PartitionProduceData().setIndex(3)
                .setRecords(MemoryRecords.readableRecords(ByteBuffer.wrap(batch))));
        produce.topicData().add(topic);
        for (short version : new short[] {3, 7, 9, 11}) {
            ByteBuffer body = MessageUtil.toByteBuffer(produce, version);
            ByteBuffer header = new RequestHeader((short) 0, version, 9, "producer-1").encode();
            ByteBuffer frame = ByteBuffer.allocate(header.remaining() + body.remaining()).put(header).put(body).flip();

            RequestHeader parsed = RequestHeader.read(frame);
            Struct request = Messages.request(parsed.api()).read(frame, parsed.apiVersion());
            assertThat(request.getShort("acks")).isEqualTo((short) -1);
            Struct topicData = request.<Struct>getArray("topic_data").get(0);
            assertThat(topicData.getString("name")).isEqualTo("orders");
            Struct partition = topicData.<Struct>getArray("partition_data").get(0);
            assertThat(partition.getInt("index")).isEqualTo(3);
            ByteBuffer records = partition.getRecords("records");
            assertThat(records).isEqualTo(ByteBuffer.wrap(batch));
            assertThat(records.array()).as("zero-copy slice").isSameAs(frame.array());
        }
    }

    @Test
    void fetchResponseCarriesFileSlicesUntouched() throws IOException {
        byte[] segment = new byte[20000];
        new Random(2).nextBytes(segment);
        Path file = Files.write(dir.resolve("00000000000000000000.log"), segment);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            FileSlice big = new FileSlice(channel, 1000, 12000);
            FileSlice small = new FileSlice(channel, 50, 70);
            for (short version : new short[] {4, 11, 12}) {
                Struct body = Messages.response(ApiKeys.FETCH).newStruct();
                Struct topic = body.addElement("responses").set("topic", "orders");
                topic.addElement("partitions").set("partition_index", 0).set("high_watermark", 500L).set("records", big);
                topic.addElement("partitions").set("partition_index", 1).set("high_watermark", 7L).set("records", small);
                topic.addElement("partitions").set("partition_index", 2).set("records", ByteBuffer.allocate(0));

                Send send = Frames.response(new RequestHeader((short) 1, version, 42, "consumer"), body);
                assertThat(send.parts()).contains(big, small);
                assertThat(send.inMemory()).isFalse();
                ByteBuffer bytes = send.toByteBuffer();
                assertThat(bytes.remaining()).isEqualTo((int) send.sizeInBytes());

                assertThat(bytes.getInt()).isEqualTo(42);
                if (version >= 12) {
                    assertThat(bytes.get()).as("empty header tagged fields").isZero();
                }
                FetchResponseData parsed = new FetchResponseData(new ByteBufferAccessor(bytes), version);
                List<FetchResponseData.PartitionData> partitions = parsed.responses().get(0).partitions();
                assertThat(((MemoryRecords) partitions.get(0).records()).buffer())
                        .isEqualTo(ByteBuffer.wrap(segment, 1000, 12000));
                assertThat(((MemoryRecords) partitions.get(1).records()).buffer())
                        .isEqualTo(ByteBuffer.wrap(segment, 50, 70));
                assertThat(((MemoryRecords) partitions.get(2).records()).sizeInBytes()).isZero();
                assertThat(partitions.get(0).highWatermark()).isEqualTo(500L);
                assertThat(bytes.hasRemaining()).isFalse();
            }
        }
    }

    @Test
    void requestFramesRoundTripThroughOurReader() {
        Struct metadata = CoreMessages.METADATA_REQUEST.newStruct().set("topics", null).set("allow_auto_topic_creation", false);
        RequestHeader header = new RequestHeader(ApiKeys.METADATA.id(), (short) 12, 1, "admin");
        ByteBuffer frame = toBuffer(Frames.request(header, metadata));
        RequestHeader parsed = RequestHeader.read(frame);
        assertThat(parsed).isEqualTo(header);
        assertThat(Messages.request(ApiKeys.METADATA).read(frame, (short) 12)).isEqualTo(metadata);
        assertThat(frame.hasRemaining()).isFalse();
    }

    private static ByteBuffer toBuffer(Send send) {
        try {
            return send.toByteBuffer();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
