package io.sluice.clients.producer.internals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.clients.common.Node;
import io.sluice.clients.common.TimeoutException;
import io.sluice.clients.common.TopicPartition;
import io.sluice.clients.metadata.Cluster;
import io.sluice.clients.producer.RecordMetadata;
import io.sluice.record.CompressionType;
import io.sluice.record.Header;
import io.sluice.record.Record;
import io.sluice.record.RecordBatch;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RecordAccumulatorTest {

    private static final Header[] NO_HEADERS = new Header[0];
    private static final long MS = 1_000_000L;

    private final Cluster cluster = BuiltInPartitionerTest.cluster("t", 3, Set.of());
    private final Node leader = cluster.node(0);
    private final AtomicInteger wakeups = new AtomicInteger();

    private RecordAccumulator accumulator(int batchSize, long lingerMs, BufferPool pool, long deliveryTimeoutMs) {
        return new RecordAccumulator(batchSize, CompressionType.NONE, lingerMs, deliveryTimeoutMs, 100, 1000, false, pool,
                wakeups::incrementAndGet);
    }

    private static byte[] bytes(int size, int fill) {
        byte[] out = new byte[size];
        java.util.Arrays.fill(out, (byte) fill);
        return out;
    }

    @Test
    void recordsFillBatchesUpToBatchSizeAndAFullBatchIsReadyAtOnce() {
        RecordAccumulator accumulator = accumulator(1024, 60_000, new BufferPool(1 << 20), 120_000);
        TopicPartition tp = new TopicPartition("t", 1);
        long now = System.nanoTime();
        int appended = 0;
        while (accumulator.ready(cluster, now).readyNodes().isEmpty()) { // one open batch lingers
            accumulator.append(tp, 1000 + appended, null, bytes(100, appended), NO_HEADERS, null, 1000);
            appended++;
            assertThat(appended).isLessThan(20);
        }
        // The record that did not fit started a second batch, which makes the first one sendable.
        Map<Integer, List<ProducerBatch>> drained = accumulator.drain(cluster, Set.of(leader), 1 << 20, null, now);
        assertThat(drained.get(0)).hasSize(1); // one batch per partition per request
        ProducerBatch first = drained.get(0).get(0);
        int inFirst = appended - 1;
        assertThat(first.recordCount()).isEqualTo(inFirst);
        assertThat(first.sizeInBytes()).isLessThanOrEqualTo(1024).isGreaterThan(1024 - 2 * 140);
        RecordBatch batch = RecordBatch.at(first.buffer());
        batch.validate();
        List<Record> records = new ArrayList<>();
        batch.forEach(records::add);
        assertThat(records).hasSize(inFirst);
        assertThat(records.get(inFirst - 1).timestamp()).isEqualTo(1000 + inFirst - 1);
        assertThat(records.get(inFirst - 1).value()).isEqualTo(ByteBuffer.wrap(bytes(100, inFirst - 1)));
        assertThat(batch.producerId()).isEqualTo(RecordBatch.NO_PRODUCER_ID);
    }

    @Test
    void aLingeringBatchBecomesReadyAfterLingerMs() {
        RecordAccumulator accumulator = accumulator(16_384, 50, new BufferPool(1 << 20), 120_000);
        accumulator.append(new TopicPartition("t", 0), 1, null, bytes(10, 1), NO_HEADERS, null, 1000);
        long now = System.nanoTime();

        RecordAccumulator.ReadyCheck early = accumulator.ready(cluster, now);
        RecordAccumulator.ReadyCheck late = accumulator.ready(cluster, now + 51 * MS);

        assertThat(early.readyNodes()).isEmpty();
        assertThat(early.nextCheckDelayMs()).isBetween(1L, 50L);
        assertThat(late.readyNodes()).containsExactly(leader);
    }

    @Test
    void flushMakesEverythingReady() {
        RecordAccumulator accumulator = accumulator(16_384, 60_000, new BufferPool(1 << 20), 120_000);
        accumulator.append(new TopicPartition("t", 0), 1, null, bytes(10, 1), NO_HEADERS, null, 1000);
        accumulator.beginFlush();
        assertThat(accumulator.ready(cluster, System.nanoTime()).readyNodes()).containsExactly(leader);
        accumulator.endFlush();
        assertThat(accumulator.ready(cluster, System.nanoTime()).readyNodes()).isEmpty();
    }

    @Test
    void aFullBufferBlocksAppendsUntilMemoryIsFreedOrMaxBlockMsPasses() throws Exception {
        BufferPool pool = new BufferPool(2048);
        RecordAccumulator accumulator = accumulator(1024, 60_000, pool, 120_000);
        accumulator.append(new TopicPartition("t", 0), 1, null, bytes(10, 1), NO_HEADERS, null, 1000);
        accumulator.append(new TopicPartition("t", 1), 1, null, bytes(10, 1), NO_HEADERS, null, 1000);
        assertThat(pool.availableMemory()).isZero();

        assertThatThrownBy(() -> accumulator.append(new TopicPartition("t", 2), 1, null, bytes(10, 1), NO_HEADERS, null, 100))
                .isInstanceOf(TimeoutException.class).hasMessageContaining("Failed to allocate 1024 bytes within the configured max blocking time 100 ms");

        CompletableFuture<Object> blocked = CompletableFuture.supplyAsync(() ->
                accumulator.append(new TopicPartition("t", 2), 1, null, bytes(10, 2), NO_HEADERS, null, 60_000));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!pool.hasWaiters() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(blocked).isNotDone();
        assertThat(accumulator.ready(cluster, System.nanoTime()).readyNodes()).as("a waiter makes batches sendable").containsExactly(leader);
        Map<Integer, List<ProducerBatch>> drained = accumulator.drain(cluster, Set.of(leader), 1 << 20, null, System.nanoTime());
        accumulator.complete(drained.get(0).get(0), 0, -1);

        assertThat(blocked.get(30, TimeUnit.SECONDS)).isNotNull();
    }

    @Test
    void queuedBatchesExpireAfterDeliveryTimeoutWithTheirCallbacks() throws Exception {
        RecordAccumulator accumulator = accumulator(16_384, 60_000, new BufferPool(1 << 20), 1000);
        List<Exception> errors = new ArrayList<>();
        FutureRecordMetadata future = accumulator.append(new TopicPartition("t", 0), 1, null, bytes(10, 1), NO_HEADERS,
                (metadata, e) -> errors.add(e), 1000);
        long now = System.nanoTime();

        accumulator.expire(now);
        assertThat(future.isDone()).isFalse();
        accumulator.expire(now + 1001 * MS);

        assertThat(future.isDone()).isTrue();
        assertThatThrownBy(future::get).isInstanceOf(ExecutionException.class).hasCauseInstanceOf(TimeoutException.class)
                .hasMessageContaining("Expiring 1 record(s) for t-0");
        assertThat(errors).singleElement().isInstanceOf(TimeoutException.class);
        assertThat(accumulator.hasIncomplete()).isFalse();
    }

    /**
     * A batch counts as done (for its futures and for flush(), which waits on the incomplete set)
     * only after its callbacks ran: while a callback is still running on the completing thread, the
     * future is not done and the batch is still in the incomplete set.
     */
    @Test
    void aBatchIsDoneOnlyAfterItsCallbacksRan() throws Exception {
        BufferPool pool = new BufferPool(1 << 20);
        RecordAccumulator accumulator = accumulator(16_384, 0, pool, 120_000);
        java.util.concurrent.CountDownLatch callbackEntered = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch releaseCallback = new java.util.concurrent.CountDownLatch(1);
        AtomicInteger callbacksFinished = new AtomicInteger();
        FutureRecordMetadata future = accumulator.append(new TopicPartition("t", 0), 1, null, bytes(10, 1), NO_HEADERS,
                (metadata, e) -> {
                    callbackEntered.countDown();
                    try {
                        releaseCallback.await();
                    } catch (InterruptedException interrupted) {
                        Thread.currentThread().interrupt();
                    }
                    callbacksFinished.incrementAndGet();
                }, 1000);
        Map<Integer, List<ProducerBatch>> drained = accumulator.drain(cluster, Set.of(leader), 1 << 20, null, System.nanoTime());
        ProducerBatch batch = drained.get(0).get(0);

        CompletableFuture<Void> completing = CompletableFuture.runAsync(() -> accumulator.complete(batch, 7, -1));
        assertThat(callbackEntered.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(future.isDone()).as("done while its callback still runs").isFalse();
        assertThat(accumulator.incompleteBatches()).as("what flush() waits on").containsExactly(batch);
        assertThat(accumulator.hasIncomplete()).isTrue();

        // A forced close racing with the completion must not fail or release the batch a second time.
        accumulator.abortAll(new IllegalStateException("closing"));
        assertThat(future.isDone()).isFalse();

        releaseCallback.countDown();
        batch.awaitDone();
        assertThat(callbacksFinished.get()).as("awaitDone (flush) returned after the callback").isEqualTo(1);
        assertThat(future.get().offset()).isEqualTo(7);
        completing.get(30, TimeUnit.SECONDS);
        assertThat(accumulator.hasIncomplete()).isFalse();
        assertThat(pool.availableMemory()).as("memory released once").isEqualTo(1 << 20);
    }

    @Test
    void completionGivesEachRecordItsOffsetAndRunsCallbacksInOrder() throws Exception {
        RecordAccumulator accumulator = accumulator(16_384, 0, new BufferPool(1 << 20), 120_000);
        List<Long> callbackOffsets = new ArrayList<>();
        List<FutureRecordMetadata> futures = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            futures.add(accumulator.append(new TopicPartition("t", 2), 100 + i, "k".getBytes(StandardCharsets.UTF_8), bytes(7, i),
                    NO_HEADERS, (metadata, e) -> callbackOffsets.add(metadata.offset()), 1000));
        }
        ProducerBatch batch = accumulator.drain(cluster, Set.of(leader), 1 << 20, null, System.nanoTime()).get(0).get(0);
        accumulator.complete(batch, 40, -1);

        assertThat(callbackOffsets).containsExactly(40L, 41L, 42L, 43L, 44L);
        RecordMetadata third = futures.get(2).get();
        assertThat(third).isEqualTo(new RecordMetadata("t", 2, 42, 102, 1, 7));
    }

    @Test
    void idempotentBatchesGetConsecutiveSequencesAndRetriesReturnInSequenceOrder() {
        RecordAccumulator accumulator = accumulator(200, 0, new BufferPool(1 << 20), 120_000);
        TopicPartition tp = new TopicPartition("t", 0);
        IdempotenceState ids = new IdempotenceState(77, (short) 3);
        List<ProducerBatch> sent = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            accumulator.append(tp, 1, null, bytes(30, i), NO_HEADERS, null, 1000);
            accumulator.append(tp, 1, null, bytes(30, i), NO_HEADERS, null, 1000);
            sent.addAll(accumulator.drain(cluster, Set.of(leader), 1 << 20, ids, System.nanoTime()).get(0));
        }
        assertThat(sent).extracting(b -> RecordBatch.at(b.buffer()).baseSequence()).containsExactly(0, 2, 4);
        assertThat(RecordBatch.at(sent.get(1).buffer()).producerId()).isEqualTo(77);
        assertThat(RecordBatch.at(sent.get(1).buffer()).producerEpoch()).isEqualTo((short) 3);

        long now = System.nanoTime();
        accumulator.reenqueue(sent.get(2), now);
        accumulator.reenqueue(sent.get(1), now);
        accumulator.complete(sent.get(0), 0, -1);
        // The retry waits out its backoff, then goes first and alone (nothing else of the partition in flight).
        assertThat(accumulator.drain(cluster, Set.of(leader), 1 << 20, ids, now)).isEmpty();
        List<ProducerBatch> retried = accumulator.drain(cluster, Set.of(leader), 1 << 20, ids, now + 200 * MS).get(0);
        assertThat(retried).containsExactly(sent.get(1));
        assertThat(accumulator.drain(cluster, Set.of(leader), 1 << 20, ids, now + 200 * MS)).isEmpty();
        accumulator.complete(sent.get(1), 2, -1);
        assertThat(accumulator.drain(cluster, Set.of(leader), 1 << 20, ids, now + 200 * MS).get(0)).containsExactly(sent.get(2));
    }

    @Test
    void afterTheSenderStopsQueuedRecordsFailAndNewAppendsAreRefused() {
        BufferPool pool = new BufferPool(1 << 20);
        RecordAccumulator accumulator = accumulator(16_384, 60_000, pool, 120_000);
        FutureRecordMetadata queued = accumulator.append(new TopicPartition("t", 0), 1, null, bytes(10, 1), NO_HEADERS, null, 1000);

        accumulator.abortAll(new io.sluice.clients.common.SluiceException("Producer closed"), true);

        assertThat(queued.isDone()).isTrue();
        assertThatThrownBy(queued::get).hasMessageContaining("Producer closed");
        assertThat(pool.availableMemory()).isEqualTo(1 << 20);
        assertThatThrownBy(() -> accumulator.append(new TopicPartition("t", 0), 1, null, bytes(10, 1), NO_HEADERS, null, 1000))
                .isInstanceOf(IllegalStateException.class);
        assertThat(pool.availableMemory()).isEqualTo(1 << 20);
    }

    @Test
    void compressedBatchesGrowAsTheCompressionRatioIsLearned() {
        RecordAccumulator accumulator = new RecordAccumulator(4096, CompressionType.GZIP, 60_000, 120_000, 100, 1000, false,
                new BufferPool(64 << 20), wakeups::incrementAndGet);
        TopicPartition tp = new TopicPartition("t", 0);
        List<Integer> recordsPerBatch = new ArrayList<>();
        for (int batch = 0; batch < 60; batch++) {
            long now = System.nanoTime();
            while (accumulator.ready(cluster, now).readyNodes().isEmpty()) {
                accumulator.append(tp, 1, null, bytes(500, 'a'), NO_HEADERS, null, 1000);
            }
            ProducerBatch drained = accumulator.drain(cluster, Set.of(leader), 1 << 20, null, now).get(0).get(0);
            recordsPerBatch.add(drained.recordCount());
            assertThat(drained.sizeInBytes()).isLessThanOrEqualTo(4096);
            accumulator.complete(drained, 0, -1);
        }
        // Uncompressed, about 7 such records fill 4 KiB; the learned ratio lets later batches hold more.
        assertThat(recordsPerBatch.get(0)).isLessThanOrEqualTo(8);
        assertThat(recordsPerBatch.get(59)).isGreaterThan(recordsPerBatch.get(0));
    }
}
