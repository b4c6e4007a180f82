package io.sluice.clients.consumer.internals;

import io.sluice.clients.common.TopicPartition;
import io.sluice.clients.consumer.ConsumerRebalanceListener;
import io.sluice.clients.consumer.OffsetAndMetadata;
import io.sluice.clients.consumer.OffsetResetStrategy;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a consumer reads: how partitions are chosen (a topic list or pattern with group management,
 * or a manual {@link #assignFromUser assignment}), the current assignment, and per assigned
 * partition its fetch position (offset + leader epoch of the last record read), whether it is
 * paused, whether its position must be reset (and how), and the log's high watermark, last stable
 * offset and log start offset as the last fetch response reported them.
 *
 * <p>A partition without a position is not fetched; the consumer first gives it one (committed
 * offset, or a reset through ListOffsets). Not thread-safe: only the thread that calls poll uses it.
 */
public final class SubscriptionState {

    /** How the assignment is chosen; the modes exclude each other as in Kafka. */
    public enum Mode { NONE, AUTO_TOPICS, AUTO_PATTERN, USER_ASSIGNED }

    /** The state of one assigned partition. */
    public static final class PartitionState {
        Long position;
        Optional<Integer> positionEpoch = Optional.empty();
        boolean paused;
        OffsetResetStrategy pendingReset;
        long highWatermark = -1;
        long lastStableOffset = -1;
        long logStartOffset = -1;

        public Long position() {
            return position;
        }
    }

    private final OffsetResetStrategy defaultReset;
    private Mode mode = Mode.NONE;
    private Set<String> topics = Set.of();
    private Pattern pattern;
    private ConsumerRebalanceListener listener = ConsumerRebalanceListener.noop();
    private final LinkedHashMap<TopicPartition, PartitionState> assignment = new LinkedHashMap<>();

    public SubscriptionState(OffsetResetStrategy defaultReset) {
        this.defaultReset = defaultReset;
    }

    public OffsetResetStrategy defaultReset() {
        return defaultReset;
    }

    public Mode mode() {
        return mode;
    }

    public boolean hasAutoAssignment() {
        return mode == Mode.AUTO_TOPICS || mode == Mode.AUTO_PATTERN;
    }

    private void setMode(Mode wanted) {
        if (mode != Mode.NONE && mode != wanted) {
            throw new IllegalStateException("Subscription to topics, partitions and pattern are mutually exclusive");
        }
        mode = wanted;
    }

    /** Subscribes to a topic list; returns true if the topic set changed. */
    public boolean subscribe(Collection<String> newTopics, ConsumerRebalanceListener l) {
        setMode(Mode.AUTO_TOPICS);
        listener = l == null ? ConsumerRebalanceListener.noop() : l;
        Set<String> next = Set.copyOf(newTopics);
        boolean changed = !next.equals(topics);
        topics = next;
        return changed;
    }

    public void subscribe(Pattern p, ConsumerRebalanceListener l) {
        setMode(Mode.AUTO_PATTERN);
        listener = l == null ? ConsumerRebalanceListener.noop() : l;
        pattern = p;
    }

    /** For pattern subscriptions: the topics of metadata that match. Returns true if they changed. */
    public boolean updateMatchedTopics(Collection<String> allTopics) {
        Set<String> matched = new HashSet<>();
        for (String t : allTopics) {
            if (pattern.matcher(t).matches()) {
                matched.add(t);
            }
        }
        boolean changed = !matched.equals(topics);
        topics = Set.copyOf(matched);
        return changed;
    }

    public Pattern pattern() {
        return pattern;
    }

    public Set<String> subscribedTopics() {
        return topics;
    }

    public ConsumerRebalanceListener listener() {
        return listener;
    }

    public void unsubscribe() {
        mode = Mode.NONE;
        topics = Set.of();
        pattern = null;
        listener = ConsumerRebalanceListener.noop();
        assignment.clear();
    }

    /** Manual assignment; positions of partitions that stay are kept. */
    public void assignFromUser(Collection<TopicPartition> partitions) {
        setMode(Mode.USER_ASSIGNED);
        if (partitions.isEmpty()) {
            mode = Mode.NONE;
        }
        replaceAssignment(partitions);
    }

    /** The group's assignment; positions of partitions that stay are kept. */
    public void assignFromSubscribed(Collection<TopicPartition> partitions) {
        if (!hasAutoAssignment()) {
            throw new IllegalStateException("Not subscribed; cannot take a group assignment");
        }
        replaceAssignment(partitions);
    }

    private void replaceAssignment(Collection<TopicPartition> partitions) {
        LinkedHashMap<TopicPartition, PartitionState> next = new LinkedHashMap<>();
        for (TopicPartition tp : partitions) {
            PartitionState old = assignment.get(tp);
            next.put(tp, old != null ? old : new PartitionState());
        }
        assignment.clear();
        assignment.putAll(next);
    }

    public Set<TopicPartition> assignedPartitions() {
        return Set.copyOf(assignment.keySet());
    }

    public List<TopicPartition> assignedPartitionsList() {
        return new ArrayList<>(assignment.keySet());
    }

    public boolean isAssigned(TopicPartition tp) {
        return assignment.containsKey(tp);
    }

    public PartitionState state(TopicPartition tp) {
        PartitionState s = assignment.get(tp);
        if (s == null) {
            throw new IllegalStateException("No current assignment for partition " + tp);
        }
        return s;
    }

    public void seek(TopicPartition tp, long offset, Optional<Integer> epoch) {
        PartitionState s = state(tp);
        s.position = offset;
        s.positionEpoch = epoch;
        s.pendingReset = null;
    }

    /** Sets the position only if the partition is still assigned and still waits for one. */
    public void maybeSeekUnvalidated(TopicPartition tp, long offset, Optional<Integer> epoch, OffsetResetStrategy expectedReset) {
        PartitionState s = assignment.get(tp);
        if (s != null && s.position == null && s.pendingReset == expectedReset) {
            seek(tp, offset, epoch);
        }
    }

    public Long position(TopicPartition tp) {
        return state(tp).position;
    }

    public Optional<Integer> positionEpoch(TopicPartition tp) {
        return state(tp).positionEpoch;
    }

    /** Forgets the position and asks for a reset with {@code strategy}. */
    public void requestReset(TopicPartition tp, OffsetResetStrategy strategy) {
        PartitionState s = state(tp);
        s.position = null;
        s.positionEpoch = Optional.empty();
        s.pendingReset = strategy;
    }

    /** Partitions with neither a position nor a pending reset: they need their committed offset. */
    public List<TopicPartition> initializingPartitions() {
        List<TopicPartition> out = new ArrayList<>();
        assignment.forEach((tp, s) -> {
            if (s.position == null && s.pendingReset == null) {
                out.add(tp);
            }
        });
        return out;
    }

    /** Partitions waiting for a reset, with the strategy of each. */
    public Map<TopicPartition, OffsetResetStrategy> partitionsNeedingReset() {
        Map<TopicPartition, OffsetResetStrategy> out = new LinkedHashMap<>();
        assignment.forEach((tp, s) -> {
            if (s.position == null && s.pendingReset != null) {
                out.put(tp, s.pendingReset);
            }
        });
        return out;
    }

    public boolean hasAllPositions() {
        return assignment.values().stream().allMatch(s -> s.position != null);
    }

    /** Assigned, not paused, with a position: these are fetched. */
    public List<TopicPartition> fetchablePartitions() {
        List<TopicPartition> out = new ArrayList<>();
        assignment.forEach((tp, s) -> {
            if (s.position != null && !s.paused) {
                out.add(tp);
            }
        });
        return out;
    }

    public boolean isFetchable(TopicPartition tp) {
        PartitionState s = assignment.get(tp);
        return s != null && s.position != null && !s.paused;
    }

    public void pause(TopicPartition tp) {
        state(tp).paused = true;
    }

    public void resume(TopicPartition tp) {
        state(tp).paused = false;
    }

    public boolean isPaused(TopicPartition tp) {
        PartitionState s = assignment.get(tp);
        return s != null && s.paused;
    }

    public Set<TopicPartition> pausedPartitions() {
        Set<TopicPartition> out = new HashSet<>();
        assignment.forEach((tp, s) -> {
            if (s.paused) {
                out.add(tp);
            }
        });
        return out;
    }

    /** The positions to commit: every assigned partition that has one. */
    public Map<TopicPartition, OffsetAndMetadata> allConsumed() {
        Map<TopicPartition, OffsetAndMetadata> out = new LinkedHashMap<>();
        assignment.forEach((tp, s) -> {
            if (s.position != null) {
                out.put(tp, new OffsetAndMetadata(s.position, s.positionEpoch, ""));
            }
        });
        return out;
    }

    public void updateWatermarks(TopicPartition tp, long highWatermark, long lastStableOffset, long logStartOffset) {
        PartitionState s = assignment.get(tp);
        if (s != null) {
            s.highWatermark = highWatermark;
            s.lastStableOffset = lastStableOffset;
            s.logStartOffset = logStartOffset;
        }
    }

    public long highWatermark(TopicPartition tp) {
        return state(tp).highWatermark;
    }

    public long lastStableOffset(TopicPartition tp) {
        return state(tp).lastStableOffset;
    }
}
