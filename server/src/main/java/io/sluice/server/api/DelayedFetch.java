package io.sluice.server.api;

import io.sluice.protocol.Struct;
import io.sluice.server.log.LogReadResult;
import io.sluice.server.partition.Partition;
import io.sluice.server.partition.PartitionManager;
import io.sluice.server.purgatory.DelayedOperation;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * A fetch waiting for min_bytes of data (long polling). It completes early when, counting from the
 * fetch offsets, its partitions together have at least min_bytes readable (below the high watermark
 * for consumers, the log end offset for followers), or when any partition needs an error answer (not
 * the leader any more, epoch changed, offset out of range); otherwise after max_wait_ms. Either way
 * the partitions are read again from scratch on completion, so the response is current.
 *
 * <p>Checking costs nothing for partitions without new data (two volatile reads); with min_bytes
 * above one it sizes the readable batches with an index lookup and a header scan, never copying data.
 */
final class DelayedFetch extends DelayedOperation {

    private final FetchHandler.FetchParams params;
    private final PartitionManager partitions;
    private final Supplier<Struct> newResponse;
    private final CompletableFuture<Struct> answer;

    DelayedFetch(FetchHandler.FetchParams params, PartitionManager partitions, Supplier<Struct> newResponse,
                 CompletableFuture<Struct> answer) {
        super(params.maxWaitMs());
        this.params = params;
        this.partitions = partitions;
        this.newResponse = newResponse;
        this.answer = answer;
    }

    @Override
    protected boolean tryComplete() {
        long available = 0;
        for (List<FetchHandler.PartitionFetch> topic : params.topics()) {
            for (FetchHandler.PartitionFetch fetch : topic) {
                Optional<Partition> found = partitions.partition(fetch.topicPartition());
                if (found.isEmpty() || !found.get().isLeader()) {
                    return forceComplete();
                }
                Partition partition = found.get();
                int epoch = fetch.currentLeaderEpoch();
                if (epoch != -1 && epoch != partition.leaderEpoch()) {
                    return forceComplete();
                }
                long end = params.fromFollower() ? partition.logEndOffset() : partition.highWatermark();
                if (fetch.fetchOffset() < partition.logStartOffset() || fetch.fetchOffset() > partition.logEndOffset()) {
                    return forceComplete();
                }
                if (end > fetch.fetchOffset()) {
                    if (params.minBytes() <= 1) {
                        return forceComplete();
                    }
                    available += readableBytes(partition, fetch, end);
                    if (available >= params.minBytes()) {
                        return forceComplete();
                    }
                }
            }
        }
        return false;
    }

    private static long readableBytes(Partition partition, FetchHandler.PartitionFetch fetch, long end) {
        try (LogReadResult read = partition.log().read(fetch.fetchOffset(), fetch.maxBytes(), end, true)) {
            return read.records().length();
        } catch (RuntimeException e) {
            // Out of range or a storage error: complete, and let the real read report it.
            return Long.MAX_VALUE / 4;
        }
    }

    @Override
    protected void onComplete() {
        try {
            answer.complete(FetchHandler.read(partitions, params, newResponse.get()).response());
        } catch (RuntimeException e) {
            answer.completeExceptionally(e);
        }
    }
}
