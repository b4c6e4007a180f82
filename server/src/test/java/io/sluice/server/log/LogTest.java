package io.sluice.server.log;

import static io.sluice.server.log.TestBatches.batch;
import static io.sluice.server.log.TestBatches.concat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.record.CorruptRecordException;
import java.io.File;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogTest {

    @TempDir
    Path tmp;

    private LogTestSupport support;
    private Log log;

    @BeforeEach
    void setUp() {
        support = new LogTestSupport(tmp.toFile());
    }

    @AfterEach
    void tearDown() {
        if (log != null) {
            log.close();
        }
        support.close();
    }

    private List<RecordBatch> readAll(Log from, long offset) throws Exception {
        try (LogReadResult result = from.read(offset, Integer.MAX_VALUE, false)) {
            return TestBatches.parse(result.records().readAll());
        }
    }

    @Test
    void assignsOffsetsStampsTheLeaderEpochAndReadsBack() throws Exception {
        log = support.open(LogConfig.defaults());
        LogAppendInfo first = log.appendAsLeader(batch(999, 1000, 3, 10), 7);
        LogAppendInfo second = log.appendAsLeader(concat(batch(0, 1001, 2, 10), batch(0, 1002, 4, 10)), 7);
        assertThat(first.firstOffset()).isZero();
        assertThat(first.lastOffset()).isEqualTo(2);
        assertThat(second.firstOffset()).isEqualTo(3);
        assertThat(second.lastOffset()).isEqualTo(8);
        assertThat(second.numBatches()).isEqualTo(2);
        assertThat(second.maxTimestamp()).isEqualTo(1002);
        assertThat(log.logEndOffset()).isEqualTo(9);

        List<RecordBatch> batches = readAll(log, 0);
        assertThat(batches).extracting(RecordBatch::baseOffset).containsExactly(0L, 3L, 5L);
        assertThat(batches).extracting(RecordBatch::partitionLeaderEpoch).containsOnly(7);
        assertThat(batches.get(2).lastOffset()).isEqualTo(8);
        assertThat(log.leaderEpochCache().entries()).containsExactly(new LeaderEpochFileCache.EpochEntry(7, 0));
        assertThat(readAll(log, 6)).extracting(RecordBatch::baseOffset).containsExactly(5L);
    }

    @Test
    void stampsLogAppendTimeWhenTheTopicAsksForIt() throws Exception {
        log = support.open(LogTestSupport.config(Map.of("message.timestamp.type", "LogAppendTime")));
        LogAppendInfo info = log.appendAsLeader(batch(0, 5, 2, 10), 0);
        assertThat(info.logAppendTime()).isEqualTo(support.clock.millis());
        RecordBatch batch = readAll(log, 0).get(0);
        assertThat(batch.timestampType()).isEqualTo(TimestampType.LOG_APPEND_TIME);
        assertThat(batch.maxTimestamp()).isEqualTo(support.clock.millis());
    }

    @Test
    void rejectsOversizedCorruptAndInvalidBatchesWithTypedErrors() throws Exception {
        log = support.open(LogTestSupport.config(Map.of("max.message.bytes", "500")));
        assertThatThrownBy(() -> log.appendAsLeader(batch(0, 1, 10, 100), 0)).isInstanceOf(RecordTooLargeException.class);
        ByteBuffer corrupt = batch(0, 1, 2, 10);
        corrupt.put(corrupt.limit() - 1, (byte) (corrupt.get(corrupt.limit() - 1) ^ 1));
        assertThatThrownBy(() -> log.appendAsLeader(corrupt, 0)).isInstanceOf(CorruptRecordException.class);
        ByteBuffer torn = batch(0, 1, 2, 10);
        torn.limit(torn.limit() - 3);
        assertThatThrownBy(() -> log.appendAsLeader(torn, 0)).isInstanceOf(CorruptRecordException.class);
        ByteBuffer badCount = batch(0, 1, 2, 10);
        badCount.putInt(io.sluice.record.RecordBatch.RECORDS_COUNT_OFFSET, 5);
        io.sluice.record.RecordBatch.at(badCount).setMaxTimestamp(io.sluice.record.TimestampType.LOG_APPEND_TIME, 1);
        io.sluice.record.RecordBatch.at(badCount).setMaxTimestamp(io.sluice.record.TimestampType.CREATE_TIME, 1);
        assertThatThrownBy(() -> log.appendAsLeader(badCount, 0)).isInstanceOf(InvalidRecordException.class);
        assertThat(log.logEndOffset()).isZero();
    }

    @Test
    void rollsOnSegmentBytesAndSegmentMsAndReadsAcrossSegments() throws Exception {
        int batchSize = batch(0, 1, 5, 100).remaining();
        log = support.open(LogTestSupport.config(Map.of("segment.bytes", String.valueOf(batchSize * 3), "segment.ms", "60000")));
        for (int i = 0; i < 7; i++) {
            log.appendAsLeader(batch(0, support.clock.millis(), 5, 100), 0);
        }
        assertThat(log.numberOfSegments()).isEqualTo(3);
        assertThat(log.segments()).extracting(LogSegment::baseOffset).containsExactly(0L, 15L, 30L);
        assertThat(new File(support.partitionDir(), "00000000000000000015.log")).exists();
        // A read returns batches of one segment; the next read continues in the next.
        assertThat(readAll(log, 0)).extracting(RecordBatch::baseOffset).containsExactly(0L, 5L, 10L);
        assertThat(readAll(log, 17)).extracting(RecordBatch::baseOffset).containsExactly(15L, 20L, 25L);

        support.clock.advance(60_001);
        // The roll clock runs from the segment's first batch's timestamp to the new batch's (as in
        // Kafka): a batch stamped long ago does not roll, one stamped now does.
        log.appendAsLeader(batch(0, 0, 1, 1), 0);
        assertThat(log.numberOfSegments()).isEqualTo(3);
        log.appendAsLeader(batch(0, support.clock.millis(), 1, 1), 0);
        assertThat(log.numberOfSegments()).isEqualTo(4);
    }

    @Test
    void rollsWhenTheOffsetIndexIsFull() throws Exception {
        log = support.open(LogTestSupport.config(Map.of("segment.index.bytes", "24", "index.interval.bytes", "0")));
        for (int i = 0; i < 10; i++) {
            log.appendAsLeader(batch(0, 1, 1, 10), 0);
        }
        assertThat(log.numberOfSegments()).isGreaterThan(2);
        for (long offset = 0; offset < 10; offset++) {
            assertThat(readAll(log, offset).get(0).baseOffset()).isEqualTo(offset);
        }
    }

    @Test
    void readsOutsideTheLogAreOutOfRangeAndAtTheEndAreEmpty() throws Exception {
        log = support.open(LogConfig.defaults());
        log.appendAsLeader(batch(0, 1, 5, 10), 0);
        try (LogReadResult atEnd = log.read(5, 1000, false)) {
            assertThat(atEnd.records().isEmpty()).isTrue();
            assertThat(atEnd.logEndOffset()).isEqualTo(5);
        }
        assertThatThrownBy(() -> log.read(6, 1000, false)).isInstanceOf(OffsetOutOfRangeException.class);
        log.deleteRecordsBefore(3);
        assertThatThrownBy(() -> log.read(2, 1000, false)).isInstanceOf(OffsetOutOfRangeException.class);
        // The start offset may sit inside a batch: the whole batch is returned.
        assertThat(readAll(log, 3)).extracting(RecordBatch::baseOffset).containsExactly(0L);
    }

    @Test
    void boundsReadsByTheUpperOffset() throws Exception {
        log = support.open(LogConfig.defaults());
        log.appendAsLeader(batch(0, 1, 5, 10), 0);
        log.appendAsLeader(batch(0, 1, 5, 10), 0);
        try (LogReadResult result = log.read(0, 100_000, 7, false)) {
            assertThat(TestBatches.parse(result.records().readAll())).extracting(RecordBatch::baseOffset).containsExactly(0L);
        }
        try (LogReadResult result = log.read(0, 100_000, 10, false)) {
            assertThat(TestBatches.parse(result.records().readAll())).hasSize(2);
        }
    }

    @Test
    void findsOffsetsByTimestampAcrossSegments() throws Exception {
        log = support.open(LogTestSupport.config(Map.of("segment.bytes", "400")));
        long[] timestamps = {100, 300, 200, 400, 500, 450, 700};
        for (long ts : timestamps) {
            log.appendAsLeader(batch(0, ts, 2, 50), 0);
        }
        assertThat(log.numberOfSegments()).isGreaterThan(1);
        assertThat(log.fetchOffsetByTimestamp(50)).contains(new LogSegment.TimestampAndOffset(100, 0));
        assertThat(log.fetchOffsetByTimestamp(250)).contains(new LogSegment.TimestampAndOffset(300, 2));
        assertThat(log.fetchOffsetByTimestamp(460)).contains(new LogSegment.TimestampAndOffset(500, 8));
        assertThat(log.fetchOffsetByTimestamp(600)).contains(new LogSegment.TimestampAndOffset(700, 12));
        assertThat(log.fetchOffsetByTimestamp(701)).isEmpty();
        assertThat(log.earliestOffset()).isZero();
        assertThat(log.latestOffset()).isEqualTo(14);
    }

    @Test
    void retentionByTimeDeletesWholeOldSegmentsButNeverTheActiveOne() throws Exception {
        log = support.open(LogTestSupport.config(Map.of("segment.bytes", "300", "retention.ms", "10000",
                "file.delete.delay.ms", "0")));
        long now = support.clock.millis();
        for (int i = 0; i < 6; i++) {
            log.appendAsLeader(batch(0, now - 20_000 + i * 1000L, 2, 50), 0);
        }
        int segmentsBefore = log.numberOfSegments();
        assertThat(segmentsBefore).isGreaterThan(2);
        assertThat(log.deleteOldSegments()).isEqualTo(segmentsBefore - 1);
        assertThat(log.numberOfSegments()).isEqualTo(1);
        assertThat(log.logStartOffset()).isEqualTo(log.segments().get(0).baseOffset());
        assertThatThrownBy(() -> log.read(0, 1000, false)).isInstanceOf(OffsetOutOfRangeException.class);
    }

    @Test
    void retentionBySizeKeepsTheNewestSegmentsUnderTheLimit() throws Exception {
        int batchSize = batch(0, 1, 2, 50).remaining();
        log = support.open(LogTestSupport.config(Map.of("segment.bytes", String.valueOf(batchSize * 2),
                "retention.bytes", String.valueOf(batchSize * 5), "file.delete.delay.ms", "0")));
        for (int i = 0; i < 10; i++) {
            log.appendAsLeader(batch(0, support.clock.millis(), 2, 50), 0);
        }
        assertThat(log.numberOfSegments()).isEqualTo(5);
        assertThat(log.deleteOldSegments()).isEqualTo(2);
        // As in Kafka, a segment goes only if the log stays at or above retention.bytes without it.
        assertThat(log.sizeInBytes()).isGreaterThanOrEqualTo(batchSize * 5L);
        assertThat(log.sizeInBytes() - log.segments().get(0).size()).isLessThan(batchSize * 5L);
        assertThat(log.numberOfSegments()).isEqualTo(3);
        assertThat(log.logStartOffset()).isEqualTo(8);
    }

    @Test
    void deletedSegmentsAreRenamedThenRemovedAfterTheDelay() throws Exception {
        log = support.open(LogTestSupport.config(Map.of("segment.bytes", "300", "file.delete.delay.ms", "200")));
        for (int i = 0; i < 4; i++) {
            log.appendAsLeader(batch(0, 1, 2, 50), 0);
        }
        long secondBase = log.segments().get(1).baseOffset();
        assertThat(log.deleteRecordsBefore(secondBase + 1)).isEqualTo(secondBase + 1);
        File renamed = new File(support.partitionDir(), "00000000000000000000.log.deleted");
        assertThat(renamed).exists();
        assertThat(new File(support.partitionDir(), "00000000000000000000.log")).doesNotExist();
        support.scheduler.submit(() -> { }).get();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (renamed.exists() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(renamed).doesNotExist();
        assertThat(log.logStartOffset()).isEqualTo(secondBase + 1);
        assertThatThrownBy(() -> log.deleteRecordsBefore(1000)).isInstanceOf(OffsetOutOfRangeException.class);
    }

    @Test
    void truncatesInsideASegmentAndAcrossSegments() throws Exception {
        log = support.open(LogTestSupport.config(Map.of("segment.bytes", "300")));
        for (int i = 0; i < 6; i++) {
            log.appendAsLeader(batch(0, 1, 2, 50), i < 3 ? 1 : 2);
        }
        assertThat(log.leaderEpochCache().entries()).containsExactly(new LeaderEpochFileCache.EpochEntry(1, 0),
                new LeaderEpochFileCache.EpochEntry(2, 6));
        assertThat(log.truncateTo(9)).isTrue();
        assertThat(log.logEndOffset()).isEqualTo(8);
        assertThat(log.leaderEpochCache().latestEpoch()).isEqualTo(2);
        assertThat(log.truncateTo(7)).isTrue();
        // Offset 7 is inside the batch 6..7, which goes whole; so does epoch 2, which began at 6.
        assertThat(log.logEndOffset()).isEqualTo(6);
        assertThat(log.leaderEpochCache().entries()).containsExactly(new LeaderEpochFileCache.EpochEntry(1, 0));
        assertThat(log.truncateTo(5)).isTrue();
        assertThat(log.logEndOffset()).isEqualTo(4);
        assertThat(log.leaderEpochCache().latestEpoch()).isEqualTo(1);
        log.appendAsLeader(batch(0, 1, 3, 50), 3);
        assertThat(log.logEndOffset()).isEqualTo(7);
        assertThat(readAll(log, 4)).extracting(RecordBatch::baseOffset).containsExactly(4L);
        assertThat(log.truncateTo(100)).isFalse();

        log.truncateFullyAndStartAt(50);
        assertThat(log.logStartOffset()).isEqualTo(50);
        assertThat(log.logEndOffset()).isEqualTo(50);
        assertThat(log.numberOfSegments()).isEqualTo(1);
        assertThat(log.leaderEpochCache().entries()).isEmpty();
        log.appendAsLeader(batch(0, 1, 1, 5), 4);
        assertThat(readAll(log, 50)).extracting(RecordBatch::baseOffset).containsExactly(50L);
    }

    @Test
    void followerAppendsKeepTheLeadersOffsetsAndEpochs() throws Exception {
        log = support.open(LogConfig.defaults());
        ByteBuffer leaderBatch = batch(10, 1, 3, 10);
        io.sluice.record.RecordBatch.at(leaderBatch).setPartitionLeaderEpoch(4);
        log.truncateFullyAndStartAt(10);
        log.appendAsFollower(leaderBatch);
        assertThat(log.logEndOffset()).isEqualTo(13);
        assertThat(log.leaderEpochCache().entries()).containsExactly(new LeaderEpochFileCache.EpochEntry(4, 10));
        assertThatThrownBy(() -> log.appendAsFollower(batch(12, 1, 1, 10))).isInstanceOf(InvalidOffsetException.class);
    }

    @Test
    void rollsWhenAnOffsetWouldNotFitTheSegmentsThirtyTwoBitRelativeOffsets() throws Exception {
        log = support.open(LogConfig.defaults());
        log.appendAsFollower(batch(0, 1, 2, 10));
        long far = 2L + Integer.MAX_VALUE + 100;
        log.appendAsFollower(batch(far, 1, 3, 10));
        assertThat(log.segments()).extracting(LogSegment::baseOffset).containsExactly(0L, far);
        assertThat(new File(support.partitionDir(), LogFileUtils.filenamePrefixFromOffset(far) + ".index")).exists();
        assertThat(log.logEndOffset()).isEqualTo(far + 3);
        assertThat(readAll(log, 1)).extracting(RecordBatch::baseOffset).containsExactly(0L);
        assertThat(readAll(log, 2)).extracting(RecordBatch::baseOffset).containsExactly(far);
        assertThat(readAll(log, far + 1)).extracting(RecordBatch::baseOffset).containsExactly(far);
    }

    @Test
    void flushMessagesAdvancesTheRecoveryPoint() throws Exception {
        log = support.open(LogTestSupport.config(Map.of("flush.messages", "5")));
        log.appendAsLeader(batch(0, 1, 3, 10), 0);
        assertThat(log.recoveryPoint()).isZero();
        log.appendAsLeader(batch(0, 1, 3, 10), 0);
        assertThat(log.recoveryPoint()).isEqualTo(6);
    }

    @Test
    void flushMsIsCheckedByTheScheduler() throws Exception {
        log = support.open(LogTestSupport.config(Map.of("flush.ms", "1000")));
        log.appendAsLeader(batch(0, 1, 3, 10), 0);
        log.maybeFlushByTime();
        assertThat(log.recoveryPoint()).isZero();
        support.clock.advance(1000);
        log.maybeFlushByTime();
        assertThat(log.recoveryPoint()).isEqualTo(3);
    }

    @Test
    void reopensWithTheSameContentAfterAClose() throws Exception {
        log = support.open(LogTestSupport.config(Map.of("segment.bytes", "400")));
        for (int i = 0; i < 10; i++) {
            log.appendAsLeader(batch(0, 100 + i, 2, 50), 0);
        }
        byte[] before = TestBatches.bytes(log.read(0, Integer.MAX_VALUE, false).records().readAll());
        int segments = log.numberOfSegments();
        log.close();
        log = support.open(LogTestSupport.config(Map.of("segment.bytes", "400")), 0, 20, true);
        assertThat(log.numberOfSegments()).isEqualTo(segments);
        assertThat(log.logEndOffset()).isEqualTo(20);
        assertThat(TestBatches.bytes(log.read(0, Integer.MAX_VALUE, false).records().readAll())).isEqualTo(before);
        for (LogSegment segment : log.segments().subList(0, segments - 1)) {
            // Closed and rolled segments keep only their real entries on disk.
            assertThat(segment.offsetIndexFile().length() % OffsetIndex.ENTRY_SIZE).isZero();
            assertThat(segment.offsetIndexFile().length()).isLessThan(1000);
        }
    }

    @Test
    void aDiskErrorTakesTheLogDirectoryOffline() throws Exception {
        log = support.open(LogConfig.defaults());
        log.appendAsLeader(batch(0, 1, 3, 10), 0);
        LogFileUtils.deleteRecursively(support.partitionDir());
        assertThatThrownBy(() -> log.roll()).isInstanceOf(KafkaStorageException.class);
        assertThat(support.failureChannel.isOffline(support.logDir)).isTrue();
        assertThatThrownBy(() -> log.read(0, 100, false)).isInstanceOf(KafkaStorageException.class);
        assertThatThrownBy(() -> log.appendAsLeader(batch(0, 1, 3, 10), 0)).isInstanceOf(KafkaStorageException.class);
    }

    @Test
    void writesThePartitionMetadataFile() throws Exception {
        log = support.open(LogConfig.defaults());
        java.util.UUID id = java.util.UUID.randomUUID();
        log.assignTopicId(id);
        List<String> lines = java.nio.file.Files.readAllLines(new File(support.partitionDir(), "partition.metadata").toPath());
        assertThat(lines.get(0)).isEqualTo("version: 0");
        assertThat(lines.get(1)).isEqualTo("topic_id: " + PartitionMetadataFile.encode(id));
        assertThatThrownBy(() -> log.assignTopicId(java.util.UUID.randomUUID())).isInstanceOf(IllegalStateException.class);
        log.close();
        log = support.open(LogConfig.defaults());
        assertThat(log.topicId()).contains(id);
    }
}
