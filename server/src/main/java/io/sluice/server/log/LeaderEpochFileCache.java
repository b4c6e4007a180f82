package io.sluice.server.log;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leader epochs of a partition and the first offset each began at, persisted in
 * {@code leader-epoch-checkpoint} (checkpoint format, one {@code epoch startOffset} line per epoch).
 * A follower asks the leader {@link #endOffsetFor} its latest epoch (OffsetForLeaderEpoch) and
 * truncates to the answer, which is what keeps replicas from diverging after a leader change.
 *
 * <p>Invariant: epochs and start offsets both strictly increase. Thread-safe: all methods are
 * synchronized; every change is written to the checkpoint before the method returns.
 */
public final class LeaderEpochFileCache {

    private static final Logger log = LoggerFactory.getLogger(LeaderEpochFileCache.class);

    public static final int UNDEFINED_EPOCH = -1;
    public static final long UNDEFINED_EPOCH_OFFSET = -1L;

    /** An epoch and its start offset: one line of the checkpoint. */
    public record EpochEntry(int epoch, long startOffset) {
    }

    /** The answer to OffsetForLeaderEpoch: the largest known epoch at most the requested one, and where it ended. */
    public record EpochEndOffset(int epoch, long endOffset) {
    }

    private final CheckpointFile<EpochEntry> checkpoint;
    private final NavigableMap<Integer, EpochEntry> epochs = new TreeMap<>();

    public LeaderEpochFileCache(File partitionDir) throws IOException {
        this.checkpoint = new CheckpointFile<>(new File(partitionDir, LogFileUtils.LEADER_EPOCH_CHECKPOINT_FILE),
                e -> e.epoch() + " " + e.startOffset(),
                fields -> {
                    if (fields.length != 2) {
                        throw new IllegalArgumentException("expected 'epoch startOffset'");
                    }
                    return new EpochEntry(Integer.parseInt(fields[0]), Long.parseLong(fields[1]));
                });
        for (EpochEntry entry : checkpoint.read()) {
            epochs.put(entry.epoch(), entry);
        }
    }

    /**
     * Records that {@code epoch} starts at {@code startOffset}. A repeat of the latest epoch is a
     * no-op. Entries that contradict the new one (an epoch at least as large, or a start offset at
     * least as large) are dropped: they belong to a history this replica no longer follows.
     */
    public synchronized void assign(int epoch, long startOffset) throws IOException {
        if (epoch < 0) {
            return;
        }
        Map.Entry<Integer, EpochEntry> latest = epochs.lastEntry();
        if (latest != null && latest.getKey() == epoch && latest.getValue().startOffset() <= startOffset) {
            return;
        }
        boolean sameEpochEarlier = latest != null && latest.getKey() == epoch;
        boolean removed = epochs.values().removeIf(e -> e.epoch() >= epoch || e.startOffset() >= startOffset);
        if (removed && !sameEpochEarlier) {
            log.warn("Leader epoch {} at offset {} replaced conflicting entries of {}", epoch, startOffset, checkpoint.file());
        }
        epochs.put(epoch, new EpochEntry(epoch, startOffset));
        flush();
    }

    public synchronized int latestEpoch() {
        return epochs.isEmpty() ? UNDEFINED_EPOCH : epochs.lastKey();
    }

    public synchronized List<EpochEntry> entries() {
        return new ArrayList<>(epochs.values());
    }

    /**
     * The end offset of {@code requestedEpoch}: the start offset of the first later epoch, or
     * {@code logEndOffset} if it is the latest. The epoch answered is the largest known one at most
     * the requested one (the requested one itself when it is below all known epochs). A requested
     * epoch above every known one, or undefined, gets (-1, -1).
     */
    public synchronized EpochEndOffset endOffsetFor(int requestedEpoch, long logEndOffset) {
        if (requestedEpoch == UNDEFINED_EPOCH || epochs.isEmpty()) {
            return new EpochEndOffset(UNDEFINED_EPOCH, UNDEFINED_EPOCH_OFFSET);
        }
        if (requestedEpoch == epochs.lastKey()) {
            return new EpochEndOffset(requestedEpoch, logEndOffset);
        }
        Map.Entry<Integer, EpochEntry> higher = epochs.higherEntry(requestedEpoch);
        if (higher == null) {
            return new EpochEndOffset(UNDEFINED_EPOCH, UNDEFINED_EPOCH_OFFSET);
        }
        Map.Entry<Integer, EpochEntry> floor = epochs.floorEntry(requestedEpoch);
        int epoch = floor == null ? requestedEpoch : floor.getKey();
        return new EpochEndOffset(epoch, higher.getValue().startOffset());
    }

    /** Drops epochs that start at or after {@code endOffset} (the log was truncated there). */
    public synchronized void truncateFromEnd(long endOffset) throws IOException {
        if (epochs.values().removeIf(e -> e.startOffset() >= endOffset)) {
            flush();
        }
    }

    /**
     * The log start offset moved to {@code startOffset}: drops epochs that end before it and moves
     * the start of the epoch that contains it up to it.
     */
    public synchronized void truncateFromStart(long startOffset) throws IOException {
        EpochEntry containing = null;
        List<Integer> drop = new ArrayList<>();
        for (EpochEntry entry : epochs.values()) {
            if (entry.startOffset() <= startOffset) {
                drop.add(entry.epoch());
                containing = entry;
            }
        }
        if (containing == null || (drop.size() == 1 && containing.startOffset() == startOffset)) {
            return;
        }
        drop.forEach(epochs::remove);
        epochs.put(containing.epoch(), new EpochEntry(containing.epoch(), startOffset));
        flush();
    }

    /** Forgets everything (the log was emptied) and persists that. */
    public synchronized void clear() throws IOException {
        epochs.clear();
        flush();
    }

    private void flush() throws IOException {
        checkpoint.write(new ArrayList<>(epochs.values()));
    }

    public File file() {
        return checkpoint.file();
    }
}
