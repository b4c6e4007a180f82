package io.sluice.server.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.ShrinkingMode;
import org.apache.kafka.common.record.RecordBatch;

/**
 * Random sequences of append, roll, truncate, DeleteRecords, size retention, clean reopen and
 * crash (close without a clean shutdown, then cut the active segment at a random byte) against a
 * plain in-memory model: after every step the log's start and end offsets and the bytes of every
 * read must be what the model says.
 */
class LogPropertyTest {

    /** One batch as the model remembers it: its offsets and its exact bytes as stored. */
    private record ModelBatch(long baseOffset, long lastOffset, byte[] bytes) {
    }

    private static final class Model {
        final List<ModelBatch> batches = new ArrayList<>();
        long logStart;
        long logEnd;

        /** The batches a read from {@code offset} must return, concatenated. */
        byte[] bytesFrom(long offset) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (ModelBatch batch : batches) {
                if (batch.lastOffset() >= offset) {
                    out.writeBytes(batch.bytes());
                }
            }
            return out.toByteArray();
        }

        void dropBatchesBelow(long firstSegmentBase) {
            batches.removeIf(b -> b.baseOffset() < firstSegmentBase);
        }
    }

    @Property(tries = 60, shrinking = ShrinkingMode.OFF)
    void logBehavesLikeItsModel(@ForAll long seed) throws Exception {
        Random random = new Random(seed);
        File root = Files.createTempDirectory("log-property").toFile();
        LogTestSupport support = new LogTestSupport(root, 1 + random.nextInt(6));
        LogConfig config = LogTestSupport.config(Map.of(
                "segment.bytes", String.valueOf(1800 + random.nextInt(4000)),
                "index.interval.bytes", String.valueOf(random.nextInt(400)),
                "segment.index.bytes", String.valueOf(48 + random.nextInt(200)),
                "file.delete.delay.ms", "0"));
        Model model = new Model();
        Log log = support.open(config);
        try {
            for (int step = 0; step < 60; step++) {
                int op = random.nextInt(100);
                if (op < 50) {
                    ByteBuffer batch = TestBatches.batch(0, 1000 + random.nextInt(1000), 1 + random.nextInt(5), random.nextInt(300));
                    LogAppendInfo info = log.appendAsLeader(batch, 0);
                    assertThat(info.firstOffset()).isEqualTo(model.logEnd);
                    model.batches.add(new ModelBatch(info.firstOffset(), info.lastOffset(), TestBatches.bytes(batch)));
                    model.logEnd = info.lastOffset() + 1;
                } else if (op < 55) {
                    log.roll();
                } else if (op < 63) {
                    long target = model.logStart + (long) (random.nextDouble() * (model.logEnd - model.logStart + 1));
                    long firstBase = log.segments().get(0).baseOffset();
                    log.truncateTo(target);
                    if (target < model.logEnd) {
                        if (target <= firstBase) {
                            model.batches.clear();
                            model.logStart = target;
                            model.logEnd = target;
                        } else {
                            model.batches.removeIf(b -> b.lastOffset() >= target);
                            model.logEnd = model.batches.isEmpty() ? firstBase
                                    : model.batches.get(model.batches.size() - 1).lastOffset() + 1;
                            model.logStart = Math.min(model.logStart, model.logEnd);
                        }
                    }
                } else if (op < 71) {
                    long target = model.logStart + (long) (random.nextDouble() * (model.logEnd - model.logStart + 1));
                    log.deleteRecordsBefore(target);
                    model.logStart = Math.max(model.logStart, target);
                    long firstBase = log.segments().get(0).baseOffset();
                    // Only whole segments go, and only those wholly below the new start.
                    assertThat(firstBase).isLessThanOrEqualTo(model.logStart);
                    model.dropBatchesBelow(firstBase);
                    model.logStart = Math.max(model.logStart, firstBase);
                } else if (op < 76) {
                    long before = log.sizeInBytes();
                    long limit = (long) (random.nextDouble() * before);
                    log.updateConfig(LogConfig.fromProperties(Map.of(), Map.of("segment.bytes", String.valueOf(config.segmentBytes()),
                            "index.interval.bytes", String.valueOf(config.indexIntervalBytes()),
                            "segment.index.bytes", String.valueOf(config.segmentIndexBytes()),
                            "retention.bytes", String.valueOf(limit), "file.delete.delay.ms", "0")));
                    log.deleteOldSegments();
                    log.updateConfig(config);
                    long firstBase = log.segments().get(0).baseOffset();
                    model.dropBatchesBelow(firstBase);
                    model.logStart = Math.max(model.logStart, firstBase);
                } else if (op < 84) {
                    log.flush();
                    log.close();
                    log = support.open(config, model.logStart, log.recoveryPoint(), true);
                } else {
                    log = crashAndReopen(log, support, config, model, random);
                }
                check(log, model, random);
            }
        } finally {
            log.close();
            support.close();
            LogFileUtils.deleteRecursively(root);
        }
    }

    private static Log crashAndReopen(Log log, LogTestSupport support, LogConfig config, Model model, Random random)
            throws Exception {
        List<LogSegment> segments = log.segments();
        LogSegment active = segments.get(segments.size() - 1);
        long recoveryPoint = log.recoveryPoint();
        File file = active.logFile();
        log.close();
        long length = file.length();
        long cut = (long) (random.nextDouble() * (length + 1));
        try (RandomAccessFile raf = new RandomAccessFile(file, "rw")) {
            raf.setLength(cut);
        }
        long position = 0;
        List<ModelBatch> survivors = new ArrayList<>();
        for (ModelBatch batch : model.batches) {
            if (batch.baseOffset() < active.baseOffset()) {
                survivors.add(batch);
                continue;
            }
            position += batch.bytes().length;
            if (position <= cut) {
                survivors.add(batch);
            }
        }
        model.batches.clear();
        model.batches.addAll(survivors);
        model.logEnd = survivors.isEmpty() || survivors.get(survivors.size() - 1).lastOffset() < active.baseOffset()
                ? Math.max(active.baseOffset(), survivors.isEmpty() ? active.baseOffset()
                        : survivors.get(survivors.size() - 1).lastOffset() + 1)
                : survivors.get(survivors.size() - 1).lastOffset() + 1;
        model.logStart = Math.min(model.logStart, model.logEnd);
        return support.open(config, model.logStart, Math.min(recoveryPoint, model.logEnd), false);
    }

    private static void check(Log log, Model model, Random random) throws Exception {
        assertThat(log.logEndOffset()).as("log end offset").isEqualTo(model.logEnd);
        assertThat(log.logStartOffset()).as("log start offset").isEqualTo(model.logStart);
        assertThat(readFrom(log, model.logStart, model.logEnd)).isEqualTo(model.bytesFrom(model.logStart));
        if (model.logEnd > model.logStart) {
            long offset = model.logStart + (long) (random.nextDouble() * (model.logEnd - model.logStart));
            try (LogReadResult result = log.read(offset, 1, true)) {
                RecordBatch first = TestBatches.parse(result.records().readAll()).get(0);
                assertThat(first.baseOffset()).isLessThanOrEqualTo(offset);
                assertThat(first.lastOffset()).isGreaterThanOrEqualTo(offset);
            }
        }
        try (LogReadResult atEnd = log.read(model.logEnd, 1000, true)) {
            assertThat(atEnd.records().isEmpty()).isTrue();
        }
        assertThatThrownBy(() -> log.read(model.logEnd + 1, 1000, true)).isInstanceOf(OffsetOutOfRangeException.class);
        if (model.logStart > 0) {
            assertThatThrownBy(() -> log.read(model.logStart - 1, 1000, true)).isInstanceOf(OffsetOutOfRangeException.class);
        }
    }

    /** Every byte from {@code start} to the end, read the way a consumer would: one read after the other. */
    private static byte[] readFrom(Log log, long start, long end) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long offset = start;
        while (offset < end) {
            try (LogReadResult result = log.read(offset, 1 + (int) (offset % 3000), true)) {
                byte[] bytes = TestBatches.bytes(result.records().readAll());
                assertThat(bytes).as("read at %d of [%d, %d)", offset, start, end).isNotEmpty();
                out.writeBytes(bytes);
                List<RecordBatch> batches = TestBatches.parse(ByteBuffer.wrap(bytes));
                offset = batches.get(batches.size() - 1).nextOffset();
            }
        }
        return out.toByteArray();
    }
}
