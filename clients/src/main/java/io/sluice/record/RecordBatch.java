package io.sluice.record;

import io.sluice.record.codec.Codecs;
import java.nio.ByteBuffer;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.OptionalLong;
import java.util.zip.CRC32C;

/**
 * A read-mostly view over one record batch in magic v2 format, exactly as it is laid out on the
 * wire and in a {@code .log} segment. The view never copies: it reads fields at fixed positions
 * of the underlying buffer, starting at the buffer's position when the view was made.
 *
 * <pre>
 * offset  size  field
 *      0     8  baseOffset            first offset of the batch (the broker writes it)
 *      8     4  batchLength           bytes after this field: the batch is batchLength + 12 bytes
 *     12     4  partitionLeaderEpoch  stamped by the leader; NOT covered by the CRC
 *     16     1  magic                 2
 *     17     4  crc                   CRC-32C (Castagnoli) of bytes 21..end, as an unsigned int
 *     21     2  attributes            bits 0-2 codec, 3 timestamp type, 4 transactional,
 *                                     5 control, 6 hasDeleteHorizonMs
 *     23     4  lastOffsetDelta
 *     27     8  baseTimestamp         (the delete horizon when bit 6 is set)
 *     35     8  maxTimestamp
 *     43     8  producerId            -1 if none
 *     51     2  producerEpoch         -1 if none
 *     53     4  baseSequence          -1 if none
 *     57     4  recordsCount
 *     61     -  records               compressed as one stream when the codec is not none
 * </pre>
 *
 * <p>The records behind the header are read with {@link #cursor()} (no allocation per record) or
 * by iterating the batch as an {@code Iterable<Record>}; a compressed batch is decompressed once,
 * bounded by a size limit. {@link #validate()} checks the header and CRC; {@link #validateRecords()}
 * also walks every record, as the broker does for a produced batch. Batches in the old formats
 * (magic 0 and 1) are refused with {@link UnsupportedMagicException}. {@link RecordBatchBuilder}
 * writes batches; {@link RecordBatches#iterate(ByteBuffer)} walks a buffer of several.
 *
 * <p>This class is not thread-safe; a view is cheap to make, so make one per thread.
 */
public final class RecordBatch implements Iterable<Record> {

    public static final int BASE_OFFSET_OFFSET = 0;
    public static final int LENGTH_OFFSET = BASE_OFFSET_OFFSET + 8;
    public static final int PARTITION_LEADER_EPOCH_OFFSET = LENGTH_OFFSET + 4;
    public static final int MAGIC_OFFSET = PARTITION_LEADER_EPOCH_OFFSET + 4;
    public static final int CRC_OFFSET = MAGIC_OFFSET + 1;
    public static final int ATTRIBUTES_OFFSET = CRC_OFFSET + 4;
    public static final int LAST_OFFSET_DELTA_OFFSET = ATTRIBUTES_OFFSET + 2;
    public static final int BASE_TIMESTAMP_OFFSET = LAST_OFFSET_DELTA_OFFSET + 4;
    public static final int MAX_TIMESTAMP_OFFSET = BASE_TIMESTAMP_OFFSET + 8;
    public static final int PRODUCER_ID_OFFSET = MAX_TIMESTAMP_OFFSET + 8;
    public static final int PRODUCER_EPOCH_OFFSET = PRODUCER_ID_OFFSET + 8;
    public static final int BASE_SEQUENCE_OFFSET = PRODUCER_EPOCH_OFFSET + 2;
    public static final int RECORDS_COUNT_OFFSET = BASE_SEQUENCE_OFFSET + 4;
    public static final int RECORDS_OFFSET = RECORDS_COUNT_OFFSET + 4;

    /** Size of the fixed header: 61 bytes. */
    public static final int HEADER_SIZE = RECORDS_OFFSET;
    /** Bytes that precede {@code batchLength}'s count: baseOffset and batchLength themselves. */
    public static final int LOG_OVERHEAD = LENGTH_OFFSET + 4;
    /** The smallest header that tells a batch's size and magic. */
    public static final int SIZE_AND_MAGIC_HEADER = MAGIC_OFFSET + 1;

