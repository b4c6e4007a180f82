package io.sluice.record;

import io.sluice.common.ByteUtils;
import io.sluice.record.codec.ByteBufferOutputStream;
import io.sluice.record.codec.Codecs;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * Writes one magic-2 record batch (layout in {@link RecordBatch} and {@link RecordCursor}).
 * Records stream into the codec as they are appended; {@link #build()} then fills in the header:
 * lastOffsetDelta, maxTimestamp, recordsCount and the CRC-32C.
 *
 * <pre>{@code
 * ByteBuffer batch = new RecordBatchBuilder(CompressionType.LZ4)
 *         .baseOffset(42)
 *         .producer(producerId, epoch, baseSequence)
 *         .append(timestamp, key, value, Header.of("trace", "abc"))
 *         .append(timestamp, null, value)
 *         .build();
 * }</pre>
 *
 * <p>The base timestamp is the first record's timestamp, or the delete horizon when one is set
 * (set it before the first append). Offsets run from {@code baseOffset} up by one per
 * {@link #append}; {@link #appendWithOffset} may leave gaps, as compaction does. The producer fields,
 * transactional flag, leader epoch and timestamp type may be changed until {@link #build()}.
 *
 * <p>Not thread-safe; a builder makes one batch.
 */
public final class RecordBatchBuilder {

    private static final Header[] NO_HEADERS = new Header[0];
    private static final byte[][] NO_HEADER_KEYS = new byte[0][];

    private final CompressionType compression;
    private final ByteBufferOutputStream out;
    private final OutputStream recordsOut;
    private ByteBuffer scratch;

    private long baseOffset;
    private TimestampType timestampType = TimestampType.CREATE_TIME;
    private long logAppendTime = RecordBatch.NO_TIMESTAMP;
    private long producerId = RecordBatch.NO_PRODUCER_ID;
    private short producerEpoch = RecordBatch.NO_PRODUCER_EPOCH;
    private int baseSequence = RecordBatch.NO_SEQUENCE;
    private boolean transactional;
    private boolean control;
    private int partitionLeaderEpoch = RecordBatch.NO_PARTITION_LEADER_EPOCH;
    private boolean hasDeleteHorizon;
    private long deleteHorizonMs;

    private int count;
    private long lastOffset = -1;
    private long baseTimestamp = RecordBatch.NO_TIMESTAMP;
    private long maxTimestamp = RecordBatch.NO_TIMESTAMP;
    private int uncompressedRecordBytes;
    private boolean built;

    public RecordBatchBuilder(CompressionType compression) {
        this(compression, 1024);
    }

    public RecordBatchBuilder(CompressionType compression, int initialCapacity) {
        this.compression = compression;
        this.out = new ByteBufferOutputStream(Math.max(initialCapacity, RecordBatch.HEADER_SIZE));
        this.out.position(RecordBatch.HEADER_SIZE);
        this.recordsOut = Codecs.wrapForOutput(compression, out);
        this.scratch = ByteBuffer.allocate(256);
    }

    /**
     * A whole control batch holding one transaction marker, as a transaction coordinator writes it:
     * transactional, control, uncompressed, CreateTime, no sequence.
     */
    public static ByteBuffer endTransactionMarker(long baseOffset, long timestamp, int partitionLeaderEpoch,
                                                  long producerId, short producerEpoch, EndTransactionMarker marker) {
        return new RecordBatchBuilder(CompressionType.NONE, RecordBatch.HEADER_SIZE + 32)
                .baseOffset(baseOffset)
                .partitionLeaderEpoch(partitionLeaderEpoch)
                .producer(producerId, producerEpoch, RecordBatch.NO_SEQUENCE)
                .transactional(true)
                .control(true)
                .appendEndTransactionMarker(timestamp, marker)
                .build();
    }

    public CompressionType compression() {
        return compression;
    }

    /** Before the first append: the records' offset deltas are written relative to it. */
    public RecordBatchBuilder baseOffset(long baseOffset) {
        if (count > 0 && baseOffset != this.baseOffset) {
            throw new IllegalStateException("The base offset is fixed once records are appended");
        }
        this.baseOffset = baseOffset;
        return this;
    }

    public RecordBatchBuilder timestampType(TimestampType type) {
        this.timestampType = type;
        return this;
    }

    /** LogAppendTime: every record of the batch reports {@code timestamp}, kept as maxTimestamp. */
    public RecordBatchBuilder logAppendTime(long timestamp) {
        this.timestampType = TimestampType.LOG_APPEND_TIME;
        this.logAppendTime = timestamp;
        return this;
    }

    public RecordBatchBuilder producer(long producerId, short producerEpoch, int baseSequence) {
        this.producerId = producerId;
        this.producerEpoch = producerEpoch;
        this.baseSequence = baseSequence;
        return this;
    }

    public RecordBatchBuilder transactional(boolean transactional) {
        this.transactional = transactional;
        return this;
    }

    public RecordBatchBuilder control(boolean control) {
        if (count > 0 && control != this.control) {
            throw new IllegalStateException("A batch's control flag is fixed once records are appended");
        }
        this.control = control;
        return this;
    }

    public RecordBatchBuilder partitionLeaderEpoch(int epoch) {
        this.partitionLeaderEpoch = epoch;
        return this;
    }

    /** Sets attribute bit 6; baseTimestamp then holds the horizon and deltas count from it. Before the first append. */
    public RecordBatchBuilder deleteHorizonMs(long deleteHorizonMs) {
        if (count > 0) {
            throw new IllegalStateException("The delete horizon must be set before the first record");
        }
        this.hasDeleteHorizon = true;
        this.deleteHorizonMs = deleteHorizonMs;
        return this;
    }

    public RecordBatchBuilder append(long timestamp, byte[] key, byte[] value, Header... headers) {
        return append(timestamp, wrap(key), wrap(value), headers);
    }

    public RecordBatchBuilder append(long timestamp, ByteBuffer key, ByteBuffer value, Header... headers) {
        return appendWithOffset(count == 0 ? baseOffset : lastOffset + 1, timestamp, key, value, headers);
    }

    public RecordBatchBuilder appendWithOffset(long offset, long timestamp, byte[] key, byte[] value, Header... headers) {
        return appendWithOffset(offset, timestamp, wrap(key), wrap(value), headers);
    }

    /** Appends a record at {@code offset}, which must be above the previous record's. Key, value and headers may be null. */
    public RecordBatchBuilder appendWithOffset(long offset, long timestamp, ByteBuffer key, ByteBuffer value, Header... headers) {
        if (control) {
            throw new IllegalStateException("Only control records may be appended to a control batch");
        }
        return appendRecord(offset, timestamp, key, value, headers);
    }

    /** Appends the marker record of a control batch (set {@link #control(boolean)} first). */
    public RecordBatchBuilder appendEndTransactionMarker(long timestamp, EndTransactionMarker marker) {
        if (!control) {
            throw new IllegalStateException("Transaction markers belong in control batches");
        }
        return appendRecord(count == 0 ? baseOffset : lastOffset + 1, timestamp, marker.key(), marker.value(), NO_HEADERS);
    }

    private RecordBatchBuilder appendRecord(long offset, long timestamp, ByteBuffer key, ByteBuffer value, Header[] headers) {
        if (built) {
            throw new IllegalStateException("The batch is already built");
        }
        if (timestamp < 0 && timestamp != RecordBatch.NO_TIMESTAMP) {
            throw new IllegalArgumentException("Invalid negative timestamp " + timestamp);
        }
        if (offset < baseOffset || (count > 0 && offset <= lastOffset)) {
            throw new IllegalArgumentException("Offset " + offset + " must be at least the base offset " + baseOffset
                    + " and above the last offset " + lastOffset);
        }
        if (offset - baseOffset > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("Offset " + offset + " is too far from the base offset " + baseOffset);
        }
        if (count == Integer.MAX_VALUE) {
            throw new IllegalStateException("A batch holds at most Integer.MAX_VALUE records");
        }
        if (count == 0) {
            baseTimestamp = hasDeleteHorizon ? deleteHorizonMs : timestamp;
        }
        if (headers == null) {
            headers = NO_HEADERS;
        }
        int offsetDelta = (int) (offset - baseOffset);
        long timestampDelta = timestamp - baseTimestamp;
        int keySize = key == null ? -1 : key.remaining();
        int valueSize = value == null ? -1 : value.remaining();

        byte[][] headerKeys = headers.length == 0 ? NO_HEADER_KEYS : new byte[headers.length][];
        int bodySize = 1 + ByteUtils.sizeOfVarlong(timestampDelta) + ByteUtils.sizeOfVarint(offsetDelta)
                + ByteUtils.sizeOfVarint(keySize) + Math.max(0, keySize)
                + ByteUtils.sizeOfVarint(valueSize) + Math.max(0, valueSize)
                + ByteUtils.sizeOfVarint(headers.length);
        for (int i = 0; i < headers.length; i++) {
            if (headers[i] == null) {
                throw new IllegalArgumentException("Null header");
            }
            headerKeys[i] = headers[i].key().getBytes(StandardCharsets.UTF_8);
            byte[] headerValue = headers[i].value();
            int headerValueSize = headerValue == null ? -1 : headerValue.length;
            bodySize += ByteUtils.sizeOfVarint(headerKeys[i].length) + headerKeys[i].length
                    + ByteUtils.sizeOfVarint(headerValueSize) + Math.max(0, headerValueSize);
        }
        int recordSize = ByteUtils.sizeOfVarint(bodySize) + bodySize;
        if (scratch.capacity() < recordSize) {
            scratch = ByteBuffer.allocate(Math.max(recordSize, scratch.capacity() * 2));
        }
        ByteBuffer record = scratch.clear();
        ByteUtils.writeVarint(bodySize, record);
        record.put((byte) 0);
        ByteUtils.writeVarlong(timestampDelta, record);
        ByteUtils.writeVarint(offsetDelta, record);
        ByteUtils.writeVarint(keySize, record);
        if (key != null) {
            record.put(key.duplicate());
        }
        ByteUtils.writeVarint(valueSize, record);
        if (value != null) {
            record.put(value.duplicate());
        }
        ByteUtils.writeVarint(headers.length, record);
        for (int i = 0; i < headers.length; i++) {
            ByteUtils.writeVarint(headerKeys[i].length, record);
            record.put(headerKeys[i]);
            byte[] headerValue = headers[i].value();
            if (headerValue == null) {
                ByteUtils.writeVarint(-1, record);
            } else {
                ByteUtils.writeVarint(headerValue.length, record);
                record.put(headerValue);
            }
        }
        try {
            recordsOut.write(record.array(), 0, record.position());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        count++;
        lastOffset = offset;
        uncompressedRecordBytes += recordSize;
        if (timestamp > maxTimestamp) {
            maxTimestamp = timestamp;
        }
        return this;
    }

    private static ByteBuffer wrap(byte[] bytes) {
        return bytes == null ? null : ByteBuffer.wrap(bytes);
    }

    public int numRecords() {
        return count;
    }

    /** Bytes of the records before compression. */
    public int uncompressedRecordBytes() {
        return uncompressedRecordBytes;
    }

    /**
     * Finishes the batch and returns it in a buffer of its own, positioned at 0 with the batch's
     * size as limit. A batch needs at least one record.
     */
    public ByteBuffer build() {
        if (built) {
            throw new IllegalStateException("The batch is already built");
        }
        if (count == 0) {
            throw new IllegalStateException("A record batch needs at least one record");
        }
        built = true;
        try {
            recordsOut.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int size = out.position();
        ByteBuffer batch = out.buffer();
        int attributes = compression.id
                | (timestampType == TimestampType.LOG_APPEND_TIME ? RecordBatch.TIMESTAMP_TYPE_MASK : 0)
                | (transactional ? RecordBatch.TRANSACTIONAL_FLAG_MASK : 0)
                | (control ? RecordBatch.CONTROL_FLAG_MASK : 0)
                | (hasDeleteHorizon ? RecordBatch.DELETE_HORIZON_FLAG_MASK : 0);
        batch.putLong(RecordBatch.BASE_OFFSET_OFFSET, baseOffset);
        batch.putInt(RecordBatch.LENGTH_OFFSET, size - RecordBatch.LOG_OVERHEAD);
        batch.putInt(RecordBatch.PARTITION_LEADER_EPOCH_OFFSET, partitionLeaderEpoch);
        batch.put(RecordBatch.MAGIC_OFFSET, RecordBatch.MAGIC_V2);
        batch.putShort(RecordBatch.ATTRIBUTES_OFFSET, (short) attributes);
        batch.putInt(RecordBatch.LAST_OFFSET_DELTA_OFFSET, (int) (lastOffset - baseOffset));
        batch.putLong(RecordBatch.BASE_TIMESTAMP_OFFSET, baseTimestamp);
        batch.putLong(RecordBatch.MAX_TIMESTAMP_OFFSET,
                timestampType == TimestampType.LOG_APPEND_TIME ? logAppendTime : maxTimestamp);
        batch.putLong(RecordBatch.PRODUCER_ID_OFFSET, producerId);
        batch.putShort(RecordBatch.PRODUCER_EPOCH_OFFSET, producerEpoch);
        batch.putInt(RecordBatch.BASE_SEQUENCE_OFFSET, baseSequence);
        batch.putInt(RecordBatch.RECORDS_COUNT_OFFSET, count);
        CRC32C crc = new CRC32C();
        crc.update(batch.array(), batch.arrayOffset() + RecordBatch.ATTRIBUTES_OFFSET, size - RecordBatch.ATTRIBUTES_OFFSET);
        batch.putInt(RecordBatch.CRC_OFFSET, (int) crc.getValue());
        return batch.slice(0, size);
    }
}
