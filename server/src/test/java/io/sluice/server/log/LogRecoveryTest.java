package io.sluice.server.log;

import static io.sluice.server.log.TestBatches.batch;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.record.RecordBatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogRecoveryTest {

    @TempDir
    Path tmp;

    private LogTestSupport support;
    private Log log;
    private final LogConfig config = LogTestSupport.config(Map.of("segment.bytes", "2000", "index.interval.bytes", "200"));

    @BeforeEach
    void setUp() throws Exception {
        support = new LogTestSupport(tmp.toFile());
        log = support.open(config);
        for (int i = 0; i < 30; i++) {
            log.appendAsLeader(batch(0, 1000 + i, 3, 40), 1 + i / 10);
        }
        assertThat(log.numberOfSegments()).isGreaterThanOrEqualTo(3);
    }

    @AfterEach
    void tearDown() {
        log.close();
        support.close();
    }

    private byte[] allBytes(Log from) throws Exception {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        long offset = from.logStartOffset();
        while (offset < from.logEndOffset()) {
            try (LogReadResult result = from.read(offset, Integer.MAX_VALUE, false)) {
                byte[] bytes = TestBatches.bytes(result.records().readAll());
                out.write(bytes);
                List<RecordBatch> batches = TestBatches.parse(java.nio.ByteBuffer.wrap(bytes));
                offset = batches.get(batches.size() - 1).nextOffset();
            }
        }
        return out.toByteArray();
    }

    private Log reopenAfterCrash() throws Exception {
        log.close();
        log = support.open(config, 0, 0, false);
        return log;
    }

    @Test
    void aTornTailIsCutAtTheLastWholeBatch() throws Exception {
        byte[] before = allBytes(log);
        LogSegment active = log.segments().get(log.numberOfSegments() - 1);
        int lastBatchSize = batch(0, 1, 3, 40).remaining();
        File activeFile = active.logFile();
        log.close();
        try (RandomAccessFile raf = new RandomAccessFile(activeFile, "rw")) {
            raf.setLength(raf.length() - 10);
        }
        log = support.open(config, 0, 0, false);
        assertThat(log.logEndOffset()).isEqualTo(87);
        assertThat(allBytes(log)).isEqualTo(Arrays.copyOf(before, before.length - lastBatchSize));
        // The log takes appends right after the cut.
        assertThat(log.appendAsLeader(batch(0, 1, 1, 1), 4).firstOffset()).isEqualTo(87);
    }

    @Test
    void aCorruptBatchInTheMiddleKeepsEverythingBeforeItAndDropsLaterSegments() throws Exception {
        byte[] before = allBytes(log);
        List<LogSegment> segments = log.segments();
        LogSegment middle = segments.get(1);
        int corruptAt = middle.size() / 2;
        LogSegment.BatchPosition hit = null;
        for (long offset = middle.baseOffset(); ; offset++) {
            LogSegment.BatchPosition p = middle.translateOffset(offset, middle.size());
            if (p.position() + p.size() > corruptAt) {
                hit = p;
                break;
            }
        }
        File file = middle.logFile();
        log.close();
        try (RandomAccessFile raf = new RandomAccessFile(file, "rw")) {
            raf.seek(hit.position() + 70);
            int b = raf.read();
            raf.seek(hit.position() + 70);
            raf.write(b ^ 0xff);
        }
        log = support.open(config, 0, 0, false);
        assertThat(log.logEndOffset()).isEqualTo(hit.baseOffset());
        assertThat(log.numberOfSegments()).isEqualTo(2);
        int keptBytes = segments.get(0).size() + hit.position();
        assertThat(allBytes(log)).isEqualTo(Arrays.copyOf(before, keptBytes));
        assertThat(new File(support.partitionDir(), LogFileUtils.filenamePrefixFromOffset(segments.get(2).baseOffset()) + ".log"))
                .doesNotExist();
        assertThat(log.leaderEpochCache().entries().get(log.leaderEpochCache().entries().size() - 1).startOffset())
                .isLessThan(hit.baseOffset());
    }

    @Test
    void aCleanShutdownSkipsRecoveryButAMissingIndexIsRebuiltIdentically() throws Exception {
        LogSegment first = log.segments().get(0);
        log.close();
        byte[] index = Files.readAllBytes(first.offsetIndexFile().toPath());
        byte[] timeIndex = Files.readAllBytes(first.timeIndexFile().toPath());
        assertThat(index.length).isPositive();
        Files.delete(first.offsetIndexFile().toPath());
        Files.delete(first.timeIndexFile().toPath());
        log = support.open(config, 0, log.logEndOffset(), true);
        log.close();
        assertThat(Files.readAllBytes(first.offsetIndexFile().toPath())).isEqualTo(index);
        assertThat(Files.readAllBytes(first.timeIndexFile().toPath())).isEqualTo(timeIndex);
        log = support.open(config, 0, log.logEndOffset(), true);
        assertThat(log.logEndOffset()).isEqualTo(90);
    }

    @Test
    void aCorruptIndexIsRebuilt() throws Exception {
        LogSegment first = log.segments().get(0);
        LogSegment second = log.segments().get(1);
        log.close();
        byte[] index = Files.readAllBytes(first.offsetIndexFile().toPath());
        byte[] secondIndex = Files.readAllBytes(second.offsetIndexFile().toPath());
        // Not a multiple of the entry size.
        Files.write(first.offsetIndexFile().toPath(), Arrays.copyOf(index, index.length - 3));
        // Entries that go backwards.
        byte[] reversed = secondIndex.clone();
        System.arraycopy(secondIndex, 0, reversed, 8, 8);
        System.arraycopy(secondIndex, 8, reversed, 0, 8);
        Files.write(second.offsetIndexFile().toPath(), reversed);
        log = support.open(config, 0, 90, true);
        log.close();
        assertThat(Files.readAllBytes(first.offsetIndexFile().toPath())).isEqualTo(index);
        assertThat(Files.readAllBytes(second.offsetIndexFile().toPath())).isEqualTo(secondIndex);
        log = support.open(config, 0, 90, true);
        for (long offset = 0; offset < 90; offset += 4) {
            try (LogReadResult r = log.read(offset, 1, true)) {
                RecordBatch b = TestBatches.parse(r.records().readAll()).get(0);
                assertThat(b.baseOffset()).isLessThanOrEqualTo(offset);
                assertThat(b.lastOffset()).isGreaterThanOrEqualTo(offset);
            }
        }
    }

    @Test
    void leftoverDeletedCleanedAndTmpFilesAreRemoved() throws Exception {
        log.close();
        File dir = support.partitionDir();
        String[] leftovers = {"00000000000000000003.log.deleted", "00000000000000000003.index.deleted",
            "00000000000000000000.log.cleaned", "00000000000000000000.timeindex.cleaned", "leader-epoch-checkpoint.tmp",
            "00000000000000000000.index.swap", "00000000000000099999.index"};
        for (String name : leftovers) {
            Files.write(new File(dir, name).toPath(), new byte[] {1, 2, 3});
        }
        log = support.open(config, 0, 0, false);
        for (String name : leftovers) {
            assertThat(new File(dir, name)).as(name).doesNotExist();
        }
        assertThat(log.logEndOffset()).isEqualTo(90);
    }

    @Test
    void aSwapSegmentReplacesTheSegmentsItCovers() throws Exception {
        byte[] before = allBytes(log);
        List<LogSegment> segments = log.segments();
        LogSegment first = segments.get(0);
        LogSegment second = segments.get(1);
        log.close();
        File dir = support.partitionDir();
        // What a cleaner would leave: segments 0 and 1 merged into one file, not yet swapped in.
        byte[] merged = concatFiles(first.logFile(), second.logFile());
        Files.write(new File(dir, "00000000000000000000.log.swap").toPath(), merged);
        log = support.open(config, 0, 0, false);
        List<Long> expected = new java.util.ArrayList<>(List.of(0L));
        segments.subList(2, segments.size()).forEach(s -> expected.add(s.baseOffset()));
        assertThat(log.segments()).extracting(LogSegment::baseOffset).containsExactlyElementsOf(expected);
        assertThat(new File(dir, LogFileUtils.filenamePrefixFromOffset(second.baseOffset()) + ".log")).doesNotExist();
        assertThat(new File(dir, "00000000000000000000.log.swap")).doesNotExist();
        assertThat(allBytes(log)).isEqualTo(before);
    }

    private static byte[] concatFiles(File a, File b) throws Exception {
        byte[] x = Files.readAllBytes(a.toPath());
        byte[] y = Files.readAllBytes(b.toPath());
        byte[] out = Arrays.copyOf(x, x.length + y.length);
        System.arraycopy(y, 0, out, x.length, y.length);
        return out;
    }

    @Test
    void recoveryStartsAtTheSegmentOfTheRecoveryPoint() throws Exception {
        List<LogSegment> segments = log.segments();
        File firstFile = segments.get(0).logFile();
        log.close();
        // Damage below the recovery point is not looked at: that data was flushed and checked before.
        try (RandomAccessFile raf = new RandomAccessFile(firstFile, "rw")) {
            raf.seek(100);
            raf.write(0x55);
        }
        log = support.open(config, 0, segments.get(1).baseOffset(), false);
        assertThat(log.logEndOffset()).isEqualTo(90);
        assertThat(log.recoveryPoint()).isEqualTo(segments.get(1).baseOffset());
    }
}
