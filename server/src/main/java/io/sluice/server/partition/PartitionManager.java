package io.sluice.server.partition;

import io.sluice.server.log.KafkaStorageException;
import io.sluice.server.log.Log;
import io.sluice.server.log.LogAppendInfo;
import io.sluice.server.log.LogConfig;
import io.sluice.server.log.LogManager;
import io.sluice.server.log.TopicPartition;
import io.sluice.server.metadata.MetadataCache;
import io.sluice.server.metadata.MetadataListener;
import io.sluice.server.metadata.PartitionMetadata;
import io.sluice.server.metadata.TopicMetadata;
import io.sluice.server.purgatory.DelayedOperation;
import io.sluice.server.purgatory.DelayedOperationPurgatory;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The partitions this broker holds and what it does as their leader (Kafka's ReplicaManager role).
 *
 * <p>It follows the {@link MetadataCache}: for every partition whose state names this broker as
 * leader it opens (or creates) the log with the topic's config, records the new leader epoch and
 * starts serving; a partition led elsewhere stops serving (NOT_LEADER_OR_FOLLOWER) but keeps its log
 * for when this broker follows it; a deleted topic's logs are deleted. Followers (replica fetchers)
 * are a later step: {@link Partition} already tracks every replica's log end offset.
 *
 * <p>It also owns the two purgatories of the data plane, keyed by {@link TopicPartition}: acks=all
 * produces wait in one until the high watermark covers them, long-polling fetches in the other until
 * enough data arrives. Every append and high-watermark move wakes the right one.
 *
 * <p>Thread safety: metadata changes arrive on the metadata event thread, one at a time; the partition
 * map is concurrent and each {@link Partition} guards its own state, so handler threads read freely.
 */
public final class PartitionManager implements MetadataListener, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PartitionManager.class);
    private static final int PURGE_INTERVAL = 1000;

    private final int brokerId;
    private final LogManager logManager;
    private final MetadataCache metadataCache;
    private final Function<String, LogConfig> topicConfigs;
    private final Map<TopicPartition, Partition> partitions = new ConcurrentHashMap<>();
    private final DelayedOperationPurgatory<DelayedOperation> producePurgatory =
            new DelayedOperationPurgatory<>("produce", PURGE_INTERVAL);
    private final DelayedOperationPurgatory<DelayedOperation> fetchPurgatory =
            new DelayedOperationPurgatory<>("fetch", PURGE_INTERVAL);

    /**
     * @param topicConfigs the effective log config of a topic (its ZooKeeper overrides over the
     *     broker's defaults), read when this broker becomes a partition's leader
     */
    public PartitionManager(int brokerId, LogManager logManager, MetadataCache metadataCache,
                            Function<String, LogConfig> topicConfigs) {
        this.brokerId = brokerId;
        this.logManager = logManager;
        this.metadataCache = metadataCache;
        this.topicConfigs = topicConfigs;
    }

    public int brokerId() {
        return brokerId;
    }

    public DelayedOperationPurgatory<DelayedOperation> producePurgatory() {
        return producePurgatory;
    }

    public DelayedOperationPurgatory<DelayedOperation> fetchPurgatory() {
        return fetchPurgatory;
    }

    // ---------------------------------------------------------------- metadata

    @Override
    public void onTopicChanged(String name, TopicMetadata topic) {
        if (topic == null || topic.markedForDeletion()) {
            // Deletion: stop serving and remove the logs (Kafka's StopReplica with delete=true). The
            // controller removes the znodes once replicas are gone; a re-created topic starts empty.
            removeTopic(name);
            return;
        }
        for (PartitionMetadata state : topic.partitions().values()) {
            TopicPartition tp = new TopicPartition(name, state.partition());
            try {
                if (state.leader() == brokerId) {
                    becomeLeader(tp, topic.topicId(), state);
                } else {
                    Partition partition = partitions.get(tp);
                    if (partition != null && partition.isLeader()) {
                        partition.makeFollower(state.leaderEpoch(), state.replicas());
                        log.info("Broker {} stopped leading {} (leader now {}, epoch {})", brokerId, tp,
                                state.leader(), state.leaderEpoch());
                        wakeWaiters(tp);
                    }
                }
            } catch (RuntimeException e) {
                log.error("Broker {} could not apply the state of {}: {}", brokerId, tp, e.toString());
            }
        }
    }

    private void becomeLeader(TopicPartition tp, UUID topicId, PartitionMetadata state) {
        Partition partition = partitions.get(tp);
        if (partition == null) {
            Log partitionLog = openLog(tp, topicId);
            partition = new Partition(tp, brokerId, partitionLog);
            partitions.put(tp, partition);
        }
        if (partition.makeLeader(state.leaderEpoch(), state.replicas(), state.isr())) {
            log.info("Broker {} leads {} at epoch {} (isr {}, log end offset {})", brokerId, tp,
                    state.leaderEpoch(), partition.isr(), partition.logEndOffset());
            wakeWaiters(tp);
        }
    }

    private Log openLog(TopicPartition tp, UUID topicId) {
        LogConfig config = topicConfigs.apply(tp.topic());
        Optional<Log> existing = logManager.getLog(tp);
        if (existing.isPresent() && topicId != null && existing.get().topicId().isPresent()
                && !existing.get().topicId().get().equals(topicId)) {
            // Left over from an earlier topic of the same name that was deleted while this broker was away.
            log.info("Deleting the log of {} left by an earlier topic id {}", tp, existing.get().topicId().get());
            logManager.deleteLog(tp);
        }
        Log partitionLog = logManager.getOrCreateLog(tp, config, topicId);
        partitionLog.updateConfig(config);
        return partitionLog;
    }

    private void removeTopic(String name) {
        List<TopicPartition> doomed = new ArrayList<>();
        for (TopicPartition tp : partitions.keySet()) {
            if (tp.topic().equals(name)) {
                doomed.add(tp);
            }
        }
        for (var l : logManager.allLogs()) {
            if (l.topicPartition().topic().equals(name) && !doomed.contains(l.topicPartition())) {
                doomed.add(l.topicPartition());
            }
        }
        for (TopicPartition tp : doomed) {
            Partition partition = partitions.remove(tp);
            if (partition != null) {
                partition.makeFollower(partition.leaderEpoch(), partition.replicas());
                wakeWaiters(tp);
            }
            try {
                if (logManager.deleteLog(tp)) {
                    log.info("Broker {} deleted the log of {}", brokerId, tp);
                }
            } catch (KafkaStorageException e) {
                log.error("Broker {} could not delete the log of {}: {}", brokerId, tp, e.getMessage());
            }
        }
    }

    /** Waiting produces and fetches re-check: they answer NOT_LEADER_OR_FOLLOWER or see the new state. */
    private void wakeWaiters(TopicPartition tp) {
        producePurgatory.checkAndComplete(tp);
        fetchPurgatory.checkAndComplete(tp);
    }

    // ---------------------------------------------------------------- lookups

    /** The partition if this broker holds its log (leader or not). */
    public Optional<Partition> partition(TopicPartition tp) {
        return Optional.ofNullable(partitions.get(tp));
    }

    /**
     * The partition if this broker leads it; otherwise throws UnknownTopicOrPartitionException (the
     * cluster has no such partition) or NotLeaderOrFollowerException (another broker leads it, or
     * nobody does right now).
     */
    public Partition leaderPartition(TopicPartition tp) {
        Partition partition = partitions.get(tp);
        if (partition != null && partition.isLeader()) {
            return partition;
        }
        if (metadataCache.partition(tp.topic(), tp.partition()).isEmpty()) {
            throw new UnknownTopicOrPartitionException("This server does not host " + tp);
        }
        throw new NotLeaderOrFollowerException("Broker " + brokerId + " is not the leader of " + tp);
    }

    // ---------------------------------------------------------------- writes

    /**
     * Appends a producer's batch to a partition this broker leads and wakes whoever waits for it.
     * Exceptions are the log's and the partition's (see {@code ErrorMapping}).
     */
    public LogAppendInfo appendToLeader(TopicPartition tp, ByteBuffer records, int requiredAcks) {
        Partition partition = leaderPartition(tp);
        LogAppendInfo info = partition.appendAsLeader(records, requiredAcks);
        if (!info.duplicate()) {
            wakeWaiters(tp);
        }
        return info;
    }

    /** A follower fetched {@code tp} from {@code fetchOffset}: record its progress, wake produces if the HW moved. */
    public void onFollowerFetch(Partition partition, int replicaId, long fetchOffset) {
        if (partition.updateFollowerEndOffset(replicaId, fetchOffset)) {
            wakeWaiters(partition.topicPartition());
        }
    }

    /** The log start offset moved (DeleteRecords): wake fetches that may now be out of range. */
    public void onLogStartOffsetMoved(Partition partition) {
        partition.maybeIncrementHighWatermark();
        wakeWaiters(partition.topicPartition());
    }

    /** Answers every parked produce and fetch now; the first step of a shutdown (see SluiceServer). */
    public void expireDelayedOperations() {
        producePurgatory.expireAll();
        fetchPurgatory.expireAll();
    }

    @Override
    public void close() {
        producePurgatory.close();
        fetchPurgatory.close();
        partitions.clear();
    }
}
