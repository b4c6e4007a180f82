package io.sluice.server.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.record.CorruptRecordException;
import java.io.File;
import java.nio.ByteBuffer;
import java.util.Map;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.SimpleRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The log's idempotence: retries answered with their first offsets, across clean and unclean restarts. */
class LogProducerStateTest {

    private static final long PID = 4242L;

    @TempDir
    File dir;

    private LogTestSupport support;

    private LogTestSupport support() {
        if (support == null) {
            support = new LogTestSupport(dir);
        }
        return support;
    }

    @AfterEach
    void close() {
        if (support != null) {
            support.close();
        }
    }

    private static ByteBuffer idempotent(int baseSequence, int count) {
        SimpleRecord[] records = new SimpleRecord[count];
        for (int i = 0; i < count; i++) {
            records[i] = new SimpleRecord(1_000L + i, null, ("value-" + baseSequence + "-" + i).getBytes());
        }
        return MemoryRecords.withIdempotentRecords(Compression.NONE, PID, (short) 0, baseSequence, records).buffer();
    }

    private static final LogConfig SMALL_SEGMENTS = LogTestSupport.config(Map.of(LogConfig.SEGMENT_BYTES, 1024));

    @Test
    void aRetriedBatchGetsItsOriginalOffsetsAndIsNotAppendedAgain() throws Exception {
        try (Log log = support().open(LogTestSupport.config(Map.of()))) {
            LogAppendInfo first = log.appendAsLeader(idempotent(0, 3), 0);
            log.appendAsLeader(idempotent(3, 2), 0);
            LogAppendInfo retry = log.appendAsLeader(idempotent(0, 3), 0);
            assertThat(retry.duplicate()).isTrue();
            assertThat(retry.firstOffset()).isEqualTo(first.firstOffset());
            assertThat(retry.lastOffset()).isEqualTo(first.lastOffset());
            assertThat(log.logEndOffset()).isEqualTo(5);
            assertThatThrownBy(() -> log.appendAsLeader(idempotent(9, 1), 0))
                    .isInstanceOf(OutOfOrderSequenceException.class);
            assertThat(log.logEndOffset()).isEqualTo(5);
        }
    }

    @Test
    void deduplicationSurvivesACleanRestartAndRolls() throws Exception {
        try (Log log = support().open(SMALL_SEGMENTS)) {
            for (int seq = 0; seq < 120; seq += 2) {
                log.appendAsLeader(idempotent(seq, 2), 0);
            }
            assertThat(log.numberOfSegments()).isGreaterThan(3);
        }
        try (Log log = support().open(SMALL_SEGMENTS)) {
            LogAppendInfo retry = log.appendAsLeader(idempotent(118, 2), 0);
            assertThat(retry.duplicate()).isTrue();
            assertThat(retry.firstOffset()).isEqualTo(118);
            assertThat(log.appendAsLeader(idempotent(120, 1), 0).firstOffset()).isEqualTo(120);
        }
    }

    @Test
    void afterACrashTheStateIsRebuiltFromTheLastSnapshotAndTheLog() throws Exception {
        Log crashed = support().open(SMALL_SEGMENTS);
        for (int seq = 0; seq < 30; seq += 3) {
            crashed.appendAsLeader(idempotent(seq, 3), 0);
        }
        // A crash: no clean close, so no snapshot at the log end; only the ones taken at rolls exist.
        File snapshotAtEnd = new File(support().partitionDir(), LogFileUtils.filenamePrefixFromOffset(30) + ".snapshot");
        assertThat(snapshotAtEnd).doesNotExist();

        try (Log log = support().open(SMALL_SEGMENTS, 0, 0, false)) {
            LogAppendInfo retry = log.appendAsLeader(idempotent(27, 3), 0);
            assertThat(retry.duplicate()).isTrue();
            assertThat(retry.firstOffset()).isEqualTo(27);
            assertThatThrownBy(() -> log.appendAsLeader(idempotent(31, 1), 0))
                    .isInstanceOf(OutOfOrderSequenceException.class);
        }
    }

    @Test
    void truncationForgetsTheTruncatedBatches() throws Exception {
        try (Log log = support().open(LogTestSupport.config(Map.of()))) {
            log.appendAsLeader(idempotent(0, 2), 0);
            log.appendAsLeader(idempotent(2, 2), 0);
            log.truncateTo(2);
            // The batch at sequence 2 is gone, so it is new again rather than a duplicate.
            LogAppendInfo again = log.appendAsLeader(idempotent(2, 2), 0);
            assertThat(again.duplicate()).isFalse();
            assertThat(again.firstOffset()).isEqualTo(2);
        }
    }

    @Test
    void aRecordCountThatDoesNotMatchTheRecordsIsRefusedBeforeAnythingIsWritten() throws Exception {
        ByteBuffer batch = idempotent(0, 3);
        // Claim 4 records and fix the CRC, so only the record walk can notice.
        batch.putInt(io.sluice.record.RecordBatch.RECORDS_COUNT_OFFSET, 4);
        batch.putInt(io.sluice.record.RecordBatch.LAST_OFFSET_DELTA_OFFSET, 3);
        io.sluice.record.RecordBatch view = io.sluice.record.RecordBatch.at(batch, 0);
        batch.putInt(io.sluice.record.RecordBatch.CRC_OFFSET, (int) view.computeChecksum());
        try (Log log = support().open(LogTestSupport.config(Map.of()))) {
            assertThatThrownBy(() -> log.appendAsLeader(batch, 0)).isInstanceOf(CorruptRecordException.class);
            assertThat(log.logEndOffset()).isZero();
            assertThat(log.sizeInBytes()).isZero();
        }
    }
}
