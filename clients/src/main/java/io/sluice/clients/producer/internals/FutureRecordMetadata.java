package io.sluice.clients.producer.internals;

import io.sluice.clients.producer.RecordMetadata;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The future {@code send} returns: a view of one record of a {@link ProducerBatch}. It holds what
 * the record's {@link RecordMetadata} needs and waits on the batch's result, so completing a batch
 * costs nothing per record unless the record has a callback or someone calls {@link #get()}.
 */
public final class FutureRecordMetadata implements Future<RecordMetadata> {

    private final ProducerBatch batch;
    private final int relativeOffset;
    private final long createTimestamp;
    private final int keySize;
    private final int valueSize;

    FutureRecordMetadata(ProducerBatch batch, int relativeOffset, long createTimestamp, int keySize, int valueSize) {
        this.batch = batch;
        this.relativeOffset = relativeOffset;
        this.createTimestamp = createTimestamp;
        this.keySize = keySize;
        this.valueSize = valueSize;
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        return false;
    }

    @Override
    public boolean isCancelled() {
        return false;
    }

    @Override
    public boolean isDone() {
        return batch.isDone();
    }

    @Override
    public RecordMetadata get() throws InterruptedException, ExecutionException {
        batch.await();
        return valueOrThrow();
    }

    @Override
    public RecordMetadata get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
        if (!batch.await(timeout, unit)) {
            throw new TimeoutException("Timeout after waiting for " + unit.toMillis(timeout) + " ms.");
        }
        return valueOrThrow();
    }

    private RecordMetadata valueOrThrow() throws ExecutionException {
        RuntimeException error = batch.error();
        if (error != null) {
            throw new ExecutionException(error);
        }
        return metadata();
    }

    /** The record's metadata once the batch is done (offset -1 if it failed or is unknown). */
    RecordMetadata metadata() {
        long baseOffset = batch.baseOffset();
        long appendTime = batch.logAppendTime();
        return new RecordMetadata(batch.topicPartition().topic(), batch.topicPartition().partition(),
                baseOffset < 0 || batch.error() != null ? -1 : baseOffset + relativeOffset,
                appendTime >= 0 ? appendTime : createTimestamp, keySize, valueSize);
    }
}
