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
import java.util.Set;
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
 * <p>The same cache holds the partition's classic groups ({@link ClassicGroup}), rebuilt at load from
 * their latest group metadata record by the same {@link #replay}; the {@link GroupCoordinator} owns their
 * behaviour and decides which commits are accepted before calling {@link #commit}.
 *
 * <p>Thread-safe: a partition's cache (offsets and groups) is guarded by the partition's monitor
 * ({@link #lock}); loading holds it, and so does every append, so the log holds a partition's records in
 * the order the cache changed. A replicated write is answered on the {@link GroupTimer}'s thread, never on
 * the thread that moved the high watermark: that thread holds the waiting operation's lock, and taking
 * the partition monitor under it could deadlock with an appender holding the monitor.
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

    /**
     * The cache of one {@code __consumer_offsets} partition, loaded under leader epoch {@code epoch}:
     * committed offsets by group ({@code groups}) and the classic groups ({@code classicGroups}).
     */
    static final class PartitionCache {
        final int partition;
        final int epoch;
        final Map<String, Map<TopicPartition, Committed>> groups = new HashMap<>();
        final Map<String, ClassicGroup> classicGroups = new HashMap<>();

        PartitionCache(int partition, int epoch) {
            this.partition = partition;
            this.epoch = epoch;
        }

        boolean hasOffsets(String groupId) {
            return groups.containsKey(groupId);
        }
    }

    /** Told, under the partition's lock, about the classic groups a load rebuilt (to arm their timers). */
    interface GroupLoadListener {
        void onGroupsLoaded(PartitionCache cache);
    }

    private final PartitionManager partitionManager;
    private final CoordinatorLookup lookup;
    private final long retentionMs;
    private final GroupTimer timer;
    private final Map<Integer, PartitionCache> caches = new ConcurrentHashMap<>();
    private final Map<Integer, Object> locks = new ConcurrentHashMap<>();
    private volatile GroupLoadListener loadListener = cache -> { };

    /**
     * @param retentionMs {@code offsets.retention.minutes} in milliseconds: how long an offset of a group
     *        without members is kept (see {@link #expireOffsets})
     * @param timer the clock, and the thread that answers replicated writes
     */
    public OffsetManager(PartitionManager partitionManager, CoordinatorLookup lookup, long retentionMs,
                         GroupTimer timer) {
        this.partitionManager = partitionManager;
        this.lookup = lookup;
        this.retentionMs = retentionMs;
        this.timer = timer;
    }

    void setLoadListener(GroupLoadListener listener) {
        this.loadListener = listener;
    }

    CoordinatorLookup lookup() {
        return lookup;
    }

    // ---------------------------------------------------------------- expiry

    /**
     * Deletes (with tombstones) the offsets whose retention ran out, in the partitions this broker still
     * leads, as Kafka does since 2.1 (KIP-211):
     * <ul>
     *   <li>a group without group management (no classic group, or one without a protocol type): each
     *       offset {@code retentionMs} after its own commit;</li>
     *   <li>an Empty classic group: all its offsets {@code retentionMs} after the group became Empty;</li>
     *   <li>a Stable consumer group: the offsets of topics no member subscribes to, each
     *       {@code retentionMs} after its commit; other groups with members keep theirs.</li>
     * </ul>
     * A group left with neither members nor offsets is removed (Dead) and its metadata tombstoned. Run
     * periodically ({@code offsets.retention.check.interval.ms}).
     *
     * @return how many offsets were deleted
     */
    public int expireOffsets(long now) {
        int expired = 0;
        for (Integer p : List.copyOf(caches.keySet())) {
            synchronized (lock(p)) {
                PartitionCache cache = caches.get(p);
                Partition partition = partitionManager.partition(new TopicPartition(TopicManager.OFFSETS_TOPIC, p))
                        .orElse(null);
                if (cache == null || partition == null || !partition.isLeader() || partition.leaderEpoch() != cache.epoch) {
                    continue;
                }
                Map<String, List<TopicPartition>> byGroup = new LinkedHashMap<>();
                List<String> wholeGroups = new ArrayList<>();
                cache.groups.forEach((group, committed) -> {
                    ClassicGroup classic = cache.classicGroups.get(group);
                    Set<String> subscribed = null;
                    if (classic != null && !classic.is(GroupState.EMPTY)) {
                        subscribed = classic.is(GroupState.STABLE) ? classic.subscribedTopics() : null;
                        if (subscribed == null) {
                            return; // an active group whose topics are unknown keeps its offsets
                        }
                    }
                    boolean sinceEmpty = classic != null && classic.is(GroupState.EMPTY) && classic.protocolType() != null;
                    Set<String> spared = subscribed == null ? Set.of() : subscribed;
                    List<TopicPartition> old = new ArrayList<>();
                    committed.forEach((tp, c) -> {
                        long since = sinceEmpty ? classic.stateTimestampMs() : c.value().commitTimestamp();
                        if (!spared.contains(tp.topic()) && since + retentionMs <= now) {
                            old.add(tp);
                        }
                    });
                    if (!old.isEmpty()) {
                        byGroup.put(group, old);
                        if (old.size() == committed.size() && (classic == null || classic.is(GroupState.EMPTY))) {
                            wholeGroups.add(group);
                        }
                    }
                });
                cache.classicGroups.forEach((group, classic) -> {
                    if (classic.is(GroupState.EMPTY) && !cache.groups.containsKey(group)) {
                        byGroup.put(group, List.of());
                        wholeGroups.add(group);
                    }
                });
                for (Map.Entry<String, List<TopicPartition>> e : byGroup.entrySet()) {
                    String group = e.getKey();
                    boolean whole = wholeGroups.contains(group);
                    if (whole) {
                        ClassicGroup classic = cache.classicGroups.remove(group);
                        if (classic != null) {
                            classic.transitionTo(GroupState.DEAD, now);
                        }
                    }
                    // Gone from the cache at once, as in Kafka; the tombstones make it last.
                    Map<TopicPartition, Committed> committed = cache.groups.get(group);
                    if (committed != null) {
                        e.getValue().forEach(committed::remove);
                        if (committed.isEmpty()) {
                            cache.groups.remove(group);
                        }
                    }
                    try {
                        writeTombstones(cache, group, e.getValue(), whole);
                        expired += e.getValue().size();
                    } catch (CoordinatorException ex) {
                        break; // leadership moved: the new leader expires them
                    }
                }
            }
        }
        if (expired > 0) {
            log.info("Expired {} committed offsets (retention {} ms)", expired, retentionMs);
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

    // ---------------------------------------------------------------- commits

    /**
     * Appends offsets for {@code groupId} and completes with each partition's error once the records are
     * replicated (or failed). Whether the committer may commit is the {@link GroupCoordinator}'s call,
     * made before (holding the same lock).
     *
     * @throws CoordinatorException for errors of the whole request (NOT_COORDINATOR...)
     */
    CompletableFuture<Map<TopicPartition, Errors>> commit(String groupId, Map<TopicPartition, OffsetValue> offsets) {
        int p = lookup.partitionFor(groupId);
        Map<TopicPartition, Errors> errors = new LinkedHashMap<>();
        Map<TopicPartition, OffsetValue> accepted = new LinkedHashMap<>();
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
        synchronized (lock(p)) {
            PartitionCache cache = loadedCache(p);
            return appendAndAwait(cache, batch, (c, firstOffset) -> {
                long offset = firstOffset;
                for (Map.Entry<TopicPartition, OffsetValue> e : accepted.entrySet()) {
                    apply(c, groupId, e.getKey(), e.getValue(), offset++);
                }
            }).thenApply(outcome -> {
                if (outcome != Errors.NONE) {
                    accepted.keySet().forEach(tp -> errors.put(tp, outcome));
                }
                return errors;
            });
        }
    }

    // ---------------------------------------------------------------- group metadata

    /**
     * Appends {@code groupId}'s metadata record ({@code value}; null writes a tombstone) and completes
     * once it is replicated. Call holding {@link #lock} of the group's partition, with {@code cache} the
     * loaded cache: the record then lands in the log in the order of the group's changes.
     */
    CompletableFuture<Errors> storeGroup(PartitionCache cache, String groupId, GroupRecords.GroupValue value) {
        RecordBatchBuilder batch = new RecordBatchBuilder(lookup.recordCompression());
        batch.append(timer.nowMs(), GroupRecords.groupKey(groupId), value == null ? null : GroupRecords.groupValue(value));
        try {
            return appendAndAwait(cache, batch, (c, firstOffset) -> { });
        } catch (CoordinatorException e) {
            return CompletableFuture.completedFuture(e.error());
        }
    }

    // ---------------------------------------------------------------- deletions

    /**
     * Writes tombstones for every offset and the metadata of a group the coordinator has just removed
     * (DeleteGroups). Call holding {@link #lock}.
     */
    CompletableFuture<Errors> deleteGroup(PartitionCache cache, String groupId) {
        List<TopicPartition> partitions = List.copyOf(cache.groups.getOrDefault(groupId, Map.of()).keySet());
        try {
            return writeTombstones(cache, groupId, partitions, true);
        } catch (CoordinatorException e) {
            return CompletableFuture.completedFuture(e.error());
        }
    }

    /**
     * Deletes the given committed offsets of a group (OffsetDelete, once the coordinator allowed it);
     * partitions without a commit are fine. Call holding {@link #lock}.
     */
    CompletableFuture<Errors> deleteOffsets(PartitionCache cache, String groupId, List<TopicPartition> partitions) {
        Map<TopicPartition, Committed> committed = cache.groups.getOrDefault(groupId, Map.of());
        List<TopicPartition> present = partitions.stream().filter(committed::containsKey).distinct().toList();
        if (present.isEmpty()) {
            return CompletableFuture.completedFuture(Errors.NONE);
        }
        try {
            return writeTombstones(cache, groupId, present, false);
        } catch (CoordinatorException e) {
            return CompletableFuture.completedFuture(e.error());
        }
    }

    /** Call holding {@link #lock}. */
    private CompletableFuture<Errors> writeTombstones(PartitionCache cache, String groupId,
                                                      List<TopicPartition> partitions, boolean withGroupMetadata) {
        long now = timer.nowMs();
        RecordBatchBuilder batch = new RecordBatchBuilder(lookup.recordCompression());
        for (TopicPartition tp : partitions) {
            batch.append(now, GroupRecords.offsetKey(groupId, tp.topic(), tp.partition()), (byte[]) null);
        }
        if (withGroupMetadata) {
            batch.append(now, GroupRecords.groupKey(groupId), (byte[]) null);
        }
        return appendAndAwait(cache, batch, (c, firstOffset) -> {
            long offset = firstOffset;
            for (TopicPartition tp : partitions) {
                remove(c, groupId, tp, offset++);
            }
        });
    }

    // ---------------------------------------------------------------- writing

    /** What a replicated write does to the cache, given the log offset of its first record. */
    private interface CacheUpdate {
        void apply(PartitionCache cache, long firstOffset);
    }

    /**
     * Appends {@code batch} to the cache's partition (call holding {@link #lock}) and completes, on the
     * timer's thread, once the high watermark covers it (NONE, after {@code update} ran on the cache),
     * leadership moved (NOT_COORDINATOR) or the replicas did not follow within
     * {@link #COMMIT_TIMEOUT_MS} (COORDINATOR_NOT_AVAILABLE, as Kafka maps it).
     */
    private CompletableFuture<Errors> appendAndAwait(PartitionCache cache, RecordBatchBuilder batch,
                                                     CacheUpdate update) {
        TopicPartition offsetsPartition = new TopicPartition(TopicManager.OFFSETS_TOPIC, cache.partition);
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
        DelayedAppend delayed = new DelayedAppend(offsetsPartition, cache.epoch, lastOffset, records, update, answer);
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
            Errors result = outcome;
            // Not here: this thread may hold the operation's lock (see the class comment).
            timer.execute(() -> {
                int p = offsetsPartition.partition();
                synchronized (lock(p)) {
                    if (result == Errors.NONE) {
                        PartitionCache cache = caches.get(p);
                        if (cache != null && cache.epoch == epoch) {
                            update.apply(cache, lastOffset - records + 1);
                        }
                    }
                    answer.complete(result);
                }
            });
        }
    }

    // ---------------------------------------------------------------- loading and replay

    Object lock(int partition) {
        return locks.computeIfAbsent(partition, k -> new Object());
    }

    /** The cache of partition {@code p}, loading it first if needed; call holding {@code lock(p)}. */
    PartitionCache loadedCache(int p) {
        TopicPartition tp = new TopicPartition(TopicManager.OFFSETS_TOPIC, p);
        Partition partition = partitionManager.partition(tp).filter(Partition::isLeader).orElseThrow(() ->
                new CoordinatorException(Errors.NOT_COORDINATOR, "This broker does not lead " + tp));
        int epoch = partition.leaderEpoch();
        PartitionCache cache = caches.get(p);
        if (cache == null || cache.epoch != epoch) {
            cache = load(partition, epoch);
            caches.put(p, cache);
            loadListener.onGroupsLoaded(cache);
        }
        return cache;
    }

    /** The loaded cache of partition {@code p} if this broker still leads it under the same epoch, or null. */
    PartitionCache currentCache(int p) {
        PartitionCache cache = caches.get(p);
        Partition partition = partitionManager.partition(new TopicPartition(TopicManager.OFFSETS_TOPIC, p)).orElse(null);
        if (cache == null || partition == null || !partition.isLeader() || partition.leaderEpoch() != cache.epoch) {
            return null;
        }
        return cache;
    }

    /** The partitions of {@code __consumer_offsets} this broker leads now. */
    List<Integer> ledPartitions() {
        List<Integer> led = new ArrayList<>();
        for (int p = 0; p < lookup.partitionCount(); p++) {
            if (partitionManager.partition(new TopicPartition(TopicManager.OFFSETS_TOPIC, p))
                    .map(Partition::isLeader).orElse(false)) {
                led.add(p);
            }
        }
        return led;
    }

    private PartitionCache load(Partition partition, int epoch) {
        PartitionCache cache = new PartitionCache(partition.topicPartition().partition(), epoch);
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
    private void replay(PartitionCache cache, ByteBuffer key, ByteBuffer value, long logOffset) {
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
        if (parsed instanceof GroupRecords.GroupKey k) {
            if (value == null) {
                cache.classicGroups.remove(k.group());
            } else {
                try {
                    cache.classicGroups.put(k.group(),
                            ClassicGroup.fromRecord(k.group(), GroupRecords.readGroupValue(value), timer.nowMs()));
                } catch (RuntimeException e) {
                    log.warn("Skipping an unreadable group metadata record of {} at offset {}: {}", k.group(),
                            logOffset, e.toString());
                }
            }
        }
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
