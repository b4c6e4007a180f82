package io.sluice.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordBatchesTest {

    private static ByteBuffer batch(long baseOffset, int records) {
        RecordBatchBuilder builder = new RecordBatchBuilder(CompressionType.NONE).baseOffset(baseOffset);
        for (int i = 0; i < records; i++) {
            builder.append(10L * i, new byte[] {(byte) i}, new byte[i + 1]);
        }
        return builder.build();
    }

    private static ByteBuffer concat(ByteBuffer... batches) {
        int size = 0;
        for (ByteBuffer batch : batches) {
            size += batch.remaining();
        }
        ByteBuffer all = ByteBuffer.allocate(size);
        for (ByteBuffer batch : batches) {
            all.put(batch.duplicate());
        }
        return all.flip();
    }

    private static List<Long> baseOffsets(RecordBatches.BatchIterator batches) {
        List<Long> offsets = new ArrayList<>();
        for (RecordBatch batch : batches) {
            batch.validate();
            offsets.add(batch.baseOffset());
        }
        return offsets;
    }

    @Test
    void walksConcatenatedBatches() {
        ByteBuffer all = concat(batch(0, 3), batch(3, 1), batch(4, 10));
        RecordBatches.BatchIterator batches = RecordBatches.iterate(all);
        assertThat(baseOffsets(batches)).containsExactly(0L, 3L, 4L);
        assertThat(batches.validBytes()).isEqualTo(all.limit());
        assertThat(batches.trailingBytes()).isZero();
        assertThat(all.position()).isZero();
    }

    @Test
    void stopsCleanlyAtAPartialTrailingBatch() {
        ByteBuffer first = batch(0, 3);
        ByteBuffer second = batch(3, 4);
        ByteBuffer all = concat(first, second);
        for (int cut = 1; cut < second.limit(); cut++) {
            ByteBuffer torn = all.duplicate().limit(all.limit() - cut);
            RecordBatches.BatchIterator batches = RecordBatches.iterate(torn);
            assertThat(baseOffsets(batches)).containsExactly(0L);
            assertThat(batches.validBytes()).isEqualTo(first.limit());
            assertThat(batches.trailingBytes()).isEqualTo(second.limit() - cut);
            assertThat(RecordBatches.sizeOfCompleteBatches(torn)).isEqualTo(first.limit());
        }
    }

    @Test
    void startsAtTheBufferPosition() {
        ByteBuffer all = concat(batch(0, 3), batch(3, 2));
        all.position(batch(0, 3).limit());
        assertThat(baseOffsets(RecordBatches.iterate(all))).containsExactly(3L);
    }

    @Test
    void refusesOldMagicAndImpossibleLengths() {
        ByteBuffer oldMagic = concat(batch(0, 1), batch(1, 1));
        oldMagic.put(oldMagic.limit() / 2 + RecordBatch.MAGIC_OFFSET, (byte) 1);
        RecordBatches.BatchIterator batches = RecordBatches.iterate(oldMagic);
        assertThat(batches.next().baseOffset()).isZero();
        assertThatThrownBy(batches::hasNext).isInstanceOf(UnsupportedMagicException.class);

        ByteBuffer shortLength = batch(0, 1);
        shortLength.putInt(RecordBatch.LENGTH_OFFSET, 10);
        assertThatThrownBy(() -> RecordBatches.iterate(shortLength).hasNext())
                .isInstanceOf(CorruptRecordException.class)
                .hasMessageContaining("smaller than the v2 header");
    }

    @Test
    void anEmptyBufferHasNoBatches() {
        RecordBatches.BatchIterator batches = RecordBatches.iterate(ByteBuffer.allocate(0));
        assertThat(batches.hasNext()).isFalse();
        assertThat(batches.trailingBytes()).isZero();
    }
}
