package io.sluice.record;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.record.MemoryRecordsBuilder;
import org.apache.kafka.common.utils.ByteBufferOutputStream;

/**
 * A batch described as plain data, so the same batch can be written by Kafka's MemoryRecordsBuilder
 * and by our RecordBatchBuilder, and what either reader sees can be checked against it.
 */
final class BatchSpec {

    record Rec(long timestamp, byte[] key, byte[] value, Header[] headers) {
    }

    CompressionType compression = CompressionType.NONE;
    TimestampType timestampType = TimestampType.CREATE_TIME;
    long logAppendTime = RecordBatch.NO_TIMESTAMP;
    long baseOffset;
    long producerId = RecordBatch.NO_PRODUCER_ID;
    short producerEpoch = RecordBatch.NO_PRODUCER_EPOCH;
    int baseSequence = RecordBatch.NO_SEQUENCE;
    boolean transactional;
    int partitionLeaderEpoch = RecordBatch.NO_PARTITION_LEADER_EPOCH;
    Long deleteHorizonMs;
    final List<Rec> records = new ArrayList<>();

    BatchSpec add(long timestamp, byte[] key, byte[] value, Header... headers) {
        records.add(new Rec(timestamp, key, value, headers));
        return this;
    }

    ByteBuffer buildWithSluice() {
        RecordBatchBuilder builder = new RecordBatchBuilder(compression)
                .baseOffset(baseOffset)
                .producer(producerId, producerEpoch, baseSequence)
                .transactional(transactional)
                .partitionLeaderEpoch(partitionLeaderEpoch);
        if (timestampType == TimestampType.LOG_APPEND_TIME) {
            builder.logAppendTime(logAppendTime);
        }
        if (deleteHorizonMs != null) {
            builder.deleteHorizonMs(deleteHorizonMs);
        }
        for (Rec rec : records) {
            builder.append(rec.timestamp(), rec.key(), rec.value(), rec.headers());
        }
        return builder.build();
    }

    ByteBuffer buildWithKafka() {
        ByteBufferOutputStream stream = new ByteBufferOutputStream(1024);
        MemoryRecordsBuilder builder = new MemoryRecordsBuilder(stream,
                org.apache.kafka.common.record.RecordBatch.MAGIC_VALUE_V2,
                Compression.of(org.apache.kafka.common.record.CompressionType.forId(compression.id)).build(),
                timestampType == TimestampType.LOG_APPEND_TIME
                        ? org.apache.kafka.common.record.TimestampType.LOG_APPEND_TIME
                        : org.apache.kafka.common.record.TimestampType.CREATE_TIME,
                baseOffset, logAppendTime, producerId, producerEpoch, baseSequence, transactional, false,
                partitionLeaderEpoch, Integer.MAX_VALUE,
                deleteHorizonMs == null ? org.apache.kafka.common.record.RecordBatch.NO_TIMESTAMP : deleteHorizonMs);
        for (Rec rec : records) {
            builder.append(rec.timestamp(), rec.key(), rec.value(), kafkaHeaders(rec.headers()));
        }
        return builder.build().buffer();
    }

    static org.apache.kafka.common.header.Header[] kafkaHeaders(Header[] headers) {
        org.apache.kafka.common.header.Header[] result = new org.apache.kafka.common.header.Header[headers.length];
        for (int i = 0; i < headers.length; i++) {
            result[i] = new RecordHeader(headers[i].key(), headers[i].value());
        }
        return result;
    }
}
