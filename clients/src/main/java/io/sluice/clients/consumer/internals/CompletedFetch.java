package io.sluice.clients.consumer.internals;

import io.sluice.clients.common.SluiceException;
import io.sluice.clients.common.TopicPartition;
import io.sluice.clients.consumer.ConsumerRecord;
import io.sluice.clients.serialization.Deserializer;
import io.sluice.record.ControlRecordType;
import io.sluice.record.CorruptRecordException;
import io.sluice.record.Header;
import io.sluice.record.RecordBatch;
import io.sluice.record.RecordBatches;
import io.sluice.record.RecordCursor;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * The records one Fetch response returned for one partition, handed out a few at a time
 * ({@link #drain}) as the application polls. The record bytes stay in the response buffer until
 * they are deserialized.
 *
 * <p>Skipped on the way: batches (and records of a batch) below the fetch offset (the broker sends
 * whole batches), control batches (transaction markers), and with read_committed the batches of
 * aborted transactions. The response's aborted_transactions list gives, per producer, the first
 * offset of each aborted transaction; from that offset on, that producer's transactional batches
 * are dropped until its ABORT marker. {@link #nextFetchOffset()} moves past everything consumed or
 * skipped, so compaction gaps and markers never stall the position.
 *
 * Not thread-safe: the polling thread owns it.
 */
final class CompletedFetch {

    /** One aborted transaction from the response. */
    record Aborted(long producerId, long firstOffset) {
    }

    final TopicPartition partition;
    final long fetchOffset;
    private final RecordBatches.BatchIterator batches;
    private final PriorityQueue<Aborted> abortedQueue;
    private final Set<Long> abortedProducers = new HashSet<>();
    private final boolean checkCrcs;
    private RecordBatch batch;
    private RecordCursor cursor;
    private Optional<Integer> batchLeaderEpoch = Optional.empty(); // of the current batch, shared by its records
    private long nextFetchOffset;
    private Optional<Integer> lastEpoch = Optional.empty();
    private boolean exhausted;

    CompletedFetch(TopicPartition partition, long fetchOffset, ByteBuffer records, List<Aborted> aborted, boolean readCommitted,
                   boolean checkCrcs) {
        this.partition = partition;
        this.fetchOffset = fetchOffset;
        this.nextFetchOffset = fetchOffset;
        this.batches = RecordBatches.iterate(records);
        this.checkCrcs = checkCrcs;
        this.abortedQueue = new PriorityQueue<>((a, b) -> Long.compare(a.firstOffset(), b.firstOffset()));
        if (readCommitted && aborted != null) {
            abortedQueue.addAll(aborted);
        }
    }

    long nextFetchOffset() {
        return nextFetchOffset;
    }

    Optional<Integer> lastEpoch() {
        return lastEpoch;
    }

    boolean isExhausted() {
        return exhausted;
    }

    /** Appends up to {@code max} records to {@code out}; returns how many. */
    <K, V> int drain(int max, Deserializer<K> keys, Deserializer<V> values, List<ConsumerRecord<K, V>> out) {
        int n = 0;
        while (n < max && !exhausted) {
            if (cursor == null && !nextBatch()) {
                exhausted = true;
                break;
            }
            if (!cursor.next()) {
                nextFetchOffset = Math.max(nextFetchOffset, batch.nextOffset());
                cursor = null;
                continue;
            }
            long offset = cursor.offset();
            if (offset < nextFetchOffset) {
                continue;
            }
            out.add(toRecord(keys, values));
            nextFetchOffset = offset + 1;
            n++;
        }
        return n;
    }

    private <K, V> ConsumerRecord<K, V> toRecord(Deserializer<K> keys, Deserializer<V> values) {
        try {
            ByteBuffer k = cursor.key();
            ByteBuffer v = cursor.value();
            K key = keys.deserialize(partition.topic(), k);
            V value = values.deserialize(partition.topic(), v);
            lastEpoch = batchLeaderEpoch;
            // An immutable list (List.of), which ConsumerRecord keeps as it is instead of copying: the
            // copy of an Arrays.asList view per record was the top of a consumer profile (JFR).
            List<Header> headers = cursor.headerCount() == 0 ? List.of() : List.of(cursor.headers());
            return new ConsumerRecord<>(partition.topic(), partition.partition(), cursor.offset(), cursor.timestamp(),
                    batch.timestampType(), cursor.keySize(), cursor.valueSize(), key, value, headers, batchLeaderEpoch);
        } catch (RuntimeException e) {
            throw new SluiceException("Error deserializing key/value for partition " + partition + " at offset "
                    + cursor.offset() + ". If needed, please seek past the record to continue consumption.", e);
        }
    }

    /** Moves to the next batch with records to hand out; false when there is none. */
    private boolean nextBatch() {
        while (batches.hasNext()) {
            RecordBatch b;
            try {
                b = batches.next();
                if (checkCrcs) {
                    b.validate();
                }
            } catch (CorruptRecordException e) {
                throw new SluiceException("Record batch for partition " + partition + " at offset " + nextFetchOffset
                        + " is invalid, cause: " + e.getMessage(), e);
            }
            if (b.lastOffset() < nextFetchOffset) {
                continue;
            }
            while (!abortedQueue.isEmpty() && abortedQueue.peek().firstOffset() <= b.lastOffset()) {
                abortedProducers.add(abortedQueue.poll().producerId());
            }
            if (b.isControlBatch()) {
                if (b.isTransactional() && isAbortMarker(b)) {
                    abortedProducers.remove(b.producerId());
                }
                nextFetchOffset = Math.max(nextFetchOffset, b.nextOffset());
                continue;
            }
            if (b.isTransactional() && abortedProducers.contains(b.producerId())) {
                nextFetchOffset = Math.max(nextFetchOffset, b.nextOffset());
                continue;
            }
            batch = b;
            cursor = b.cursor();
            int epoch = b.partitionLeaderEpoch();
            batchLeaderEpoch = epoch < 0 ? Optional.empty() : Optional.of(epoch);
            return true;
        }
        return false;
    }

    private static boolean isAbortMarker(RecordBatch b) {
        RecordCursor c = b.cursor();
        return c.next() && c.hasKey() && ControlRecordType.parse(c.key()) == ControlRecordType.ABORT;
    }
}
