package io.sluice.server.partition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.record.CompressionType;
import io.sluice.record.RecordBatchBuilder;
import io.sluice.server.log.Log;
import io.sluice.server.log.LogConfig;
import io.sluice.server.log.LogDirFailureChannel;
import io.sluice.server.log.LogManager;
import io.sluice.server.log.TopicPartition;
import java.io.File;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The leader's view of a partition: epochs, the ISR and the high watermark derived from replica end offsets. */
class PartitionTest {

    private static final int LEADER = 1;

    @TempDir
    File dir;
    private LogManager logManager;
    private Log log;

    @BeforeEach
    void openLog() {
        logManager = LogManager.fromProperties(Map.of("log.dirs", dir.getAbsolutePath()), Clock.systemUTC(),
                new LogDirFailureChannel());
        logManager.startup();
        log = logManager.getOrCreateLog(new TopicPartition("t", 0),
                LogConfig.fromProperties(Map.of(), Map.of("min.insync.replicas", "2")), UUID.randomUUID());
    }

    @AfterEach
    void close() {
        logManager.close();
    }

    private static ByteBuffer batch(int records) {
        RecordBatchBuilder builder = new RecordBatchBuilder(CompressionType.NONE);
        for (int i = 0; i < records; i++) {
            builder.append(1000 + i, ("k" + i).getBytes(), ("v" + i).getBytes());
        }
        return builder.build();
    }

    @Test
    void aLeaderAloneInTheIsrMovesTheHighWatermarkWithEveryAppend() {
        Partition partition = new Partition(new TopicPartition("t", 0), LEADER, log);
        partition.makeLeader(3, List.of(LEADER), List.of(LEADER));
        assertThat(partition.highWatermark()).isZero();
        partition.appendAsLeader(batch(4), 1);
        assertThat(partition.highWatermark()).isEqualTo(4);
        assertThat(partition.lastStableOffset()).isEqualTo(4);
        // The epoch starts where the log ended when this broker became leader, and batches carry it.
        assertThat(log.leaderEpochCache().latestEpoch()).isEqualTo(3);
        assertThat(partition.epochForOffset(2)).isEqualTo(3);
    }

    @Test
    void theHighWatermarkIsTheSmallestEndOffsetInTheIsr() {
        Partition partition = new Partition(new TopicPartition("t", 0), LEADER, log);
        partition.makeLeader(0, List.of(LEADER, 2, 3), List.of(LEADER, 2, 3));
        partition.appendAsLeader(batch(10), 1);
        assertThat(partition.highWatermark()).isZero();
        assertThat(partition.updateFollowerEndOffset(2, 10)).isFalse();
        assertThat(partition.updateFollowerEndOffset(3, 6)).isTrue();
        assertThat(partition.highWatermark()).isEqualTo(6);
        assertThat(partition.updateFollowerEndOffset(3, 10)).isTrue();
        assertThat(partition.highWatermark()).isEqualTo(10);
        // A follower out of the ISR does not hold the high watermark back.
        partition.makeLeader(0, List.of(LEADER, 2, 3), List.of(LEADER, 2));
        partition.appendAsLeader(batch(5), 1);
        partition.updateFollowerEndOffset(2, 15);
        assertThat(partition.highWatermark()).isEqualTo(15);
        // It never moves back, and unknown replicas are ignored.
        assertThat(partition.updateFollowerEndOffset(2, 12)).isFalse();
        assertThat(partition.updateFollowerEndOffset(9, 0)).isFalse();
        assertThat(partition.highWatermark()).isEqualTo(15);
        assertThat(partition.replicaEndOffset(3)).isEqualTo(10);
        assertThat(partition.replicaEndOffset(LEADER)).isEqualTo(15);
    }

    @Test
    void acksAllNeedsMinInsyncReplicasButAcksOneDoesNot() {
        Partition partition = new Partition(new TopicPartition("t", 0), LEADER, log);
        partition.makeLeader(0, List.of(LEADER, 2), List.of(LEADER));
        assertThatThrownBy(() -> partition.appendAsLeader(batch(1), -1)).isInstanceOf(NotEnoughReplicasException.class);
        assertThat(log.logEndOffset()).isZero();
        partition.appendAsLeader(batch(1), 1);
        partition.makeLeader(0, List.of(LEADER, 2), List.of(LEADER, 2));
        partition.appendAsLeader(batch(1), -1);
        assertThat(log.logEndOffset()).isEqualTo(2);
    }

    @Test
    void aFollowerRefusesAppendsAndEpochsAreChecked() {
        Partition partition = new Partition(new TopicPartition("t", 0), LEADER, log);
        partition.makeLeader(5, List.of(LEADER), List.of(LEADER));
        partition.checkLeaderEpoch(-1);
        partition.checkLeaderEpoch(5);
        assertThatThrownBy(() -> partition.checkLeaderEpoch(4)).isInstanceOf(FencedLeaderEpochException.class);
        assertThatThrownBy(() -> partition.checkLeaderEpoch(6)).isInstanceOf(UnknownLeaderEpochException.class);
        partition.makeFollower(6, List.of(LEADER, 2));
        assertThat(partition.isLeader()).isFalse();
        assertThatThrownBy(() -> partition.appendAsLeader(batch(1), 1)).isInstanceOf(NotLeaderOrFollowerException.class);
        assertThat(partition.updateFollowerEndOffset(2, 0)).isFalse();
    }

    @Test
    void aNewEpochAfterAppendsStartsAtTheLogEnd() {
        Partition partition = new Partition(new TopicPartition("t", 0), LEADER, log);
        partition.makeLeader(1, List.of(LEADER), List.of(LEADER));
        partition.appendAsLeader(batch(3), 1);
        assertThat(partition.makeLeader(1, List.of(LEADER), List.of(LEADER))).isFalse();
        assertThat(partition.makeLeader(2, List.of(LEADER), List.of(LEADER))).isTrue();
        partition.appendAsLeader(batch(2), 1);
        assertThat(log.leaderEpochCache().endOffsetFor(1, log.logEndOffset()).endOffset()).isEqualTo(3);
        assertThat(partition.epochForOffset(1)).isEqualTo(1);
        assertThat(partition.epochForOffset(4)).isEqualTo(2);
        assertThat(partition.highWatermark()).isEqualTo(5);
    }

    @Test
    void deleteRecordsAboveALaggingHighWatermarkPullsItUp() {
        Partition partition = new Partition(new TopicPartition("t", 0), LEADER, log);
        partition.makeLeader(0, List.of(LEADER, 2), List.of(LEADER, 2));
        partition.appendAsLeader(batch(5), 1);
        partition.updateFollowerEndOffset(2, 2);
        assertThat(partition.highWatermark()).isEqualTo(2);
        log.deleteRecordsBefore(2);
        partition.updateFollowerEndOffset(2, 4);
        assertThat(partition.highWatermark()).isEqualTo(4);
        assertThat(partition.logStartOffset()).isEqualTo(2);
    }
}
