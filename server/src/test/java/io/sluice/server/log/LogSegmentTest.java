package io.sluice.server.log;

import static io.sluice.server.log.TestBatches.batch;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import org.apache.kafka.common.record.RecordBatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogSegmentTest {

    @TempDir
    Path dir;

    private LogSegment segment;

    @BeforeEach
    void open() throws Exception {
        segment = LogSegment.open(dir.toFile(), 40, 100, 1024, OpenSegmentLimiter.unbounded(), 0, true);
    }

    @AfterEach
    void close() throws Exception {
        segment.close();
    }

    /** Appends a batch of {@code records} records at {@code base}; returns its size. */
    private int append(long base, long timestamp, int records) throws Exception {
        ByteBuffer b = batch(base, timestamp, records, 20);
        int size = b.remaining();
        segment.append(b);
        return size;
    }

    @Test
    void namesItsFilesAfterTheBaseOffsetInTwentyDigits() {
        assertThat(segment.logFile().getName()).isEqualTo("00000000000000000040.log");
        assertThat(segment.offsetIndexFile().getName()).isEqualTo("00000000000000000040.index");
        assertThat(segment.timeIndexFile().getName()).isEqualTo("00000000000000000040.timeindex");
        assertThat(segment.logFile()).exists();
    }

    @Test
    void readsWholeBatchesFromTheOneHoldingTheStartOffset() throws Exception {
        int first = append(40, 1000, 5);
        int second = append(45, 1001, 5);
        append(50, 1002, 5);

        try (SegmentSlice slice = segment.read(47, 10_000, segment.size(), Long.MAX_VALUE, false)) {
            assertThat(slice.position()).isEqualTo(first);
            List<RecordBatch> batches = TestBatches.parse(slice.readAll());
            assertThat(batches).extracting(RecordBatch::baseOffset).containsExactly(45L, 50L);
        }
        try (SegmentSlice slice = segment.read(40, first + second, segment.size(), Long.MAX_VALUE, false)) {
            assertThat(TestBatches.parse(slice.readAll())).extracting(RecordBatch::baseOffset).containsExactly(40L, 45L);
        }
        assertThat(segment.read(55, 10_000, segment.size(), Long.MAX_VALUE, false)).isNull();
        assertThat(segment.readNextOffset()).isEqualTo(55);
    }

    @Test
    void returnsOneOversizedBatchOnlyWhenMinOneMessage() throws Exception {
        int first = append(40, 1000, 5);
        append(45, 1000, 5);
        try (SegmentSlice none = segment.read(40, first - 1, segment.size(), Long.MAX_VALUE, false)) {
            assertThat(none.isEmpty()).isTrue();
        }
        try (SegmentSlice one = segment.read(40, first - 1, segment.size(), Long.MAX_VALUE, true)) {
            assertThat(one.length()).isEqualTo(first);
        }
    }

    @Test
    void stopsBeforeTheBatchHoldingTheUpperOffsetAndAtTheMaxPosition() throws Exception {
        int first = append(40, 1000, 5);
        append(45, 1000, 5);
        try (SegmentSlice slice = segment.read(40, 10_000, segment.size(), 47, false)) {
            assertThat(slice.length()).isEqualTo(first);
        }
        try (SegmentSlice slice = segment.read(40, 10_000, first, Long.MAX_VALUE, false)) {
            assertThat(slice.length()).isEqualTo(first);
        }
    }

    @Test
    void addsAnIndexEntryPerIntervalAndFindsThroughIt() throws Exception {
        int position = 0;
        for (int i = 0; i < 30; i++) {
            position += append(40 + i * 3L, 1000 + i, 3);
        }
        assertThat(segment.size()).isEqualTo(position);
        // Each batch is well over 100 bytes, so after the first every batch is indexed.
        OffsetIndex index = new OffsetIndex(segment.offsetIndexFile(), 40, 1024, false);
        try {
            assertThat(index.entries()).isGreaterThan(20);
        } finally {
            index.close();
        }
        for (long offset = 40; offset < 130; offset += 7) {
            LogSegment.BatchPosition found = segment.translateOffset(offset, segment.size());
            assertThat(found.baseOffset()).isLessThanOrEqualTo(offset);
            assertThat(found.lastOffset()).isGreaterThanOrEqualTo(offset);
        }
    }

    @Test
    void findsTheFirstBatchAtOrAfterATimestamp() throws Exception {
        append(40, 1000, 2);
        append(42, 3000, 2);
        append(44, 2000, 2);
        append(46, 5000, 2);
        assertThat(segment.findOffsetByTimestamp(500, 40, segment.size())).isEqualTo(new LogSegment.TimestampAndOffset(1000, 40));
        assertThat(segment.findOffsetByTimestamp(2000, 40, segment.size())).isEqualTo(new LogSegment.TimestampAndOffset(3000, 42));
        assertThat(segment.findOffsetByTimestamp(4000, 40, segment.size())).isEqualTo(new LogSegment.TimestampAndOffset(5000, 46));
        assertThat(segment.findOffsetByTimestamp(6000, 40, segment.size())).isNull();
        assertThat(segment.largestTimestamp()).isEqualTo(5000);
    }

    @Test
    void truncatesWholeBatchesAndItsIndexes() throws Exception {
        int first = append(40, 1000, 5);
        append(45, 9000, 5);
        append(50, 1002, 5);
        assertThat(segment.truncateTo(47)).isPositive();
        assertThat(segment.size()).isEqualTo(first);
        assertThat(segment.readNextOffset()).isEqualTo(45);
        assertThat(segment.largestTimestamp()).isEqualTo(1000);
        assertThat(segment.logFile().length()).isEqualTo(first);
        append(45, 1003, 1);
        assertThat(segment.readNextOffset()).isEqualTo(46);
    }

    @Test
    void recoveryCutsATornTailAndRebuildsIndexes() throws Exception {
        int kept = 0;
        for (int i = 0; i < 10; i++) {
            kept += append(40 + i * 2L, 1000 + i, 2);
        }
        int lastSize = append(60, 2000, 2);
        segment.close();
        try (RandomAccessFile raf = new RandomAccessFile(segment.logFile(), "rw")) {
            raf.setLength(kept + lastSize - 7);
        }
        new File(segment.offsetIndexFile().getPath()).delete();
        segment = LogSegment.open(dir.toFile(), 40, 100, 1024, OpenSegmentLimiter.unbounded(), 0, true);
        assertThat(segment.recover(null)).isEqualTo(lastSize - 7);
        assertThat(segment.size()).isEqualTo(kept);
        assertThat(segment.readNextOffset()).isEqualTo(60);
        assertThat(segment.offsetIndexFile()).exists();
        segment.sanityCheckIndexes();
        assertThat(segment.translateOffset(55, segment.size()).baseOffset()).isEqualTo(54);
    }

    @Test
    void rollsOnSizeTimeAndOffsetOverflow() throws Exception {
        assertThat(segment.shouldRoll(100, 50, 0, 1000, 10)).isFalse();
        int size = append(40, 1000, 2);
        assertThat(segment.shouldRoll(100, 50, 1000, size + 100, 10_000)).isFalse();
        assertThat(segment.shouldRoll(101, 50, 1000, size + 100, 10_000)).isTrue();
        assertThat(segment.shouldRoll(10, 50, 1000 + 10_001, 1 << 30, 10_000)).isTrue();
        assertThat(segment.shouldRoll(10, 40L + Integer.MAX_VALUE + 1, 1000, 1 << 30, 10_000)).isTrue();
        // Time is measured between record timestamps, as Kafka does: batches carrying old timestamps
        // appended much later do not roll a new segment each time.
        assertThat(segment.shouldRoll(10, 50, 1_000_000_000L, 1500, 1 << 30, 10_000)).isFalse();
        assertThat(segment.shouldRoll(10, 50, 1_000_000_000L, 1000 + 10_001, 1 << 30, 10_000)).isTrue();
    }

    @Test
    void releasesItsDescriptorAndMappingsAndReopensThemOnUse() throws Exception {
        append(40, 1000, 5);
        for (int i = 0; i < 5; i++) {
            append(45 + i * 5L, 1001, 5);
        }
        SegmentSlice held = segment.read(40, 100_000, segment.size(), Long.MAX_VALUE, false);
        assertThat(segment.hasOpenResources()).isTrue();
        segment.releaseOpenResources();
        assertThat(segment.hasOpenResources()).isFalse();
        // The slice handed out before still works: it holds its own reference on the descriptor.
        assertThat(TestBatches.parse(held.readAll())).hasSize(6);
        held.close();
        assertThat(held.channel().isOpen()).isFalse();
        try (SegmentSlice again = segment.read(50, 100_000, segment.size(), Long.MAX_VALUE, false)) {
            assertThat(TestBatches.parse(again.readAll())).extracting(RecordBatch::baseOffset).startsWith(50L);
        }
    }
}
