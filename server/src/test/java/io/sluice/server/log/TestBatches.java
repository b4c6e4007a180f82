package io.sluice.server.log;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.MemoryRecordsBuilder;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.record.TimestampType;

/** Record batches built by the official Kafka client: the oracle for what the log stores. */
final class TestBatches {

    private TestBatches() {
    }

    /** One batch of {@code records} records of {@code valueSize} bytes each, all with {@code timestamp}. */
    static ByteBuffer batch(long baseOffset, long timestamp, int records, int valueSize) {
        ByteBuffer buffer = ByteBuffer.allocate(128 + records * (valueSize + 32));
        MemoryRecordsBuilder builder = MemoryRecords.builder(buffer, Compression.NONE, TimestampType.CREATE_TIME, baseOffset);
        byte[] value = new byte[valueSize];
        for (int i = 0; i < records; i++) {
            Arrays.fill(value, (byte) (baseOffset + i));
            builder.append(timestamp, ("k" + i).getBytes(), value);
        }
        return builder.build().buffer();
    }

    static ByteBuffer batch(long timestamp, int records) {
        return batch(0, timestamp, records, 10);
    }

    /** Several batches back to back in one buffer, as a produce request carries them. */
    static ByteBuffer concat(ByteBuffer... batches) {
        int total = 0;
        for (ByteBuffer b : batches) {
            total += b.remaining();
        }
        ByteBuffer out = ByteBuffer.allocate(total);
        for (ByteBuffer b : batches) {
            out.put(b.duplicate());
        }
        return out.flip();
    }

    /** Parses bytes read back from the log with the Kafka client and returns its batches. */
    static java.util.List<RecordBatch> parse(ByteBuffer bytes) {
        java.util.List<RecordBatch> out = new java.util.ArrayList<>();
        for (RecordBatch batch : MemoryRecords.readableRecords(bytes).batches()) {
            batch.ensureValid();
            out.add(batch);
        }
        return out;
    }

    static byte[] bytes(ByteBuffer buffer) {
        byte[] out = new byte[buffer.remaining()];
        buffer.duplicate().get(out);
        return out;
    }
}
