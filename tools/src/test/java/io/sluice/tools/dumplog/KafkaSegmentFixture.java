package io.sluice.tools.dumplog;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.Random;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.record.CompressionType;
import org.apache.kafka.common.record.ControlRecordType;
import org.apache.kafka.common.record.EndTransactionMarker;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.MemoryRecordsBuilder;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.utils.ByteBufferOutputStream;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.storage.internals.log.AbortedTxn;
import org.apache.kafka.storage.internals.log.LogConfig;
import org.apache.kafka.storage.internals.log.LogSegment;

/**
 * Writes segments with Apache Kafka 3.9's own storage code (LogSegment: .log, .index, .timeindex,
 * .txnindex), filled with batches of every kind kafka-clients can build: every codec, idempotent
 * and transactional producers, commit and abort markers, LogAppendTime, a delete horizon, headers,
 * null keys and values.
 */
final class KafkaSegmentFixture {

    private KafkaSegmentFixture() {
    }

    static LogSegment openSegment(File dir, long baseOffset) throws IOException {
        Properties props = new Properties();
        // Index small intervals so that most batches get offset and time index entries.
        props.put("index.interval.bytes", "200");
        props.put("segment.index.bytes", String.valueOf(64 * 1024));
        return LogSegment.open(dir, baseOffset, new LogConfig(props), Time.SYSTEM, 0, false);
    }

    /** Appends a varied series of batches starting at the segment's base offset; returns the next offset. */
    static long fill(LogSegment segment, long timestamp) throws IOException {
        long offset = segment.baseOffset();
        Random random = new Random(17);
        CompressionType[] codecs = CompressionType.values();
        for (int round = 0; round < 3; round++) {
            for (CompressionType codec : codecs) {
                int count = 1 + random.nextInt(4);
                boolean logAppendTime = codec == CompressionType.LZ4 && round == 1;
                boolean idempotent = codec != CompressionType.NONE || round > 0;
                boolean transactional = codec == CompressionType.SNAPPY;
                long producerId = transactional ? 8000 : 7000;
                long horizon = codec == CompressionType.GZIP && round == 2 ? timestamp + 1_000_000 : RecordBatch.NO_TIMESTAMP;
                MemoryRecordsBuilder builder = new MemoryRecordsBuilder(new ByteBufferOutputStream(256),
                        RecordBatch.MAGIC_VALUE_V2, Compression.of(codec).build(),
                        logAppendTime ? TimestampType.LOG_APPEND_TIME : TimestampType.CREATE_TIME,
                        offset, logAppendTime ? timestamp + 500 : RecordBatch.NO_TIMESTAMP,
                        idempotent ? producerId : RecordBatch.NO_PRODUCER_ID,
                        idempotent ? (short) 0 : RecordBatch.NO_PRODUCER_EPOCH,
                        idempotent ? (int) (offset % 1000) : RecordBatch.NO_SEQUENCE,
                        transactional, false, 11 + round, Integer.MAX_VALUE, horizon);
                for (int i = 0; i < count; i++) {
                    timestamp += 1 + random.nextInt(50);
                    byte[] key = i % 3 == 1 ? null : ("key-" + (offset + i)).getBytes(StandardCharsets.UTF_8);
                    byte[] value = i % 4 == 3 ? null : ("value " + (offset + i) + " ").repeat(1 + random.nextInt(30))
                            .getBytes(StandardCharsets.UTF_8);
                    Header[] headers = i % 2 == 0
                            ? new Header[] {new RecordHeader("trace", "t".getBytes(StandardCharsets.UTF_8)), new RecordHeader("n", null)}
                            : new Header[0];
                    builder.appendWithOffset(offset + i, timestamp, key, value, headers);
                }
                MemoryRecords records = builder.build();
                segment.append(offset + count - 1, records);
                offset += count;
                if (transactional) {
                    ControlRecordType type = round == 1 ? ControlRecordType.ABORT : ControlRecordType.COMMIT;
                    timestamp += 3;
                    MemoryRecords marker = MemoryRecords.withEndTransactionMarker(offset, timestamp, 11 + round, producerId,
                            (short) 0, new EndTransactionMarker(type, 5 + round));
                    segment.append(offset, marker);
                    if (type == ControlRecordType.ABORT) {
                        segment.txnIndex().append(new AbortedTxn(producerId, offset - count, offset, offset - count));
                    }
                    offset += 1;
                }
            }
        }
        segment.flush();
        return offset;
    }
}
