package io.sluice.server.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.record.RecordBatch;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.SimpleRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProducerStateManagerTest {

    private static final long PID = 7000L;

    @TempDir
    Path dir;


    /** An idempotent batch of {@code count} records built by the official client, offsets assigned. */
    private static RecordBatch batch(long baseOffset, short epoch, int baseSequence, int count) {
        SimpleRecord[] records = new SimpleRecord[count];
        for (int i = 0; i < count; i++) {
            records[i] = new SimpleRecord(1_000L + i, ("k" + i).getBytes(), ("v" + i).getBytes());
        }
        MemoryRecords built = MemoryRecords.withIdempotentRecords(baseOffset, Compression.NONE, PID, epoch,
                baseSequence, -1, records);
        ByteBuffer buffer = built.buffer();
        return RecordBatch.at(buffer);
    }

    private ProducerStateManager manager() {
        return new ProducerStateManager(dir, 86_400_000L);
    }

    @Test
    void unknownProducerIsAcceptedAtAnySequence() {
        assertThat(manager().checkAppend(batch(0, (short) 0, 42, 3))).isEmpty();
    }

    @Test
    void retryOfOneOfTheLastFiveBatchesIsADuplicateWithItsOriginalOffsets() {
        ProducerStateManager state = manager();
        long offset = 0;
        for (int seq = 0; seq < 6 * 2; seq += 2) {
            RecordBatch b = batch(offset, (short) 0, seq, 2);
            assertThat(state.checkAppend(b)).isEmpty();
            state.onAppend(b);
            offset += 2;
        }
        // Batches with sequences 2..11 are the last five; 0-1 has been forgotten.
        Optional<BatchMetadata> duplicate = state.checkAppend(batch(0, (short) 0, 4, 2));
        assertThat(duplicate).contains(new BatchMetadata(4, 5, 4, 5, 1_001L));
        assertThatThrownBy(() -> state.checkAppend(batch(0, (short) 0, 0, 2)))
                .isInstanceOf(OutOfOrderSequenceException.class);
    }

    @Test
    void gapIsOutOfOrderAndNextSequenceIsAccepted() {
        ProducerStateManager state = manager();
        state.onAppend(batch(0, (short) 0, 0, 3));
        assertThatThrownBy(() -> state.checkAppend(batch(3, (short) 0, 5, 1)))
                .isInstanceOf(OutOfOrderSequenceException.class);
        assertThat(state.checkAppend(batch(3, (short) 0, 3, 1))).isEmpty();
    }

    @Test
    void olderEpochIsFencedAndABumpedEpochMustStartAtZero() {
        ProducerStateManager state = manager();
        state.onAppend(batch(0, (short) 3, 0, 1));
        assertThatThrownBy(() -> state.checkAppend(batch(1, (short) 2, 1, 1)))
                .isInstanceOf(InvalidProducerEpochException.class);
        assertThatThrownBy(() -> state.checkAppend(batch(1, (short) 4, 7, 1)))
                .isInstanceOf(OutOfOrderSequenceException.class);
        assertThat(state.checkAppend(batch(1, (short) 4, 0, 1))).isEmpty();
        state.onAppend(batch(1, (short) 4, 0, 1));
        // The old epoch's batches can no longer be retried.
        assertThatThrownBy(() -> state.checkAppend(batch(0, (short) 3, 0, 1)))
                .isInstanceOf(InvalidProducerEpochException.class);
    }

    @Test
    void sequenceWrapsFromIntMaxToZero() {
        ProducerStateManager state = manager();
        state.onAppend(batch(0, (short) 0, Integer.MAX_VALUE - 1, 2));
        assertThat(state.entry(PID).orElseThrow().lastSequence()).isEqualTo(Integer.MAX_VALUE);
        assertThat(state.checkAppend(batch(2, (short) 0, 0, 1))).isEmpty();
    }

    @Test
    void snapshotRestoresDeduplicationAfterARestart() throws IOException {
        ProducerStateManager state = manager();
        state.onAppend(batch(0, (short) 1, 0, 2));
        state.onAppend(batch(2, (short) 1, 2, 2));
        state.takeSnapshot(4);

        ProducerStateManager reopened = manager();
        assertThat(reopened.loadLatestSnapshot(Long.MAX_VALUE)).isEqualTo(4);
        assertThat(reopened.checkAppend(batch(0, (short) 1, 2, 2))).contains(new BatchMetadata(2, 3, 2, 3, 1_001L));
        assertThat(reopened.checkAppend(batch(0, (short) 1, 4, 1))).isEmpty();
    }

    @Test
    void corruptNewestSnapshotFallsBackToTheOlderOne() throws IOException {
        ProducerStateManager state = manager();
        state.onAppend(batch(0, (short) 0, 0, 1));
        state.takeSnapshot(1);
        state.onAppend(batch(1, (short) 0, 1, 1));
        state.takeSnapshot(2);
        byte[] bytes = Files.readAllBytes(state.snapshotPath(2));
        bytes[bytes.length - 1] ^= 0x5a;
        Files.write(state.snapshotPath(2), bytes);

        ProducerStateManager reopened = manager();
        assertThat(reopened.loadLatestSnapshot(Long.MAX_VALUE)).isEqualTo(1);
        assertThat(reopened.entry(PID).orElseThrow().lastSequence()).isEqualTo(0);
        assertThat(Files.exists(state.snapshotPath(2))).isFalse();
    }

    @Test
    void onlyTheNewestTwoSnapshotsAreKept() throws IOException {
        ProducerStateManager state = manager();
        for (long offset = 1; offset <= 4; offset++) {
            state.takeSnapshot(offset);
        }
        assertThat(state.snapshotOffsets().keySet()).containsExactly(3L, 4L);
    }

    @Test
    void truncationForgetsTruncatedBatches() throws IOException {
        ProducerStateManager state = manager();
        state.onAppend(batch(0, (short) 0, 0, 2));
        state.onAppend(batch(2, (short) 0, 2, 2));
        state.takeSnapshot(4);
        state.truncateFrom(2);
        assertThat(state.entry(PID).orElseThrow().lastSequence()).isEqualTo(1);
        assertThat(state.snapshotOffsets()).isEmpty();
        state.truncateFrom(0);
        assertThat(state.entry(PID)).isEmpty();
    }

    @Test
    void expiredProducersAreForgotten() {
        ProducerStateManager state = new ProducerStateManager(dir, 1_000L);
        state.onAppend(batch(0, (short) 0, 0, 1));
        state.removeExpiredProducers(1_500L);
        assertThat(state.entry(PID)).isPresent();
        state.removeExpiredProducers(2_000L);
        assertThat(state.entry(PID)).isEmpty();
    }
}
