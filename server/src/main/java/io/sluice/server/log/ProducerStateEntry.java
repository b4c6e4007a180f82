package io.sluice.server.log;

import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.Optional;

/**
 * The idempotence state of one producer id on one partition: its epoch and the metadata of its last
 * {@link #MAX_BATCHES} batches (the Java producer keeps at most 5 requests in flight, so a retry is
 * always one of those five).
 *
 * <p>Not thread-safe: owned by the {@link ProducerStateManager}, which the log's lock guards.
 */
public final class ProducerStateEntry {

    public static final int MAX_BATCHES = 5;

    private final long producerId;
    private short producerEpoch;
    private final Deque<BatchMetadata> batches = new ArrayDeque<>(MAX_BATCHES);
    private long lastTimestamp;

    ProducerStateEntry(long producerId, short producerEpoch, long lastTimestamp) {
        this.producerId = producerId;
        this.producerEpoch = producerEpoch;
        this.lastTimestamp = lastTimestamp;
    }

    public long producerId() {
        return producerId;
    }

    public short producerEpoch() {
        return producerEpoch;
    }

    public long lastTimestamp() {
        return lastTimestamp;
    }

    /** Oldest first. */
    public Iterable<BatchMetadata> batches() {
        return Collections.unmodifiableCollection(batches);
    }

    public int lastSequence() {
        return batches.isEmpty() ? io.sluice.record.RecordBatch.NO_SEQUENCE : batches.peekLast().lastSequence();
    }

    public long lastOffset() {
        return batches.isEmpty() ? -1L : batches.peekLast().lastOffset();
    }

    Optional<BatchMetadata> findDuplicate(int firstSequence, int lastSequence) {
        for (BatchMetadata batch : batches) {
            if (batch.firstSequence() == firstSequence && batch.lastSequence() == lastSequence) {
                return Optional.of(batch);
            }
        }
        return Optional.empty();
    }

    /** A new epoch starts a new sequence space: the batches of the old epoch can no longer be retried. */
    void bumpEpoch(short epoch) {
        if (epoch != producerEpoch) {
            producerEpoch = epoch;
            batches.clear();
        }
    }

    void addBatch(BatchMetadata batch) {
        if (batches.size() == MAX_BATCHES) {
            batches.removeFirst();
        }
        batches.addLast(batch);
        lastTimestamp = Math.max(lastTimestamp, batch.timestamp());
    }

    /** Drops the batches at or above {@code offset}; true when nothing is left. */
    boolean removeBatchesFrom(long offset) {
        while (!batches.isEmpty() && batches.peekLast().lastOffset() >= offset) {
            batches.removeLast();
        }
        return batches.isEmpty();
    }
}