    public static final byte MAGIC_V2 = 2;

    public static final int COMPRESSION_CODEC_MASK = 0x07;
    public static final int TIMESTAMP_TYPE_MASK = 0x08;
    public static final int TRANSACTIONAL_FLAG_MASK = 0x10;
    public static final int CONTROL_FLAG_MASK = 0x20;
    public static final int DELETE_HORIZON_FLAG_MASK = 0x40;

    public static final long NO_PRODUCER_ID = -1L;
    public static final short NO_PRODUCER_EPOCH = -1;
    public static final int NO_SEQUENCE = -1;
    public static final int NO_PARTITION_LEADER_EPOCH = -1;
    public static final long NO_TIMESTAMP = -1L;

    /**
     * The default bound on a compressed batch's decompressed records. Produced batches are at most
     * {@code message.max.bytes} (1 MiB by default) compressed; 64 MiB leaves room for very
     * compressible data while keeping a malicious batch from taking the heap.
     */
    public static final int DEFAULT_MAX_DECOMPRESSED_BYTES = 64 * 1024 * 1024;

    private final ByteBuffer buffer;
    private final int start;

    private RecordBatch(ByteBuffer buffer, int start) {
        this.buffer = buffer;
        this.start = start;
    }

    /**
     * A view of the batch that starts at {@code buffer.position()}. The caller must already know
     * that at least {@link #HEADER_SIZE} bytes are there; {@link #validate()} checks the rest.
     */
    public static RecordBatch at(ByteBuffer buffer) {
        return new RecordBatch(buffer, buffer.position());
    }

    /** A view of the batch that starts at absolute index {@code start} of {@code buffer}. */
    public static RecordBatch at(ByteBuffer buffer, int start) {
        return new RecordBatch(buffer, start);
    }

    public ByteBuffer buffer() {
        return buffer;
    }

    public int start() {
        return start;
    }

    public long baseOffset() {
        return buffer.getLong(start + BASE_OFFSET_OFFSET);
    }

    public int batchLength() {
        return buffer.getInt(start + LENGTH_OFFSET);
    }

    /** The whole batch, header included. */
    public int sizeInBytes() {
        return LOG_OVERHEAD + batchLength();
    }

    public int partitionLeaderEpoch() {
        return buffer.getInt(start + PARTITION_LEADER_EPOCH_OFFSET);
    }

    public byte magic() {
        return buffer.get(start + MAGIC_OFFSET);
    }

    /** The stored checksum, as an unsigned 32-bit value. */
    public long checksum() {
        return Integer.toUnsignedLong(buffer.getInt(start + CRC_OFFSET));
    }

    public short attributes() {
        return buffer.getShort(start + ATTRIBUTES_OFFSET);
    }

    public CompressionType compressionType() {
        return CompressionType.forId(attributes() & COMPRESSION_CODEC_MASK);
    }

    public TimestampType timestampType() {
        return (attributes() & TIMESTAMP_TYPE_MASK) == 0 ? TimestampType.CREATE_TIME : TimestampType.LOG_APPEND_TIME;
    }

    public boolean isTransactional() {
        return (attributes() & TRANSACTIONAL_FLAG_MASK) != 0;
    }

    public boolean isControlBatch() {
        return (attributes() & CONTROL_FLAG_MASK) != 0;
    }

    public boolean hasDeleteHorizon() {
        return (attributes() & DELETE_HORIZON_FLAG_MASK) != 0;
    }

    /** The delete horizon set by compaction (kept in baseTimestamp), or empty. */
    public OptionalLong deleteHorizonMs() {
        return hasDeleteHorizon() ? OptionalLong.of(baseTimestamp()) : OptionalLong.empty();
    }

    public int lastOffsetDelta() {
        return buffer.getInt(start + LAST_OFFSET_DELTA_OFFSET);
    }

    public long lastOffset() {
        return baseOffset() + lastOffsetDelta();
    }

    /** The offset after this batch: where the next batch starts. */
    public long nextOffset() {
        return lastOffset() + 1;
    }

