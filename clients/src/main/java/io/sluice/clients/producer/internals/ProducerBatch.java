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
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The records of one partition that travel together: a v2 record batch being built, then the built
 * bytes (sent as they are, and resent unchanged on retries, which keeps the producer id, epoch and
 * sequence of an idempotent batch), then the result.
 *
 * <p>Lifecycle: open (records are appended under the partition queue's lock) -> closed when the
 * sender drains it ({@link #close}, builds the bytes) -> in flight / waiting to be retried -> done
 * ({@link #complete} or {@link #fail}, once, then {@link #fireCallbacks}). Callbacks run on the thread
 * that completes the batch (the sender), in append order.
 *
 * <p>Completion has two steps, as in Kafka: the result is fixed first ({@code complete}/{@code fail}
 * win a compare-and-set, so a forced close racing with the sender fails or completes a batch once),
 * then {@link #fireCallbacks} runs every callback and only then releases the latch that record
 * futures and {@code flush()} wait on. So once {@code flush()} or {@code future.get()} returns, the
 * callbacks of those records have run.
 */
public final class ProducerBatch {

    private static final Logger log = LoggerFactory.getLogger(ProducerBatch.class);

    private final TopicPartition tp;
    private final long createdNanos;
    private final long reservedBytes;
    private final RecordBatchBuilder builder;
    private final AtomicBoolean resultSet = new AtomicBoolean();   // complete/fail happened (once)
    private final CountDownLatch done = new CountDownLatch(1);       // released after the callbacks ran
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
                                   int recordSizeUpperBound, int batchSize, float compressionRatio) {
        if (built != null || (recordCount > 0 && sizeEstimate + (int) (recordSizeUpperBound * compressionRatio) > batchSize)) {
            return null;
        }
        builder.append(timestamp, key, value, headers);
        sizeEstimate = RecordBatch.HEADER_SIZE + (int) (builder.uncompressedRecordBytes() * compressionRatio);
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

    /** Bytes of the records before compression. */
    int uncompressedRecordBytes() {
        return builder.uncompressedRecordBytes();
    }

    /** The batch's size in bytes: exact once closed, an estimate before (uncompressed size x the partition's compression ratio). */
    public int sizeInBytes() {
        return built != null ? built.remaining() : sizeEstimate;
    }

    long reservedBytes() {
        return reservedBytes;
    }

    long createdNanos() {
        return createdNanos;
    }

    /** True once the result is set and every callback has run. */
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

    /**
     * Success: offsets from {@code baseOffset} (-1 when unknown). Returns false if the result was
     * already set; when it returns true the caller must call {@link #fireCallbacks}.
     */
    boolean complete(long baseOffset, long logAppendTime) {
        if (!resultSet.compareAndSet(false, true)) {
            return false;
        }
        this.baseOffset = baseOffset;
        this.logAppendTime = logAppendTime;
        return true;
    }

    /**
     * Failure of every record. Returns false if the result was already set; when it returns true the
     * caller must call {@link #fireCallbacks}.
     */
    boolean fail(RuntimeException exception) {
        if (!resultSet.compareAndSet(false, true)) {
            return false;
        }
        this.error = exception;
        return true;
    }

    /**
     * Runs the callbacks with the result set by {@code complete}/{@code fail}, then marks the batch
     * done (waking {@code future.get()} and {@code flush()}); called once, by the winner of that call.
     */
    void fireCallbacks() {
        RuntimeException exception = error;
        try {
            runCallbacks(exception);
        } finally {
            done.countDown();
        }
    }

    private void runCallbacks(RuntimeException exception) {
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
