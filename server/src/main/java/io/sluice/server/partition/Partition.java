package io.sluice.server.partition;

import io.sluice.server.log.LeaderEpochFileCache;
import io.sluice.server.log.Log;
import io.sluice.server.log.LogAppendInfo;
import io.sluice.server.log.TopicPartition;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One partition this broker holds a log of, as its leader sees it: the leader epoch, the in-sync
 * replicas, every replica's log end offset, and the high watermark derived from them.
 *
 * <h2>Offsets</h2>
 * {@code logStartOffset <= highWatermark <= logEndOffset} always holds for the leader (checked in
 * {@link #setHighWatermark}). The high watermark is the smallest log end offset among the ISR: the
 * leader's own LEO is its log's; a follower's is what its last fetch asked for (a follower fetching
 * offset N has everything below N). With the leader alone in the ISR the high watermark therefore
 * follows the log end offset. It never moves backwards while this broker stays leader.
 *
 * <h2>Thread safety</h2>
 * Leadership changes ({@link #makeLeader}, {@link #makeFollower}) come from the metadata event thread;
 * appends, reads and follower updates from request-handler threads. All state changes and the
 * leadership check before an append happen under this object's monitor, so an append never lands
 * under an epoch the partition has already left. The log serialises its own appends as well. The
 * fields read on the fetch path are volatile.
 */
public final class Partition {

    private final TopicPartition topicPartition;
    private final int localBrokerId;
    private final Log log;

    private volatile boolean leader;
    private volatile int leaderEpoch = -1;
    private volatile List<Integer> replicas = List.of();
    private volatile Set<Integer> isr = Set.of();
    private volatile long highWatermark;
    /** Log end offsets of the followers as their fetches reported them; guarded by this. */
    private final Map<Integer, Long> followerEndOffsets = new HashMap<>();

    public Partition(TopicPartition topicPartition, int localBrokerId, Log log) {
        this.topicPartition = topicPartition;
        this.localBrokerId = localBrokerId;
        this.log = log;
        this.highWatermark = log.logStartOffset();
    }

    public TopicPartition topicPartition() {
        return topicPartition;
    }

    public Log log() {
        return log;
    }

    public boolean isLeader() {
        return leader;
    }

    public int leaderEpoch() {
        return leaderEpoch;
    }

    public Set<Integer> isr() {
        return isr;
    }

    public List<Integer> replicas() {
        return replicas;
    }

    public long highWatermark() {
        return highWatermark;
    }

    /** The last stable offset: without transactions, every record below the high watermark is stable. */
    public long lastStableOffset() {
        return highWatermark;
    }

    public long logEndOffset() {
        return log.logEndOffset();
    }

    public long logStartOffset() {
        return log.logStartOffset();
    }

    /**
     * Becomes (or stays) leader at {@code epoch}: records where the epoch starts in the log's leader
     * epoch cache and recomputes the high watermark. Returns true if anything changed. A repeat of the
     * current epoch only refreshes the ISR and replica list (an ISR change).
     */
    public synchronized boolean makeLeader(int epoch, List<Integer> replicas, List<Integer> isr) {
        boolean newEpoch = !leader || epoch != leaderEpoch;
        if (newEpoch) {
            try {
                log.leaderEpochCache().assign(epoch, log.logEndOffset());
            } catch (IOException e) {
                throw new UncheckedIOException("Could not record leader epoch " + epoch + " of " + topicPartition, e);
            }
            followerEndOffsets.clear();
            // A new leader knows nothing newer than what it has itself checkpointed: start from the log
            // start offset and let the ISR's offsets move it up (at once, if the leader is alone).
            highWatermark = Math.max(log.logStartOffset(), Math.min(highWatermark, log.logEndOffset()));
        }
        boolean changed = newEpoch || !this.isr.equals(Set.copyOf(isr)) || !this.replicas.equals(replicas);
        this.leaderEpoch = epoch;
        this.replicas = List.copyOf(replicas);
        Set<Integer> inSync = new TreeSet<>(isr);
        inSync.add(localBrokerId);
        this.isr = Set.copyOf(inSync);
        followerEndOffsets.keySet().retainAll(this.replicas);
        this.leader = true;
        maybeIncrementHighWatermark();
        return changed;
    }

    /** Stops leading: appends and consumer reads are refused with NOT_LEADER_OR_FOLLOWER from now on. */
    public synchronized void makeFollower(int epoch, List<Integer> replicas) {
        this.leader = false;
        this.leaderEpoch = epoch;
        this.replicas = List.copyOf(replicas);
        this.isr = Set.of();
        followerEndOffsets.clear();
    }

    /**
     * Appends a producer's batch as leader. With {@code requiredAcks == -1} the ISR must hold at least
     * min.insync.replicas replicas first. Returns what the log did; the caller wakes the purgatories.
     */
    public LogAppendInfo appendAsLeader(ByteBuffer records, int requiredAcks) {
        int epoch;
        synchronized (this) {
            checkLeader();
            int minIsr = log.config().minInSyncReplicas();
            if (requiredAcks == -1 && isr.size() < minIsr) {
                throw new NotEnoughReplicasException("The ISR " + isr + " of " + topicPartition
                        + " is smaller than min.insync.replicas " + minIsr);
            }
            epoch = leaderEpoch;
            // Append under the monitor so that a leadership change cannot slip in between the check
            // and the write (the batch would carry an epoch this broker no longer leads).
            LogAppendInfo info = log.appendAsLeader(records, epoch);
            maybeIncrementHighWatermark();
            return info;
        }
    }

    /** Throws unless this broker leads the partition. */
    public void checkLeader() {
        if (!leader) {
            throw new NotLeaderOrFollowerException("Broker " + localBrokerId + " is not the leader of " + topicPartition);
        }
    }

    /**
     * Checks a client's view of the leader epoch (Fetch v9+, ListOffsets v4+, OffsetForLeaderEpoch v2+):
     * -1 means "don't check"; older than ours is fenced, newer means our metadata is behind.
     */
    public void checkLeaderEpoch(int currentLeaderEpoch) {
        int epoch = leaderEpoch;
        if (currentLeaderEpoch == -1) {
            return;
        }
        if (currentLeaderEpoch < epoch) {
            throw new FencedLeaderEpochException("Leader epoch " + currentLeaderEpoch + " of " + topicPartition
                    + " is older than the current " + epoch);
        }
        if (currentLeaderEpoch > epoch) {
            throw new UnknownLeaderEpochException("Leader epoch " + currentLeaderEpoch + " of " + topicPartition
                    + " is newer than the current " + epoch);
        }
    }

    /**
     * A follower fetched from {@code fetchOffset}: it holds everything below. Returns true if the high
     * watermark moved.
     */
    public synchronized boolean updateFollowerEndOffset(int replicaId, long fetchOffset) {
        if (!leader || replicaId == localBrokerId || !replicas.contains(replicaId)) {
            return false;
        }
        followerEndOffsets.put(replicaId, fetchOffset);
        return maybeIncrementHighWatermark();
    }

    /** The log end offset a replica last reported (the leader's own is its log's), or -1 if unknown. */
    public synchronized long replicaEndOffset(int replicaId) {
        if (replicaId == localBrokerId) {
            return log.logEndOffset();
        }
        return followerEndOffsets.getOrDefault(replicaId, -1L);
    }

    /**
     * Moves the high watermark up to the smallest log end offset among the ISR, if that is higher.
     * Returns true if it moved (acks=all produces and consumer fetches may then complete).
     */
    public synchronized boolean maybeIncrementHighWatermark() {
        if (!leader) {
            return false;
        }
        long candidate = log.logEndOffset();
        for (int replica : isr) {
            if (replica != localBrokerId) {
                candidate = Math.min(candidate, followerEndOffsets.getOrDefault(replica, -1L));
            }
        }
        if (candidate > highWatermark) {
            setHighWatermark(candidate);
            return true;
        }
        if (highWatermark < log.logStartOffset()) {
            // DeleteRecords or retention moved the start above a lagging high watermark.
            setHighWatermark(log.logStartOffset());
            return true;
        }
        return false;
    }

    private void setHighWatermark(long newHighWatermark) {
        long start = log.logStartOffset();
        long end = log.logEndOffset();
        if (newHighWatermark < start || newHighWatermark > end) {
            throw new IllegalStateException("High watermark " + newHighWatermark + " of " + topicPartition
                    + " outside [log start offset " + start + ", log end offset " + end + "]");
        }
        highWatermark = newHighWatermark;
    }

    /** The leader epoch that wrote {@code offset} (the latest epoch starting at or before it), or -1. */
    public int epochForOffset(long offset) {
        int epoch = LeaderEpochFileCache.UNDEFINED_EPOCH;
        for (LeaderEpochFileCache.EpochEntry entry : log.leaderEpochCache().entries()) {
            if (entry.startOffset() <= offset) {
                epoch = entry.epoch();
            } else {
                break;
            }
        }
        return epoch;
    }

    @Override
    public String toString() {
        return "Partition(" + topicPartition + ", leader=" + leader + ", epoch=" + leaderEpoch + ", isr=" + isr
                + ", hw=" + highWatermark + ", leo=" + log.logEndOffset() + ")";
    }
}