    public long baseTimestamp() {
        return buffer.getLong(start + BASE_TIMESTAMP_OFFSET);
    }

    public long maxTimestamp() {
        return buffer.getLong(start + MAX_TIMESTAMP_OFFSET);
    }

    public long producerId() {
        return buffer.getLong(start + PRODUCER_ID_OFFSET);
    }

    public short producerEpoch() {
        return buffer.getShort(start + PRODUCER_EPOCH_OFFSET);
    }

    public int baseSequence() {
        return buffer.getInt(start + BASE_SEQUENCE_OFFSET);
    }

    /** The last record's sequence; sequences wrap from Integer.MAX_VALUE to 0. */
    public int lastSequence() {
        int base = baseSequence();
        if (base == NO_SEQUENCE) {
            return NO_SEQUENCE;
        }
        long last = (long) base + lastOffsetDelta();
        return (int) (last > Integer.MAX_VALUE ? last - Integer.MAX_VALUE - 1 : last);
    }

    public int recordsCount() {
        return buffer.getInt(start + RECORDS_COUNT_OFFSET);
    }

    /** CRC-32C over attributes..end, computed from the bytes as they are now. */
    public long computeChecksum() {
        CRC32C crc = new CRC32C();
        ByteBuffer covered = buffer.duplicate();
        covered.limit(start + sizeInBytes()).position(start + ATTRIBUTES_OFFSET);
        crc.update(covered);
        return crc.getValue();
    }

    public boolean isValid() {
        return checksum() == computeChecksum();
    }

    /**
     * Checks what can be checked without decompressing: the magic, that the declared size fits
     * the buffer and the header, and the CRC. Throws {@link CorruptRecordException} otherwise.
     */
    public void validate() {
        checkMagicAndSize();
        long stored = checksum();
        long computed = computeChecksum();
        if (stored != computed) {
            throw new CorruptRecordException("Record batch CRC mismatch: stored " + stored + ", computed " + computed);
        }
    }

    /** The checks every reader needs before touching the records: magic, a sane length within the buffer. */
    private void checkMagicAndSize() {
        byte magic = magic();
        if (magic != MAGIC_V2) {
            throw new UnsupportedMagicException(magic);
        }
        int length = batchLength();
        if (length < HEADER_SIZE - LOG_OVERHEAD) {
            throw new CorruptRecordException("Record batch length " + length + " is smaller than the v2 header");
        }
        if (start + LOG_OVERHEAD + (long) length > buffer.limit()) {
            throw new CorruptRecordException("Record batch of " + (LOG_OVERHEAD + length)
                    + " bytes runs past the end of its buffer");
        }
        if (lastOffsetDelta() < 0) {
            throw new CorruptRecordException("Negative lastOffsetDelta " + lastOffsetDelta());
        }
    }

    /** {@link #validateRecords(int)} with {@link #DEFAULT_MAX_DECOMPRESSED_BYTES}. */
    public void validateRecords() {
        validateRecords(DEFAULT_MAX_DECOMPRESSED_BYTES);
    }

    /**
     * The deep check the broker runs on a produced batch: {@link #validate()} (magic, size, CRC),
     * then decompresses if needed and walks every record. Throws {@link CorruptRecordException}
     * when the batch is empty, when the records found differ from {@code recordsCount}, when a
     * record or one of its fields runs past its end or a varint is malformed, when bytes follow the
     * last record, or when the offset deltas are not exactly 0, 1, ..., n-1 with n-1 equal to
     * {@code lastOffsetDelta}. Allocates nothing per record.
     *
     * @param maxDecompressedBytes bound on the decompressed size of a compressed batch
     */
    public void validateRecords(int maxDecompressedBytes) {
        validate();
        int count = recordsCount();
        if (count <= 0) {
            throw new CorruptRecordException("Produced record batch must hold at least one record, declares " + count);
        }
        if (lastOffsetDelta() != count - 1) {
            throw new CorruptRecordException("Record batch declares " + count + " records but lastOffsetDelta "
                    + lastOffsetDelta() + " (expected " + (count - 1) + ")");
        }
        RecordCursor cursor = cursor(maxDecompressedBytes);
        int expectedDelta = 0;
        while (cursor.next()) {
            if (cursor.offsetDelta() != expectedDelta) {
                throw new CorruptRecordException("Record " + expectedDelta + " has offsetDelta " + cursor.offsetDelta()
                        + ": offset deltas must run 0.." + (count - 1) + " in order");
            }
            expectedDelta++;
        }
    }

