package io.sluice.clients.producer.internals;

import io.sluice.clients.common.Node;
import io.sluice.clients.common.TimeoutException;
import io.sluice.clients.common.TopicPartition;
import io.sluice.clients.metadata.Cluster;
import io.sluice.clients.producer.Callback;
import io.sluice.record.CompressionType;
import io.sluice.record.Header;
import io.sluice.record.RecordBatch;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Per-partition queues of {@link ProducerBatch}es between the threads calling {@code send} and the
 * sender thread.
 *
 * <ul>
 *   <li>{@link #append} (any thread) adds a record to the partition's last open batch, or reserves
 *       {@code max(batch.size, record)} bytes of {@code buffer.memory} (blocking up to
 *       {@code max.block.ms}) and starts a new batch.</li>
 *   <li>{@link #ready} (sender) finds the leaders with something to send: a partition's first batch
 *       is sendable when it is full, has lingered {@code linger.ms}, or a flush or close is under way,
 *       or someone waits for memory, and it is not backing off after a failure.</li>
 *   <li>{@link #drain} (sender) takes, for each ready leader, at most one batch per partition up to
 *       {@code max.request.size}, closing it and, for the idempotent producer, stamping producer id,
 *       epoch and the partition's next sequence.</li>
 *   <li>{@link #reenqueue}, {@link #complete}, {@link #fail}, {@link #expire} (sender) finish the
 *       cycle. A retried batch goes back to the front of its queue, in sequence order.</li>
 * </ul>
 *
 * <h2>Ordering</h2>
 * With idempotence, up to {@code max.in.flight} batches of a partition may be in flight; the broker
 * orders them by sequence. A batch to be retried is only sent again once nothing else of its
 * partition is in flight, so retries go out one at a time, in order. Without idempotence and with
 * {@code max.in.flight.requests.per.connection=1}, a partition with a batch in flight is skipped.
 *
 * <h2>Threading</h2>
 * Each {@link PartitionQueue} is guarded by its own monitor; the queue map is concurrent.
 * Everything else is called by the sender thread only.
 */
public final class RecordAccumulator {

    /** Bytes a record adds beyond key, value and headers, at most: length, attributes, deltas, sizes, header count. */
    private static final int RECORD_OVERHEAD_UPPER_BOUND = 5 + 1 + 10 + 5 + 5 + 5 + 5;

    private final int batchSize;
    private final CompressionType compression;
    private final long lingerNanos;
    private final long deliveryTimeoutNanos;
    private final long retryBackoffNanos;
    private final long retryBackoffMaxNanos;
    private final boolean guaranteeOrderWithoutIdempotence;
    private final BufferPool pool;
    private final Runnable wakeSender;
    /** Per topic, the queues by partition index (grown on demand), so an append allocates no key. */
    private final ConcurrentHashMap<String, PartitionQueue[]> queues = new ConcurrentHashMap<>();
    private final CopyOnWriteArrayList<PartitionQueue> queueList = new CopyOnWriteArrayList<>();
    private final Set<ProducerBatch> incomplete = ConcurrentHashMap.newKeySet();
    private final AtomicInteger flushesInProgress = new AtomicInteger();
    private volatile boolean closing;
    /** Set when the sender has stopped: nothing would send a new batch any more. */
    private volatile boolean aborted;
    private int drainStart;

    public RecordAccumulator(int batchSize, CompressionType compression, long lingerMs, long deliveryTimeoutMs,
                             long retryBackoffMs, long retryBackoffMaxMs, boolean guaranteeOrderWithoutIdempotence,
                             BufferPool pool, Runnable wakeSender) {
        this.batchSize = batchSize;
        this.compression = compression;
        this.lingerNanos = lingerMs * 1_000_000L;
        this.deliveryTimeoutNanos = deliveryTimeoutMs * 1_000_000L;
        this.retryBackoffNanos = retryBackoffMs * 1_000_000L;
        this.retryBackoffMaxNanos = retryBackoffMaxMs * 1_000_000L;
        this.guaranteeOrderWithoutIdempotence = guaranteeOrderWithoutIdempotence;
        this.pool = pool;
        this.wakeSender = wakeSender;
    }

    /** An upper bound of a record's encoded size inside a batch. */
    public static int recordSizeUpperBound(byte[] key, byte[] value, Header[] headers) {
        int size = RECORD_OVERHEAD_UPPER_BOUND + (key == null ? 0 : key.length) + (value == null ? 0 : value.length);
        for (Header header : headers) {
            size += 10 + header.key().length() * 3 + (header.value() == null ? 0 : header.value().length);
        }
        return size;
    }

    /**
     * Appends a record; blocks up to {@code maxBlockMs} for memory when a new batch is needed.
     *
     * @throws TimeoutException if the memory does not become free in time
     */
    public FutureRecordMetadata append(TopicPartition tp, long timestamp, byte[] key, byte[] value, Header[] headers,
                                       Callback callback, long maxBlockMs) {
        return append(tp.topic(), tp.partition(), timestamp, key, value, headers, callback, maxBlockMs);
    }

    /** {@link #append(TopicPartition, long, byte[], byte[], Header[], Callback, long)} without a TopicPartition per record. */
    public FutureRecordMetadata append(String topic, int partition, long timestamp, byte[] key, byte[] value, Header[] headers,
                                       Callback callback, long maxBlockMs) {
        PartitionQueue queue = queueFor(topic, partition);
        int recordSize = recordSizeUpperBound(key, value, headers);
        synchronized (queue) {
            FutureRecordMetadata future = tryAppendLast(queue, timestamp, key, value, headers, callback, recordSize);
            if (future != null) {
                return future;
            }
        }
        long reserve = Math.max(batchSize, recordSize + RecordBatch.HEADER_SIZE);
        pool.reserve(reserve, maxBlockMs);
        boolean created = false;
        try {
            synchronized (queue) {
                if (aborted) {
                    throw new IllegalStateException("Cannot perform operation after producer has been closed");
                }
                // Another thread may have started a batch while we waited for memory.
                FutureRecordMetadata future = tryAppendLast(queue, timestamp, key, value, headers, callback, recordSize);
                if (future != null) {
                    return future;
                }
                ProducerBatch batch = new ProducerBatch(queue.tp, compression, (int) Math.min(reserve, Integer.MAX_VALUE),
                        reserve, System.nanoTime());
                future = batch.tryAppend(timestamp, key, value, headers, callback, recordSize, batchSize, queue.compressionRatio);
                queue.batches.addLast(batch);
                incomplete.add(batch);
                created = true;
                return future;
            }
        } finally {
            if (created) {
                wakeSender.run();
            } else {
                pool.release(reserve);
            }
        }
    }

    private FutureRecordMetadata tryAppendLast(PartitionQueue queue, long timestamp, byte[] key, byte[] value, Header[] headers,
                                               Callback callback, int recordSize) {
        ProducerBatch last = queue.batches.peekLast();
        if (last == null || last.isClosed()) {
            return null;
        }
        FutureRecordMetadata future = last.tryAppend(timestamp, key, value, headers, callback, recordSize, batchSize,
                queue.compressionRatio);
        if (future != null && last.isFull(batchSize)) {
            wakeSender.run();
        }
        return future;
    }

    private PartitionQueue queueFor(TopicPartition tp) {
        return queueFor(tp.topic(), tp.partition());
    }

    private PartitionQueue queueFor(String topic, int partition) {
        PartitionQueue[] byIndex = queues.get(topic);
        if (byIndex != null && partition < byIndex.length && byIndex[partition] != null) {
            return byIndex[partition];
        }
        synchronized (queues) {
            byIndex = queues.get(topic);
            if (byIndex == null || partition >= byIndex.length) {
                byIndex = byIndex == null ? new PartitionQueue[partition + 1] : java.util.Arrays.copyOf(byIndex, partition + 1);
            } else if (byIndex[partition] != null) {
                return byIndex[partition];
            } else {
                byIndex = byIndex.clone();
            }
            PartitionQueue created = new PartitionQueue(new TopicPartition(topic, partition));
            byIndex[partition] = created;
            queues.put(topic, byIndex); // a new array: readers never see one being filled
            queueList.add(created);
            return created;
        }
    }

    /** What {@link #ready} found. */
    public record ReadyCheck(Set<Node> readyNodes, long nextCheckDelayMs, Set<String> unknownLeaderTopics) {
    }

    public ReadyCheck ready(Cluster cluster, long now) {
        Set<Node> ready = new HashSet<>();
        Set<String> unknown = null;
        long nextDelayNanos = Long.MAX_VALUE;
        boolean forceSend = closing || flushesInProgress.get() > 0 || pool.hasWaiters();
        for (PartitionQueue queue : queueList) {
            synchronized (queue) {
                ProducerBatch head = queue.batches.peekFirst();
                if (head == null) {
                    continue;
                }
                Node leader = cluster.leaderFor(queue.tp);
                if (leader == null) {
                    if (unknown == null) {
                        unknown = new HashSet<>();
                    }
                    unknown.add(queue.tp.topic());
                    continue;
                }
                if (ready.contains(leader) || queue.isMuted(guaranteeOrderWithoutIdempotence)) {
                    continue;
                }
                long waitNanos;
                if (head.attempts > 0 && head.retryAfterNanos - now > 0) {
                    waitNanos = head.retryAfterNanos - now;
                } else if (forceSend || queue.batches.size() > 1 || head.isFull(batchSize)) {
                    waitNanos = 0;
                } else {
                    waitNanos = Math.max(0, head.createdNanos() + lingerNanos - now);
                }
                if (waitNanos == 0) {
                    ready.add(leader);
                } else {
                    nextDelayNanos = Math.min(nextDelayNanos, waitNanos);
                }
            }
        }
        long delayMs = nextDelayNanos == Long.MAX_VALUE ? Long.MAX_VALUE : Math.max(1, (nextDelayNanos + 999_999) / 1_000_000L);
        return new ReadyCheck(ready, delayMs, unknown == null ? Set.of() : unknown);
    }

    /**
     * Takes the batches to send to each of {@code nodes}: per node at most one batch per partition,
     * and no more than {@code maxRequestSize} bytes (the first batch always goes).
     *
     * @param idempotence producer id and epoch to stamp, or null for a producer without idempotence
     */
    public Map<Integer, List<ProducerBatch>> drain(Cluster cluster, Set<Node> nodes, int maxRequestSize,
                                                   IdempotenceState idempotence, long now) {
        Map<Integer, List<ProducerBatch>> out = new HashMap<>();
        if (nodes.isEmpty()) {
            return out;
        }
        Map<Integer, Integer> sizes = new HashMap<>();
        List<PartitionQueue> all = queueList;
        int count = all.size();
        if (count == 0) {
            return out;
        }
        int start = drainStart++ % count;
        for (int i = 0; i < count; i++) {
            PartitionQueue queue = all.get((start + i) % count);
            Node leader = cluster.leaderFor(queue.tp);
            if (leader == null || !nodes.contains(leader)) {
                continue;
            }
            synchronized (queue) {
                ProducerBatch head = queue.batches.peekFirst();
                if (head == null || queue.isMuted(guaranteeOrderWithoutIdempotence)) {
                    continue;
                }
                if (head.attempts > 0 && head.retryAfterNanos - now > 0) {
                    continue;
                }
                if (idempotence != null && head.baseSequence != RecordBatch.NO_SEQUENCE && queue.inFlight > 0) {
                    continue; // a retry waits until every earlier batch of its partition is resolved
                }
                int used = sizes.getOrDefault(leader.id(), 0);
                if (used > 0 && used + head.sizeInBytes() > maxRequestSize) {
                    continue;
                }
                queue.batches.pollFirst();
                if (!head.isClosed()) {
                    if (idempotence != null) {
                        queue.stampSequence(head, idempotence);
                    } else {
                        head.close(RecordBatch.NO_PRODUCER_ID, RecordBatch.NO_PRODUCER_EPOCH, RecordBatch.NO_SEQUENCE);
                    }
                    if (compression != CompressionType.NONE) {
                        queue.observeCompression(head);
                    }
                }
                queue.inFlight++;
                sizes.put(leader.id(), used + head.sizeInBytes());
                out.computeIfAbsent(leader.id(), id -> new ArrayList<>()).add(head);
            }
        }
        return out;
    }

    /** The batch came back with a retriable error: put it back at the front of its queue after a backoff. */
    public void reenqueue(ProducerBatch batch, long now) {
        PartitionQueue queue = queueFor(batch.topicPartition());
        synchronized (queue) {
            queue.inFlight--;
            batch.attempts++;
            long backoff = Math.min(retryBackoffMaxNanos, retryBackoffNanos << Math.min(batch.attempts - 1, 20));
            batch.retryAfterNanos = now + Math.max(0, backoff);
            if (batch.baseSequence == RecordBatch.NO_SEQUENCE) {
                queue.batches.addFirst(batch);
                return;
            }
            // Keep sequenced batches in sequence order ahead of unsequenced ones.
            List<ProducerBatch> ahead = new ArrayList<>();
            while (!queue.batches.isEmpty()) {
                ProducerBatch first = queue.batches.peekFirst();
                if (first.baseSequence == RecordBatch.NO_SEQUENCE || first.baseSequence > batch.baseSequence) {
                    break;
                }
                ahead.add(queue.batches.pollFirst());
            }
            queue.batches.addFirst(batch);
            for (int i = ahead.size() - 1; i >= 0; i--) {
                queue.batches.addFirst(ahead.get(i));
            }
        }
    }

    /** The broker wrote the batch. */
    public void complete(ProducerBatch batch, long baseOffset, long logAppendTime) {
        PartitionQueue queue = queueFor(batch.topicPartition());
        synchronized (queue) {
            queue.inFlight--;
            if (batch.baseSequence != RecordBatch.NO_SEQUENCE) {
                queue.onAcked(batch);
            }
        }
        if (batch.complete(baseOffset, logAppendTime)) {
            finish(batch);
        }
    }

    /** The batch failed for good; {@code wasInFlight} when it came back from a request. */
    public void fail(ProducerBatch batch, RuntimeException error, boolean wasInFlight) {
        if (wasInFlight) {
            PartitionQueue queue = queueFor(batch.topicPartition());
            synchronized (queue) {
                queue.inFlight--;
            }
        }
        if (batch.fail(error)) {
            finish(batch);
        }
    }

    /**
     * After the batch's result is set (by the one caller that set it): frees its memory, runs its
     * callbacks, and only then drops it from the incomplete set. flush() waits on a snapshot of that
     * set, so a batch must not leave it before its callbacks ran, or flush() could return while they
     * still run. The memory goes back first because a callback may send (and wait for memory).
     */
    private void finish(ProducerBatch batch) {
        pool.release(batch.reservedBytes());
        try {
            batch.fireCallbacks();
        } finally {
            incomplete.remove(batch);
        }
    }

    /** The partition state of {@code tp} (sender thread; lock it to read or change). */
    PartitionQueue partitionState(TopicPartition tp) {
        return queueFor(tp);
    }

    /**
     * Removes and fails every queued batch older than {@code delivery.timeout.ms} (batches in flight
     * are bounded by the request timeout and checked when they come back).
     */
    public void expire(long now) {
        for (PartitionQueue queue : queueList) {
            List<ProducerBatch> expired = null;
            synchronized (queue) {
                // A queue is in creation order (a retried batch goes back to the front, and it is older
                // than everything behind it), so the scan stops at the first batch still in time: the
                // sender runs this every loop turn, with up to buffer.memory / batch.size batches queued.
                ProducerBatch head;
                while ((head = queue.batches.peekFirst()) != null && now - head.createdNanos() - deliveryTimeoutNanos > 0) {
                    queue.batches.pollFirst();
                    if (expired == null) {
                        expired = new ArrayList<>();
                    }
                    expired.add(head);
                }
            }
            if (expired != null) {
                for (ProducerBatch batch : expired) {
                    fail(batch, new TimeoutException("Expiring " + batch.recordCount() + " record(s) for " + batch.topicPartition()
                            + ": " + (now - batch.createdNanos()) / 1_000_000L + " ms has passed since batch creation"), false);
                }
            }
        }
    }

    /** True when a delivery that failed now may not be retried any more. */
    public boolean deliveryTimedOut(ProducerBatch batch, long now) {
        return now - batch.createdNanos() - deliveryTimeoutNanos > 0;
    }

    /** Batches not yet done (queued or in flight). */
    public boolean hasIncomplete() {
        return !incomplete.isEmpty();
    }

    /** True if any batch is waiting in a queue (not in flight). */
    public boolean hasQueued() {
        for (PartitionQueue queue : queueList) {
            synchronized (queue) {
                if (!queue.batches.isEmpty()) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Every batch not yet done, for {@code flush()}. */
    public List<ProducerBatch> incompleteBatches() {
        return new ArrayList<>(incomplete);
    }

    public void beginFlush() {
        flushesInProgress.incrementAndGet();
    }

    public void endFlush() {
        flushesInProgress.decrementAndGet();
    }

    /** From now on every batch is sendable at once (close). */
    public void beginClose() {
        closing = true;
    }

    /** Fails every batch not yet done (forced close). */
    public void abortAll(RuntimeException error) {
        abortAll(error, false);
    }

    /**
     * Fails every batch not yet done; with {@code forever} also every later append (the sender has
     * stopped). A send racing with close either sees the flag under its queue's lock or has its batch
     * in the incomplete set before this runs, so no future is left hanging.
     */
    public void abortAll(RuntimeException error, boolean forever) {
        if (forever) {
            aborted = true;
        }
        for (PartitionQueue queue : queueList) {
            synchronized (queue) {
                queue.batches.clear();
            }
        }
        for (ProducerBatch batch : new ArrayList<>(incomplete)) {
            if (batch.fail(error)) {
                finish(batch);
            }
        }
    }

    /** Fails the queued (not in flight) batches of {@code tp} that already carry a sequence. */
    List<ProducerBatch> removeSequencedQueued(PartitionQueue queue) {
        List<ProducerBatch> removed = new ArrayList<>();
        synchronized (queue) {
            for (Iterator<ProducerBatch> it = queue.batches.iterator(); it.hasNext(); ) {
                ProducerBatch batch = it.next();
                if (batch.baseSequence != RecordBatch.NO_SEQUENCE) {
                    it.remove();
                    removed.add(batch);
                }
            }
        }
        return removed;
    }

    /**
     * One partition's queue and, for the idempotent producer, its sequence state. Guarded by its own
     * monitor.
     */
    static final class PartitionQueue {
        final TopicPartition tp;
        final ArrayDeque<ProducerBatch> batches = new ArrayDeque<>();
        int inFlight;
        int nextSequence;
        /** Last sequence the broker acknowledged, -1 before the first. */
        long lastAckedSequence = -1;
        /** Epoch of this partition's sequences; -1 until the first stamped batch. */
        short epoch = -1;
        /** A sequence gap was seen: restart at sequence 0 with epoch + 1 once nothing is in flight. */
        boolean resetPending;

        /**
         * Estimated compressed / uncompressed size of this partition's batches, so that compressed
         * batches fill up to batch.size after compression. Starts at 1 (no gain assumed); a batch that
         * compressed worse raises it at once (to 1.05 x what was seen), a better one lowers it slowly
         * (by 0.005 per batch), so an estimate rarely lets a batch outgrow batch.size by much.
         */
        float compressionRatio = 1.0f;

        PartitionQueue(TopicPartition tp) {
            this.tp = tp;
        }

        void observeCompression(ProducerBatch batch) {
            int uncompressed = batch.uncompressedRecordBytes();
            if (uncompressed <= 0) {
                return;
            }
            float observed = (float) (batch.sizeInBytes() - RecordBatch.HEADER_SIZE) / uncompressed;
            if (observed > compressionRatio) {
                compressionRatio = Math.min(1.0f, Math.max(compressionRatio, observed * 1.05f));
            } else {
                compressionRatio = Math.max(observed, compressionRatio - 0.005f);
            }
        }

        boolean isMuted(boolean guaranteeOrder) {
            return (guaranteeOrder && inFlight > 0) || (resetPending && inFlight > 0);
        }

        void stampSequence(ProducerBatch batch, IdempotenceState idempotence) {
            if (epoch < 0 || resetPending) {
                if (resetPending) {
                    epoch = (short) (epoch + 1);
                    resetPending = false;
                } else {
                    epoch = idempotence.epoch();
                }
                nextSequence = 0;
                lastAckedSequence = -1;
            }
            int sequence = nextSequence;
            nextSequence = IdempotenceState.incrementSequence(sequence, batch.recordCount());
            batch.close(idempotence.producerId(), epoch, sequence);
        }

        void onAcked(ProducerBatch batch) {
            if (batch.producerEpoch == epoch) {
                lastAckedSequence = IdempotenceState.incrementSequence(batch.baseSequence, batch.recordCount() - 1);
            }
        }

        /** True if {@code batch} is the next one the broker expects, so an out-of-order answer means a real gap. */
        boolean isNextExpected(ProducerBatch batch) {
            return batch.producerEpoch == epoch
                    && batch.baseSequence == IdempotenceState.incrementSequence((int) Math.max(lastAckedSequence, -1), 1);
        }
    }
}
