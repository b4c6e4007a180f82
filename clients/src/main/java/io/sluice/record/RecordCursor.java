package io.sluice.record;

import io.sluice.common.ByteUtils;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Walks the records of one batch without allocating: {@link #next()} moves to the next record and
 * the accessors read its fields. For an uncompressed batch the cursor reads the batch's own buffer;
 * for a compressed one it reads a buffer the batch was decompressed into once. Only {@link #key()},
 * {@link #value()}, {@link #headers()} and {@link #toRecord()} allocate (a slice, an array, an object).
 *
 * <p>Each record is laid out as follows (varint/varlong are zigzag-encoded):
 *
 * <pre>
 * length           varint   bytes that follow in this record
 * attributes       int8     unused, 0
 * timestampDelta   varlong  from the batch's baseTimestamp
 * offsetDelta      varint   from the batch's baseOffset
 * keyLength        varint   -1 for a null key
 * key              bytes
 * valueLength      varint   -1 for a null value
 * value            bytes
 * headerCount      varint
 * headers          headerKeyLength varint (&gt;= 0), headerKey UTF-8,
 *                  headerValueLength varint (-1 for null), headerValue bytes
 * </pre>
 *
 * <p>{@link #next()} checks the structure of each record as it reaches it: that every length fits
 * inside the record, that the record's declared length is used exactly, that varints are well formed,
 * that the batch holds exactly {@code recordsCount} records and no bytes after them. A breach throws
 * {@link CorruptRecordException}. Offset order is not checked here (compacted batches have gaps);
 * {@link RecordBatch#validateRecords()} checks it for produced batches.
 *
 * <p>Not thread-safe.
 */
public final class RecordCursor {

    /** attributes + timestampDelta + offsetDelta + keyLength + valueLength + headerCount, one byte each at least. */
    private static final int MIN_RECORD_BODY = 6;

    private final ByteBuffer data;
    private final int end;
    private final int count;
    private final long baseOffset;
    private final long baseTimestamp;
    private final boolean logAppendTime;
    private final long maxTimestamp;
    private final int baseSequence;

    private int position;
    private int limit;
    private int index;

    private int recordStart;
    private int sizeInBytes;
    private byte attributes;
    private long timestampDelta;
    private int offsetDelta;
    private int keyPosition;
    private int keySize;
    private int valuePosition;
    private int valueSize;
    private int headersPosition;
    private int headerCount;

    RecordCursor(ByteBuffer data, int start, int end, RecordBatch batch) {
        this.data = data;
        this.position = start;
        this.end = end;
        this.count = batch.recordsCount();
        if (count < 0) {
            throw new CorruptRecordException("Record batch has a negative record count " + count);
        }
        this.baseOffset = batch.baseOffset();
        this.baseTimestamp = batch.baseTimestamp();
        this.logAppendTime = batch.timestampType() == TimestampType.LOG_APPEND_TIME;
        this.maxTimestamp = batch.maxTimestamp();
        this.baseSequence = batch.baseSequence();
        this.index = 0;
    }

    /**
     * Moves to the next record. Returns false after the last one, once it has checked that no
     * bytes follow it.
     */
    public boolean next() {
        if (index == count) {
            if (position != end) {
                throw new CorruptRecordException("Record batch has " + (end - position) + " bytes after its "
                        + count + " records");
            }
            return false;
        }
        if (position >= end) {
            throw new CorruptRecordException("Record batch declares " + count + " records but holds only " + index);
        }
        recordStart = position;
        limit = end;
        int bodyLength = readVarint();
        if (bodyLength < MIN_RECORD_BODY) {
            throw new CorruptRecordException("Record " + index + " has an invalid length " + bodyLength);
        }
        if (bodyLength > end - position) {
            throw new CorruptRecordException("Record " + index + " of length " + bodyLength + " runs past the end of its batch by "
                    + (bodyLength - (end - position)) + " bytes");
        }
        limit = position + bodyLength;
        attributes = readByte();
        timestampDelta = readVarlong();
        offsetDelta = readVarint();
        keySize = readVarint();
        keyPosition = position;
        skipBytes(keySize, "key");
        valueSize = readVarint();
        valuePosition = position;
        skipBytes(valueSize, "value");
        headerCount = readVarint();
        if (headerCount < 0) {
            throw new CorruptRecordException("Record " + index + " has a negative header count " + headerCount);
        }
        headersPosition = position;
        for (int i = 0; i < headerCount; i++) {
            int headerKeySize = readVarint();
            if (headerKeySize < 0) {
                throw new CorruptRecordException("Record " + index + " has a header with a null key");
            }
            skipBytes(headerKeySize, "header key");
            skipBytes(readVarint(), "header value");
        }
        if (position != limit) {
            throw new CorruptRecordException("Record " + index + " declares " + bodyLength + " bytes but its fields use "
                    + (bodyLength - (limit - position)));
        }
        sizeInBytes = limit - recordStart;
        index++;
        return true;
    }

    private void skipBytes(int length, String what) {
        if (length < -1) {
            throw new CorruptRecordException("Record " + index + " has an invalid " + what + " length " + length);
        }
        if (length > 0) {
            if (length > limit - position) {
                throw new CorruptRecordException("Record " + index + "'s " + what + " of " + length
                        + " bytes runs past the end of the record");
            }
            position += length;
        }
    }

    private byte readByte() {
        if (position >= limit) {
            throw truncated();
        }
        return data.get(position++);
    }

    private int readVarint() {
        int raw = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            byte b = readByte();
            raw |= (b & 0x7f) << shift;
            if (b >= 0) {
                return (raw >>> 1) ^ -(raw & 1);
            }
        }
        throw new CorruptRecordException("Record " + index + " has a varint longer than 5 bytes");
    }

    private long readVarlong() {
        long raw = 0;
        for (int shift = 0; shift < 70; shift += 7) {
            byte b = readByte();
            raw |= (long) (b & 0x7f) << shift;
            if (b >= 0) {
                return (raw >>> 1) ^ -(raw & 1);
            }
        }
        throw new CorruptRecordException("Record " + index + " has a varlong longer than 10 bytes");
    }

    private CorruptRecordException truncated() {
        return new CorruptRecordException(limit == end
                ? "Record batch ends inside record " + index
                : "Record " + index + " ends inside one of its fields");
    }

    /** Number of records {@link #next()} has returned so far. */
    public int recordsRead() {
        return index;
    }

    public int offsetDelta() {
        return offsetDelta;
    }

    public long offset() {
        return baseOffset + offsetDelta;
    }

    public long timestampDelta() {
        return timestampDelta;
    }

    /** The record's timestamp: the batch's maxTimestamp for every record of a LogAppendTime batch. */
    public long timestamp() {
        return logAppendTime ? maxTimestamp : baseTimestamp + timestampDelta;
    }

    /** baseSequence + offsetDelta, wrapping from Integer.MAX_VALUE to 0; -1 when the batch has no sequence. */
    public int sequence() {
        return sequenceOf(baseSequence, offsetDelta);
    }

    static int sequenceOf(int baseSequence, int offsetDelta) {
        if (baseSequence == RecordBatch.NO_SEQUENCE) {
            return RecordBatch.NO_SEQUENCE;
        }
        long sequence = (long) baseSequence + offsetDelta;
        return (int) (sequence > Integer.MAX_VALUE ? sequence - Integer.MAX_VALUE - 1 : sequence);
    }

    public byte attributes() {
        return attributes;
    }

    /** The record's size including its length prefix. */
    public int sizeInBytes() {
        return sizeInBytes;
    }

    /** -1 for a null key. */
    public int keySize() {
        return keySize;
    }

    /** -1 for a null value. */
    public int valueSize() {
        return valueSize;
    }

    public boolean hasKey() {
        return keySize >= 0;
    }

    public boolean hasValue() {
        return valueSize >= 0;
    }

    /** A slice of the key (sharing the batch's bytes), or null. */
    public ByteBuffer key() {
        return keySize < 0 ? null : data.slice(keyPosition, keySize);
    }

    /** A slice of the value (sharing the batch's bytes), or null. */
    public ByteBuffer value() {
        return valueSize < 0 ? null : data.slice(valuePosition, valueSize);
    }

    public int headerCount() {
        return headerCount;
    }

    public Header[] headers() {
        return readHeaders(data, headersPosition, headerCount);
    }

    /** An immutable record holding this cursor's current record; it shares the batch's bytes. */
    public Record toRecord() {
        return new Record(data, offset(), timestamp(), sequence(), attributes, sizeInBytes,
                keyPosition, keySize, valuePosition, valueSize, headersPosition, headerCount);
    }

    /** Reads headers that {@link #next()} has already checked. */
    static Header[] readHeaders(ByteBuffer data, int position, int headerCount) {
        Header[] headers = new Header[headerCount];
        ByteBuffer in = data.duplicate();
        in.position(position);
        for (int i = 0; i < headerCount; i++) {
            int keySize = ByteUtils.readVarint(in);
            byte[] key = new byte[keySize];
            in.get(key);
            int valueSize = ByteUtils.readVarint(in);
            byte[] value = null;
            if (valueSize >= 0) {
                value = new byte[valueSize];
                in.get(value);
            }
            headers[i] = new Header(new String(key, StandardCharsets.UTF_8), value);
        }
        return headers;
    }
}
