package io.sluice.server.group;

import io.sluice.protocol.Errors;
import io.sluice.record.RecordBatch;
import io.sluice.record.RecordBatchBuilder;
import io.sluice.record.RecordBatches;
import io.sluice.record.RecordCursor;
import io.sluice.server.group.GroupRecords.OffsetKey;
import io.sluice.server.group.GroupRecords.OffsetValue;
import io.sluice.server.log.Log;
import io.sluice.server.log.LogReadResult;
import io.sluice.server.log.SegmentSlice;
import io.sluice.server.log.TopicPartition;
import io.sluice.server.partition.NotLeaderOrFollowerException;
import io.sluice.server.partition.Partition;
import io.sluice.server.partition.PartitionManager;
import io.sluice.server.purgatory.DelayedOperation;
import io.sluice.server.topic.TopicManager;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Committed offsets of groups, kept in {@code __consumer_offsets} and cached per partition of that topic
 * this broker leads.
 *
 * <p>A commit is appended to the group's partition as one batch of offset commit records (layouts in
 * {@link GroupRecords}) and answered only when the high watermark covers the batch (acks=all). Then, and
 * when a partition is loaded, each record goes through the same {@link #replay} that updates the cache;
 * every cached offset remembers the log offset of its record, so a commit answered late never overwrites
 * a later one.
 *
 * <p>A partition is loaded lazily, on the first group request after this broker became its leader: its
 * log is read from the start to the log end and replayed. A cache is tied to the leader epoch it was
 * loaded under, so leadership lost and regained reloads it.
 *
 * <p>Group membership is not implemented yet, so every group is a "simple" group without members: a
 * commit with generation -1 is accepted (as Kafka does for groups not using group management), and a
 * commit naming a generation gets UNKNOWN_MEMBER_ID (the group has offsets, so Kafka would know it as an
 * Empty group) or ILLEGAL_GENERATION (unknown group), as Kafka answers those cases.
 *
 * <p>Thread-safe: a partition's cache is guarded by its own monitor; loading holds it.
 */
public final class OffsetManager {

    private static final Logger log = LoggerFactory.getLogger(OffsetManager.class);

    /** Kafka's offset.metadata.max.bytes default: longer commit metadata is refused. */
    static final int MAX_METADATA_BYTES = 4096;
    /** Kafka's offsets.commit.timeout.ms default: how long a commit waits for the replicas. */
    static final long COMMIT_TIMEOUT_MS = 5_000;
    private static final int LOAD_READ_BYTES = 1 << 20;

    /** A committed offset and the log offset of the record that carried it. */
    private record Committed(OffsetValue value, long logOffset) {
    }

    /** The cache of one {@code __consumer_offsets} partition, loaded under leader epoch {@code epoch}. */
    private static final class PartitionCache {
        final int epoch;
        final Map<String, Map<TopicPartition, Committed>> groups = new HashMap<>();

        PartitionCache(int epoch) {
            this.epoch = epoch;
        }
    }

    private final PartitionManager partitionManager;
    private final CoordinatorLookup lookup;
    private final long retentionMs;
    private final Map<Integer, PartitionCache> caches = new ConcurrentHashMap<>();
    private final Map<Integer, Object> locks = new ConcurrentHashMap<>();

    /**
     * @param retentionMs {@code offsets.retention.minutes} in milliseconds: how long an offset of a group
     *        without members is kept after its commit (see {@link #expireOffsets})
     */
    public OffsetManager(PartitionManager partitionManager, CoordinatorLookup lookup, long retentionMs) {
        this.partitionManager = partitionManager;
        this.lookup = lookup;
        this.retentionMs = retentionMs;
    }

    // ---------------------------------------------------------------- expiry

    /**
     * Deletes (with tombstones) every cached offset committed at least {@code retentionMs} before
     * {@code now}, in the partitions this broker still leads. These groups have no members, so, as Kafka
     * does for groups without a protocol type, each offset expires on its own commit timestamp; a group
     * whose offsets all expire also gets a tombstone for its metadata. Run periodically
     * ({@code offsets.retention.check.interval.ms}).
     *
     * @return how many offsets were deleted
     */
    public int expireOffsets(long now) {
        int expired = 0;
        for (Integer p : List.copyOf(caches.keySet())) {
            Map<String, List<TopicPartition>> byGroup = new LinkedHashMap<>();
            Map<String, Boolean> wholeGroup = new HashMap<>();
            int epoch;
            synchronized (lock(p)) {
                PartitionCache cache = caches.get(p);
                Partition partition = partitionManager.partition(new TopicPartition(TopicManager.OFFSETS_TOPIC, p))
                        .orElse(null);
                if (cache == null || partition == null || !partition.isLeader() || partition.leaderEpoch() != cache.epoch) {
                    continue;
                }
                epoch = cache.epoch;
                cache.groups.forEach((group, committed) -> {
                    List<TopicPartition> old = new ArrayList<>();
                    committed.forEach((tp, c) -> {
                        if (c.value().commitTimestamp() + retentionMs <= now) {
                            old.add(tp);
                        }
                    });
                    if (!old.isEmpty()) {
                        byGroup.put(group, old);
                        wholeGroup.put(group, old.size() == committed.size());
                    }
                });
            }
            for (Map.Entry<String, List<TopicPartition>> e : byGroup.entrySet()) {
                try {
                    writeTombstones(p, epoch, e.getKey(), e.getValue(), wholeGroup.get(e.getKey()));
                    expired += e.getValue().size();
                } catch (CoordinatorException ex) {
                    break; // leadership moved: the new leader expires them
                }
            }
        }
        if (expired > 0) {
            log.info("Expired {} committed offsets older than {} ms", expired, retentionMs);
        }
        return expired;
    }

    // ---------------------------------------------------------------- reads

    /**
     * The committed offsets of {@code groupId}: of {@code partitions}, or all of them when null. A
     * partition without a commit is absent from the answer.
     *
     * @throws CoordinatorException NOT_COORDINATOR when this broker does not lead the group's partition
     */
    public Map<TopicPartition, OffsetValue> fetch(String groupId, List<TopicPartition> partitions) {
        int p = lookup.partitionFor(groupId);
        Object lock = lock(p);
        synchronized (lock) {
            PartitionCache cache = loadedCache(p);
            Map<TopicPartition, Committed> committed = cache.groups.getOrDefault(groupId, Map.of());
            Map<TopicPartition, OffsetValue> answer = new LinkedHashMap<>();
            if (partitions == null) {
                committed.forEach((tp, c) -> answer.put(tp, c.value()));
            } else {
                for (TopicPartition tp : partitions) {
                    Committed c = committed.get(tp);
                    if (c != null) {
                        answer.put(tp, c.value());
                    }
                }
            }
            return answer;
        }
    }

    /**
     * Whether {@code groupId} exists: here, whether it has committed offsets (a group without members
     * and without offsets is gone, as in Kafka).
     *
     * @throws CoordinatorException NOT_COORDINATOR when this broker does not lead the group's partition
     */
    public boolean groupExists(String groupId) {
        int p = lookup.partitionFor(groupId);
        synchronized (lock(p)) {
            return loadedCache(p).groups.containsKey(groupId);
        }
    }

    /** The groups of every {@code __consumer_offsets} partition this broker leads (loading them first). */
    public List<String> listGroups() {
        List<String> groups = new ArrayList<>();
        for (int p = 0; p < lookup.partitionCount(); p++) {
            boolean leader = partitionManager.partition(new TopicPartition(TopicManager.OFFSETS_TOPIC, p))
                    .map(Partition::isLeader).orElse(false);
            if (!leader) {
                continue;
            }
            synchronized (lock(p)) {
                try {
                    groups.addAll(loadedCache(p).groups.keySet());
                } catch (CoordinatorException e) {
                    // leadership moved meanwhile: the new leader lists these groups
                }
            }
        }
        return groups;
    }

    // ---------------------------------------------------------------- commits

    /**
     * Commits offsets for {@code groupId} and completes with each partition's error once the records are
     * replicated (or failed).
     *
     * @throws CoordinatorException for errors of the whole request (NOT_COORDINATOR...)
     */
    public CompletableFuture<Map<TopicPartition, Errors>> commit(String groupId, int generation, String memberId,
                                                                 Map<TopicPartition, OffsetValue> offsets) {
        int p = lookup.partitionFor(groupId);
        TopicPartition offsetsPartition = new TopicPartition(TopicManager.OFFSETS_TOPIC, p);
        Map<TopicPartition, Errors> errors = new LinkedHashMap<>();
        Map<TopicPartition, OffsetValue> accepted = new LinkedHashMap<>();
        int epoch;
        synchronized (lock(p)) {
            PartitionCache cache = loadedCache(p);
            epoch = cache.epoch;
            if (generation >= 0) {
                // No group here has members: Kafka answers a generation-based commit to an Empty group
                // with UNKNOWN_MEMBER_ID, and to a group it does not know with ILLEGAL_GENERATION.
                Errors refusal = cache.groups.containsKey(groupId) ? Errors.UNKNOWN_MEMBER_ID : Errors.ILLEGAL_GENERATION;
                offsets.keySet().forEach(tp -> errors.put(tp, refusal));
                return CompletableFuture.completedFuture(errors);
            }
        }
        for (Map.Entry<TopicPartition, OffsetValue> e : offsets.entrySet()) {
            if (e.getValue().metadata().length() > MAX_METADATA_BYTES) {
                errors.put(e.getKey(), Errors.OFFSET_METADATA_TOO_LARGE);
            } else {
                errors.put(e.getKey(), Errors.NONE);
                accepted.put(e.getKey(), e.getValue());
            }
        }
        if (accepted.isEmpty()) {
            return CompletableFuture.completedFuture(errors);
        }
        RecordBatchBuilder batch = new RecordBatchBuilder(lookup.recordCompression());
        for (Map.Entry<TopicPartition, OffsetValue> e : accepted.entrySet()) {
            TopicPartition tp = e.getKey();
            batch.append(e.getValue().commitTimestamp(), GroupRecords.offsetKey(groupId, tp.topic(), tp.partition()),
                    GroupRecords.offsetValue(e.getValue()));
        }
        return appendAndAwait(p, epoch, batch, (cache, firstOffset) -> {
            long offset = firstOffset;
            for (Map.Entry<TopicPartition, OffsetValue> e : accepted.entrySet()) {
                apply(cache, groupId, e.getKey(), e.getValue(), offset++);
            }
        }).thenApply(outcome -> {
            if (outcome != Errors.NONE) {
                accepted.keySet().forEach(tp -> errors.put(tp, outcome));
            }
            return errors;
        });
    }

    // ---------------------------------------------------------------- deletions

    /**
     * Deletes a group (here always without members, so Kafka's NON_EMPTY_GROUP never applies): writes a
     * tombstone for each of its offsets and for its metadata.
     *
     * @return NONE, GROUP_ID_NOT_FOUND for a group with no offsets, or the write's error
     * @throws CoordinatorException for errors of the whole request (NOT_COORDINATOR...)
     */
    public CompletableFuture<Errors> deleteGroup(String groupId) {
        int p = lookup.partitionFor(groupId);
        List<TopicPartition> partitions;
        int epoch;
        synchronized (lock(p)) {
            PartitionCache cache = loadedCache(p);
            epoch = cache.epoch;
            Map<TopicPartition, Committed> committed = cache.groups.get(groupId);
            if (committed == null) {
                return CompletableFuture.completedFuture(Errors.GROUP_ID_NOT_FOUND);
            }
            partitions = List.copyOf(committed.keySet());
        }
        return writeTombstones(p, epoch, groupId, partitions, true);
    }

    /**
     * Deletes some committed offsets of a group (OffsetDelete); partitions without a commit are fine.
     *
     * @throws CoordinatorException GROUP_ID_NOT_FOUND for a group with no offsets, or NOT_COORDINATOR...
     */
    public CompletableFuture<Errors> deleteOffsets(String groupId, List<TopicPartition> partitions) {
        int p = lookup.partitionFor(groupId);
        List<TopicPartition> present;
        int epoch;
        synchronized (lock(p)) {
            PartitionCache cache = loadedCache(p);
            epoch = cache.epoch;
            Map<TopicPartition, Committed> committed = cache.groups.get(groupId);
            if (committed == null) {
                throw new CoordinatorException(Errors.GROUP_ID_NOT_FOUND, "Group " + groupId + " does not exist");
            }
            present = partitions.stream().filter(committed::containsKey).distinct().toList();
        }
        if (present.isEmpty()) {
            return CompletableFuture.completedFuture(Errors.NONE);
        }
        return writeTombstones(p, epoch, groupId, present, false);
    }

    private CompletableFuture<Errors> writeTombstones(int p, int epoch, String groupId, List<TopicPartition> partitions,
                                                      boolean withGroupMetadata) {
        long now = System.currentTimeMillis();
        RecordBatchBuilder batch = new RecordBatchBuilder(lookup.recordCompression());
        for (TopicPartition tp : partitions) {
            batch.append(now, GroupRecords.offsetKey(groupId, tp.topic(), tp.partition()), (byte[]) null);
        }
        if (withGroupMetadata) {
            batch.append(now, GroupRecords.groupKey(groupId), (byte[]) null);
        }
        return appendAndAwait(p, epoch, batch, (cache, firstOffset) -> {
            long offset = firstOffset;
            for (TopicPartition tp : partitions) {
                remove(cache, groupId, tp, offset++);
            }
        });
    }

    // ---------------------------------------------------------------- writing

    /** What a replicated write does to the cache, given the log offset of its first record. */
    private interface CacheUpdate {
        void apply(PartitionCache cache, long firstOffset);
    }

    /**
     * Appends {@code batch} to partition {@code p} and completes once the high watermark covers it
     * (NONE, after {@code update} ran on the cache), leadership moved (NOT_COORDINATOR) or the replicas
     * did not follow within {@link #COMMIT_TIMEOUT_MS} (COORDINATOR_NOT_AVAILABLE, as Kafka maps it).
     */
    private CompletableFuture<Errors> appendAndAwait(int p, int epoch, RecordBatchBuilder batch, CacheUpdate update) {
        TopicPartition offsetsPartition = new TopicPartition(TopicManager.OFFSETS_TOPIC, p);
        int records = batch.numRecords();
        long lastOffset;
        try {
            lastOffset = partitionManager.appendToLeader(offsetsPartition, batch.build(), -1).lastOffset();
        } catch (NotLeaderOrFollowerException e) {
            throw new CoordinatorException(Errors.NOT_COORDINATOR, e.getMessage());
        } catch (RuntimeException e) {
            log.warn("Could not append to {}: {}", offsetsPartition, e.toString());
            return CompletableFuture.completedFuture(Errors.COORDINATOR_NOT_AVAILABLE);
        }
        CompletableFuture<Errors> answer = new CompletableFuture<>();
        DelayedAppend delayed = new DelayedAppend(offsetsPartition, epoch, lastOffset, records, update, answer);
        partitionManager.producePurgatory().tryCompleteElseWatch(delayed, List.of(offsetsPartition));
        return answer;
    }

    /** A write waiting for the high watermark of its {@code __consumer_offsets} partition. */
    private final class DelayedAppend extends DelayedOperation {
        private final TopicPartition offsetsPartition;
        private final int epoch;
        private final long lastOffset;
        private final int records;
        private final CacheUpdate update;
        private final CompletableFuture<Errors> answer;
        private Errors outcome = Errors.COORDINATOR_NOT_AVAILABLE;

        DelayedAppend(TopicPartition offsetsPartition, int epoch, long lastOffset, int records, CacheUpdate update,
                      CompletableFuture<Errors> answer) {
            super(COMMIT_TIMEOUT_MS);
            this.offsetsPartition = offsetsPartition;
            this.epoch = epoch;
            this.lastOffset = lastOffset;
            this.records = records;
            this.update = update;
            this.answer = answer;
        }

        @Override
        protected synchronized boolean tryComplete() {
            Partition partition = partitionManager.partition(offsetsPartition).orElse(null);
            if (partition == null || !partition.isLeader() || partition.leaderEpoch() != epoch) {
                outcome = Errors.NOT_COORDINATOR;
                return forceComplete();
            }
            if (partition.highWatermark() > lastOffset) {
                outcome = Errors.NONE;
                return forceComplete();
            }
            return false;
        }

        @Override
        protected synchronized void onComplete() {
            if (outcome == Errors.NONE) {
                int p = offsetsPartition.partition();
                synchronized (lock(p)) {
                    PartitionCache cache = caches.get(p);
                    if (cache != null && cache.epoch == epoch) {
                        update.apply(cache, lastOffset - records + 1);
                    }
                }
            }
            answer.complete(outcome);
        }
    }

    // ---------------------------------------------------------------- loading and replay

    private Object lock(int partition) {
        return locks.computeIfAbsent(partition, k -> new Object());
    }

    /** The cache of partition {@code p}, loading it first if needed; call holding {@code lock(p)}. */
    private PartitionCache loadedCache(int p) {
        TopicPartition tp = new TopicPartition(TopicManager.OFFSETS_TOPIC, p);
        Partition partition = partitionManager.partition(tp).filter(Partition::isLeader).orElseThrow(() ->
                new CoordinatorException(Errors.NOT_COORDINATOR, "This broker does not lead " + tp));
        int epoch = partition.leaderEpoch();
        PartitionCache cache = caches.get(p);
        if (cache == null || cache.epoch != epoch) {
            cache = load(partition, epoch);
            caches.put(p, cache);
        }
        return cache;
    }

    private PartitionCache load(Partition partition, int epoch) {
        PartitionCache cache = new PartitionCache(epoch);
        Log partitionLog = partition.log();
        long offset = partitionLog.logStartOffset();
        long end = partitionLog.logEndOffset();
        int records = 0;
        while (offset < end) {
            ByteBuffer data;
            try (LogReadResult read = partitionLog.read(offset, LOAD_READ_BYTES, true)) {
                SegmentSlice slice = read.records();
                if (slice.isEmpty()) {
                    break;
                }
                data = ByteBuffer.allocate(slice.length());
                while (data.hasRemaining()) {
                    if (slice.channel().read(data, slice.position() + data.position()) < 0) {
                        break;
                    }
                }
                data.flip();
            } catch (IOException e) {
                throw new CoordinatorException(Errors.COORDINATOR_NOT_AVAILABLE,
                        "Could not read " + partition.topicPartition() + ": " + e);
            }
            long next = offset;
            for (RecordBatch batch : RecordBatches.iterate(data)) {
                next = batch.nextOffset();
                if (batch.isControlBatch()) {
                    continue;
                }
                RecordCursor cursor = batch.cursor();
                while (cursor.next()) {
                    if (cursor.offset() >= offset && cursor.hasKey()) {
                        replay(cache, cursor.key(), cursor.hasValue() ? cursor.value() : null, cursor.offset());
                        records++;
                    }
                }
            }
            if (next <= offset) {
                break;
            }
            offset = next;
        }
        log.info("Loaded {} records of {} (leader epoch {})", records, partition.topicPartition(), epoch);
        return cache;
    }

    /** Applies one {@code __consumer_offsets} record (null value: a tombstone) to a cache. */
    private static void replay(PartitionCache cache, ByteBuffer key, ByteBuffer value, long logOffset) {
        GroupRecords.Key parsed;
        try {
            parsed = GroupRecords.readKey(key);
        } catch (RuntimeException e) {
            log.warn("Skipping an unreadable __consumer_offsets record at offset {}: {}", logOffset, e.toString());
            return;
        }
        if (parsed instanceof OffsetKey k) {
            TopicPartition tp = new TopicPartition(k.topic(), k.partition());
            if (value == null) {
                remove(cache, k.group(), tp, logOffset);
            } else {
                apply(cache, k.group(), tp, GroupRecords.readOffsetValue(value), logOffset);
            }
        }
        // Group metadata records belong to group membership, which this broker does not implement yet.
    }

    /** A tombstone at {@code logOffset}: removes the offset unless a later commit replaced it. */
    private static void remove(PartitionCache cache, String groupId, TopicPartition tp, long logOffset) {
        Map<TopicPartition, Committed> group = cache.groups.get(groupId);
        if (group == null) {
            return;
        }
        Committed current = group.get(tp);
        if (current != null && current.logOffset() < logOffset) {
            group.remove(tp);
        }
        if (group.isEmpty()) {
            cache.groups.remove(groupId);
        }
    }

    private static void apply(PartitionCache cache, String groupId, TopicPartition tp, OffsetValue value,
                              long logOffset) {
        Map<TopicPartition, Committed> group = cache.groups.computeIfAbsent(groupId, g -> new HashMap<>());
        Committed current = group.get(tp);
        if (current == null || current.logOffset() < logOffset) {
            group.put(tp, new Committed(value, logOffset));
        }
    }
}