    /** {@link #cursor(int)} with {@link #DEFAULT_MAX_DECOMPRESSED_BYTES}. */
    public RecordCursor cursor() {
        return cursor(DEFAULT_MAX_DECOMPRESSED_BYTES);
    }

    /**
     * A cursor over the records. Checks magic and size but not the CRC (call {@link #validate()}
     * for that). A compressed batch is decompressed here, into a new buffer of at most
     * {@code maxDecompressedBytes}; an uncompressed batch is read in place.
     */
    public RecordCursor cursor(int maxDecompressedBytes) {
        checkMagicAndSize();
        int recordsStart = start + RECORDS_OFFSET;
        int end = start + sizeInBytes();
        CompressionType compression = compressionType();
        if (compression == CompressionType.NONE) {
            return new RecordCursor(buffer, recordsStart, end, this);
        }
        ByteBuffer records = Codecs.decompress(compression, buffer.slice(recordsStart, end - recordsStart), maxDecompressedBytes);
        return new RecordCursor(records, records.position(), records.limit(), this);
    }

    /** Iterates the records as {@link Record} objects, decompressing with the default bound. */
    @Override
    public Iterator<Record> iterator() {
        return records(DEFAULT_MAX_DECOMPRESSED_BYTES);
    }

    /** Iterates the records as {@link Record} objects; see {@link #cursor(int)}. */
    public Iterator<Record> records(int maxDecompressedBytes) {
        RecordCursor cursor = cursor(maxDecompressedBytes);
        return new Iterator<>() {
            private Boolean hasNext;

            @Override
            public boolean hasNext() {
                if (hasNext == null) {
                    hasNext = cursor.next();
                }
                return hasNext;
            }

            @Override
            public Record next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                hasNext = null;
                return cursor.toRecord();
            }
        };
    }

    /** A copy of the whole batch in a new buffer of its own, positioned at 0. */
    public RecordBatch copy() {
        ByteBuffer copy = ByteBuffer.allocate(sizeInBytes());
        copy.put(buffer.slice(start, sizeInBytes())).flip();
        return at(copy);
    }

    // ---- header rewrites: the broker stamps these without touching the records ----

    public void setBaseOffset(long baseOffset) {
        buffer.putLong(start + BASE_OFFSET_OFFSET, baseOffset);
    }

    /** Not covered by the CRC, so no checksum update is needed. */
    public void setPartitionLeaderEpoch(int epoch) {
        buffer.putInt(start + PARTITION_LEADER_EPOCH_OFFSET, epoch);
    }

    /**
     * Sets the timestamp type and max timestamp (LogAppendTime stamping) and recomputes the CRC,
     * since both fields are covered by it.
     */
    public void setMaxTimestamp(TimestampType type, long maxTimestamp) {
        short attributes = attributes();
        short updated = (short) (type == TimestampType.LOG_APPEND_TIME
                ? attributes | TIMESTAMP_TYPE_MASK
                : attributes & ~TIMESTAMP_TYPE_MASK);
        if (updated == attributes && maxTimestamp() == maxTimestamp) {
            return;
        }
        buffer.putShort(start + ATTRIBUTES_OFFSET, updated);
        buffer.putLong(start + MAX_TIMESTAMP_OFFSET, maxTimestamp);
        buffer.putInt(start + CRC_OFFSET, (int) computeChecksum());
    }

    @Override
    public String toString() {
        return "RecordBatch(baseOffset=" + baseOffset() + ", lastOffset=" + lastOffset() + ", count=" + recordsCount()
                + ", size=" + sizeInBytes() + ", magic=" + magic() + ", codec=" + compressionType() + ")";
    }
}
