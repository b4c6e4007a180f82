package io.sluice.server.api;

import io.sluice.protocol.Errors;
import io.sluice.protocol.Struct;
import io.sluice.server.log.TopicPartition;
import io.sluice.server.partition.Partition;
import io.sluice.server.partition.PartitionManager;
import io.sluice.server.purgatory.DelayedOperation;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * An acks=all produce waiting until every appended partition's high watermark reaches the end of its
 * batch. A partition whose leadership moves away meanwhile answers NOT_LEADER_OR_FOLLOWER; one whose
 * ISR shrank below min.insync.replicas by the time the HW passes answers
 * NOT_ENOUGH_REPLICAS_AFTER_APPEND; those still waiting at timeout_ms answer REQUEST_TIMED_OUT.
 *
 * <p>The partition responses were filled in (offsets) when the batches were appended; this only
 * sets error codes. Both are guarded by this object's monitor because expiry runs on the timer thread
 * while a wake-up may be checking on another.
 */
final class DelayedProduce extends DelayedOperation {

    /** One appended partition: its response entry and the offset the high watermark must reach. */
    record PendingPartition(TopicPartition topicPartition, long requiredOffset, Struct response) {
    }

    private final List<PendingPartition> pending;
    private final boolean[] acked;
    private final PartitionManager partitions;
    private final Struct response;
    private final CompletableFuture<Struct> answer;

    DelayedProduce(long timeoutMs, List<PendingPartition> pending, PartitionManager partitions, Struct response,
                   CompletableFuture<Struct> answer) {
        super(timeoutMs);
        this.pending = pending;
        this.acked = new boolean[pending.size()];
        this.partitions = partitions;
        this.response = response;
        this.answer = answer;
    }

    @Override
    protected synchronized boolean tryComplete() {
        boolean all = true;
        for (int i = 0; i < pending.size(); i++) {
            if (!acked[i]) {
                acked[i] = check(pending.get(i));
                all &= acked[i];
            }
        }
        return all && forceComplete();
    }

    /** True once this partition has its answer (acknowledged, or an error set). */
    private boolean check(PendingPartition p) {
        Optional<Partition> found = partitions.partition(p.topicPartition());
        if (found.isEmpty() || !found.get().isLeader()) {
            ProduceHandler.setError(p.response(), Errors.NOT_LEADER_OR_FOLLOWER,
                    "Leadership of " + p.topicPartition() + " moved while waiting for acks=all");
            return true;
        }
        Partition partition = found.get();
        if (partition.highWatermark() < p.requiredOffset()) {
            return false;
        }
        int minIsr = partition.log().config().minInSyncReplicas();
        if (partition.isr().size() < minIsr) {
            ProduceHandler.setError(p.response(), Errors.NOT_ENOUGH_REPLICAS_AFTER_APPEND,
                    "The ISR of " + p.topicPartition() + " shrank below min.insync.replicas " + minIsr);
        }
        return true;
    }

    @Override
    protected synchronized void onExpiration() {
        for (int i = 0; i < pending.size(); i++) {
            if (!acked[i]) {
                ProduceHandler.setError(pending.get(i).response(), Errors.REQUEST_TIMED_OUT,
                        "The high watermark did not reach " + pending.get(i).requiredOffset() + " within the timeout");
            }
        }
    }

    @Override
    protected synchronized void onComplete() {
        answer.complete(response);
    }
}
