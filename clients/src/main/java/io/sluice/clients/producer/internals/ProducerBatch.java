package io.sluice.clients.producer.internals;

import io.sluice.clients.common.TopicPartition;
import io.sluice.clients.producer.Callback;
import io.sluice.record.CompressionType;
import io.sluice.record.Header;
import io.sluice.record.RecordBatch;
import io.sluice.record.RecordBatchBuilder;
import java.nio.ByteBuffer;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The records of one partition that travel together: a v2 record batch being built, then the built
 * bytes (sent as they are, and resent unchanged on retries, which keeps the producer id, epoch and
 * sequence of an idempotent batch), then the result.
 *
 * <p>Lifecycle: open (records are appended under the partition queue's lock) -> closed when the
 * sender drains it ({@link #close}, builds the bytes) -> in flight / waiting to be retried -> done
 * ({@link #complete} or {@link #fail}, once). Callbacks run on the thread that completes the batch
 * (the sender), in append order.
 */
public final class ProducerBatch {

    private static final Logger log = LoggerFactory.getLogger(ProducerBatch.class);

    private final TopicPartition tp;
    private final long createdNanos;
    private final long reservedBytes;
    private final RecordBatchBuilder builder;
    private final CountDownLatch done = new CountDownLatch(1);
    private int recordCount;
    private int sizeEstimate = RecordBatch.HEADER_SIZE;
    private Object[] callbacks;         // pairs: Callback, FutureRecordMetadata; null until one is added
    private int callbackCount;
    private ByteBuffer built;

    // Sender-side state (sender thread, or under the partition queue's lock).
    int attempts;
    long retryAfterNanos;
    int baseSequence = RecordBatch.NO_SEQUENCE;
    short producerEpoch = RecordBatch.NO_PRODUCER_EPOCH;

    private volatile long baseOffset = -1;
    private volatile long logAppendTime = -1;
    private volatile RuntimeException error;

    ProducerBatch(TopicPartition tp, CompressionType compression, int initialCapacity, long reservedBytes, long createdNanos) {
        this.tp = tp;
        this.createdNanos = createdNanos;
        this.reservedBytes = reservedBytes;
        this.builder = new RecordBatchBuilder(compression, initialCapacity);
    }

    public TopicPartition topicPartition() {
        return tp;
    }

    /**
     * Appends a record if it fits under {@code batchSize} (an empty batch takes any record); returns
     * its future, or null if it does not fit or the batch is closed.
     */
    FutureRecordMetadata tryAppend(long timestamp, byte[] key, byte[] value, Header[] headers, Callback callback,
                                   int recordSizeUpperBound, int batchSize) {
        if (built != null || (recordCount > 0 && sizeEstimate + recordSizeUpperBound > batchSize)) {
            return null;
        }
        builder.append(timestamp, key, value, headers);
        sizeEstimate = RecordBatch.HEADER_SIZE + builder.uncompressedRecordBytes();
        FutureRecordMetadata future = new FutureRecordMetadata(this, recordCount, timestamp,
                key == null ? -1 : key.length, value == null ? -1 : value.length);
        recordCount++;
        if (callback != null) {
            if (callbacks == null) {
                callbacks = new Object[8];
            } else if (callbackCount * 2 == callbacks.length) {
                callbacks = java.util.Arrays.copyOf(callbacks, callbacks.length * 2);
            }
            callbacks[callbackCount * 2] = callback;
            callbacks[callbackCount * 2 + 1] = future;
            callbackCount++;
        }
        return future;
    }

    /** True when no further record of {@code batchSize} would be accepted. */
    boolean isFull(int batchSize) {
        return built != null || sizeEstimate >= batchSize;
    }

    boolean isClosed() {
        return built != null;
    }

    /** Finishes the batch with the idempotent producer's fields (or -1s) and returns its bytes. */
    ByteBuffer close(long producerId, short epoch, int sequence) {
        if (built == null) {
            this.baseSequence = sequence;
            this.producerEpoch = epoch;
            builder.producer(producerId, epoch, sequence);
            built = builder.build();
        }
        return built;
    }

    /** The built bytes, for a request (a duplicate, so sending never moves the batch's own position). */
    ByteBuffer buffer() {
        return built.duplicate();
    }

    public int recordCount() {
        return recordCount;
    }

    /** The batch's size in bytes: exact once closed, an uncompressed estimate before. */
    public int sizeInBytes() {
        return built != null ? built.remaining() : sizeEstimate;
    }

    long reservedBytes() {
        return reservedBytes;
    }

    long createdNanos() {
        return createdNanos;
    }

    boolean isDone() {
        return done.getCount() == 0;
    }

    void await() throws InterruptedException {
        done.await();
    }

    /** Blocks until the batch is done (for {@code flush()}). */
    public void awaitDone() throws InterruptedException {
        done.await();
    }

    boolean await(long timeout, TimeUnit unit) throws InterruptedException {
        return done.await(timeout, unit);
    }

    long baseOffset() {
        return baseOffset;
    }

    long logAppendTime() {
        return logAppendTime;
    }

    RuntimeException error() {
        return error;
    }

    /** Success: offsets from {@code baseOffset} (-1 when unknown). Returns false if already done. */
    boolean complete(long baseOffset, long logAppendTime) {
        if (isDone()) {
            return false;
        }
        this.baseOffset = baseOffset;
        this.logAppendTime = logAppendTime;
        finish(null);
        return true;
    }

    /** Failure of every record. Returns false if already done. */
    boolean fail(RuntimeException exception) {
        if (isDone()) {
            return false;
        }
        this.error = exception;
        finish(exception);
        return true;
    }

    private void finish(RuntimeException exception) {
        done.countDown();
        for (int i = 0; i < callbackCount; i++) {
            Callback callback = (Callback) callbacks[i * 2];
            FutureRecordMetadata future = (FutureRecordMetadata) callbacks[i * 2 + 1];
            try {
                callback.onCompletion(future.metadata(), exception);
            } catch (RuntimeException e) {
                log.error("Producer callback for {} threw", tp, e);
            }
        }
        callbacks = null;
    }

    @Override
    public String toString() {
        return "ProducerBatch(" + tp + ", " + recordCount + " records, seq " + baseSequence + ", attempts " + attempts + ")";
    }
}
