package io.sluice.record;

import java.nio.ByteBuffer;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Walks a buffer of concatenated record batches (a produce request's records, a fetch response,
 * a slice of a {@code .log} segment), one header view at a time, without copying.
 *
 * <p>The walk stops cleanly at a partial trailing batch - fewer than 17 bytes left, or a batch whose
 * declared length runs past the buffer - as a fetch response or a segment torn by a crash may end;
 * {@link BatchIterator#validBytes()} and {@link BatchIterator#trailingBytes()} then say where. It
 * throws {@link CorruptRecordException} for a batch that cannot be skipped safely: a magic other
 * than 2 ({@link UnsupportedMagicException}) or a length shorter than the v2 header. Batch CRCs
 * and records are not checked; call {@link RecordBatch#validate()} or
 * {@link RecordBatch#validateRecords()} on the batches that need it.
 */
public final class RecordBatches {

    private RecordBatches() {
    }

    /** Batches from the buffer's position to its limit; the buffer's position is not moved. */
    public static BatchIterator iterate(ByteBuffer buffer) {
        return new BatchIterator(buffer, buffer.position(), buffer.limit());
    }

    /** Bytes from the buffer's position that form complete batches. */
    public static int sizeOfCompleteBatches(ByteBuffer buffer) {
        BatchIterator batches = iterate(buffer);
        while (batches.hasNext()) {
            batches.next();
        }
        return batches.validBytes();
    }

    /**
     * A one-shot iterator over batch views; it is its own {@link Iterable} so that it works in a
     * for-each loop. Not thread-safe.
     */
    public static final class BatchIterator implements Iterator<RecordBatch>, Iterable<RecordBatch> {

        private final ByteBuffer buffer;
        private final int start;
        private final int end;
        private int position;
        private RecordBatch next;

        private BatchIterator(ByteBuffer buffer, int start, int end) {
            this.buffer = buffer;
            this.start = start;
            this.end = end;
            this.position = start;
        }

        @Override
        public boolean hasNext() {
            if (next != null) {
                return true;
            }
            int remaining = end - position;
            if (remaining < RecordBatch.SIZE_AND_MAGIC_HEADER) {
                return false;
            }
            byte magic = buffer.get(position + RecordBatch.MAGIC_OFFSET);
            if (magic != RecordBatch.MAGIC_V2) {
                throw new UnsupportedMagicException(magic);
            }
            int length = buffer.getInt(position + RecordBatch.LENGTH_OFFSET);
            if (length < RecordBatch.HEADER_SIZE - RecordBatch.LOG_OVERHEAD) {
                throw new CorruptRecordException("Record batch at byte " + (position - start) + " has length " + length
                        + ", smaller than the v2 header");
            }
            if ((long) RecordBatch.LOG_OVERHEAD + length > remaining) {
                return false;
            }
            next = RecordBatch.at(buffer, position);
            return true;
        }

        @Override
        public RecordBatch next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            RecordBatch batch = next;
            next = null;
            position += batch.sizeInBytes();
            return batch;
        }

        /** Bytes of the complete batches returned so far. */
        public int validBytes() {
            return position - start;
        }

        /** Bytes after the batches returned so far; after the walk, the size of a torn tail (0 if none). */
        public int trailingBytes() {
            return end - position;
        }

        @Override
        public Iterator<RecordBatch> iterator() {
            return this;
        }
    }
}
