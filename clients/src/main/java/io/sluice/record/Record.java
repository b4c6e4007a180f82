package io.sluice.record;

import java.nio.ByteBuffer;

/**
 * One record of a batch, with its absolute offset and timestamp resolved against the batch header.
 * Immutable; key, value and header bytes are read from the batch's buffer (or from the buffer a
 * compressed batch was decompressed into), so a record stays valid only while that buffer is
 * not reused. Headers are decoded on first use.
 */
public final class Record {

    private final ByteBuffer data;
    private final long offset;
    private final long timestamp;
    private final int sequence;
    private final byte attributes;
    private final int sizeInBytes;
    private final int keyPosition;
    private final int keySize;
    private final int valuePosition;
    private final int valueSize;
    private final int headersPosition;
    private final int headerCount;
    private Header[] headers;

    Record(ByteBuffer data, long offset, long timestamp, int sequence, byte attributes, int sizeInBytes,
           int keyPosition, int keySize, int valuePosition, int valueSize, int headersPosition, int headerCount) {
        this.data = data;
        this.offset = offset;
        this.timestamp = timestamp;
        this.sequence = sequence;
        this.attributes = attributes;
        this.sizeInBytes = sizeInBytes;
        this.keyPosition = keyPosition;
        this.keySize = keySize;
        this.valuePosition = valuePosition;
        this.valueSize = valueSize;
        this.headersPosition = headersPosition;
        this.headerCount = headerCount;
    }

    public long offset() {
        return offset;
    }

    public long timestamp() {
        return timestamp;
    }

    /** -1 when the batch carries no sequence. */
    public int sequence() {
        return sequence;
    }

    public byte attributes() {
        return attributes;
    }

    /** Size on the wire, length prefix included. */
    public int sizeInBytes() {
        return sizeInBytes;
    }

    public int keySize() {
        return keySize;
    }

    public int valueSize() {
        return valueSize;
    }

    public boolean hasKey() {
        return keySize >= 0;
    }

    public boolean hasValue() {
        return valueSize >= 0;
    }

    /** A fresh slice of the key, or null. */
    public ByteBuffer key() {
        return keySize < 0 ? null : data.slice(keyPosition, keySize);
    }

    /** A fresh slice of the value, or null (a tombstone). */
    public ByteBuffer value() {
        return valueSize < 0 ? null : data.slice(valuePosition, valueSize);
    }

    public int headerCount() {
        return headerCount;
    }

    /** The headers in order; the returned array is shared, do not change it. */
    public Header[] headers() {
        if (headers == null) {
            headers = RecordCursor.readHeaders(data, headersPosition, headerCount);
        }
        return headers;
    }

    @Override
    public String toString() {
        return "Record(offset=" + offset + ", timestamp=" + timestamp + ", keySize=" + keySize
                + ", valueSize=" + valueSize + ", headers=" + headerCount + ")";
    }
}
