package io.sluice.server.log;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.record.CompressionType;
import io.sluice.record.Record;
import io.sluice.record.RecordBatch;
import io.sluice.record.RecordBatchBuilder;
import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogCleanerTest {

    @TempDir
    File tmp;

    private LogTestSupport support;

    /** One record as read back: offset, key, value (null for a tombstone). */
    record Entry(long offset, String key, String value) {
    }

    private LogTestSupport support() {
        if (support == null) {
            support = new LogTestSupport(new File(tmp, "logs"));
        }
        return support;
    }

    @AfterEach
    void tearDown() {
        if (support != null) {
            support.close();
        }
    }

    static LogConfig compactConfig(Map<String, String> extra) {
        Map<String, String> props = new HashMap<>(Map.of("segment.bytes", "4096", "cleanup.policy", "compact",
                "file.delete.delay.ms", "0", "index.interval.bytes", "512"));
        props.putAll(extra);
        return LogConfig.fromProperties(Map.of(), props);
    }

    private static ByteBuffer keyedBatch(CompressionType codec, long timestamp, String[] keys, String[] values) {
        RecordBatchBuilder builder = new RecordBatchBuilder(codec);
        for (int i = 0; i < keys.length; i++) {
            builder.append(timestamp, keys[i].getBytes(StandardCharsets.UTF_8),
                    values[i] == null ? null : values[i].getBytes(StandardCharsets.UTF_8));
        }
        return builder.build();
    }

    /** Appends {@code count} records over {@code keys} keys, 10 per batch, alternating codecs; returns them in order. */
    static List<Entry> appendRandom(Log log, Random random, int count, int keys, long timestamp, double tombstoneShare) {
        List<Entry> written = new ArrayList<>();
        int batchNo = 0;
        for (int done = 0; done < count; done += 10) {
            String[] k = new String[10];
            String[] v = new String[10];
            long base = log.logEndOffset();
            for (int i = 0; i < 10; i++) {
                k[i] = "key-" + random.nextInt(keys);
                v[i] = random.nextDouble() < tombstoneShare ? null : "value-" + (base + i);
                written.add(new Entry(base + i, k[i], v[i]));
            }
            CompressionType codec = batchNo++ % 2 == 0 ? CompressionType.NONE : CompressionType.GZIP;
            log.appendAsLeader(keyedBatch(codec, timestamp, k, v), 0);
        }
        return written;
    }

    /** Every record of the log from its start, through {@link Log#read}, checking each batch's CRC. */
    static List<Entry> readAll(Log log) throws IOException {
        List<Entry> out = new ArrayList<>();
        long offset = log.logStartOffset();
        while (offset < log.logEndOffset()) {
            try (LogReadResult result = log.read(offset, 1 << 20, true)) {
                ByteBuffer bytes = result.records().readAll();
                if (!bytes.hasRemaining()) {
                    break;
                }
                int pos = bytes.position();
                while (pos < bytes.limit()) {
                    RecordBatch batch = RecordBatch.at(bytes, pos);
                    batch.validate();
                    for (Record record : batch) {
                        if (record.offset() >= offset) {
                            out.add(new Entry(record.offset(), string(record.key()), record.hasValue() ? string(record.value()) : null));
                        }
                    }
                    offset = batch.nextOffset();
                    pos += batch.sizeInBytes();
                }
            }
        }
        return out;
    }

    /** {@link #readAll} while a cleaner may swap segments under the reader: a removed segment means read again. */
    static List<Entry> readAllRetrying(Log log) throws IOException {
        while (true) {
            try {
                return readAll(log);
            } catch (OffsetOutOfRangeException e) {
                Thread.onSpinWait();
            }
        }
    }

    private static String string(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** For each key its latest record, in offset order. */
    static List<Entry> latestPerKey(List<Entry> entries) {
        Map<String, Entry> latest = new LinkedHashMap<>();
        for (Entry e : entries) {
            latest.put(e.key(), e);
        }
        return latest.values().stream().sorted(java.util.Comparator.comparingLong(Entry::offset)).toList();
    }

    /** key to value, without deleted keys: what a consumer building a table sees. */
    private static Map<String, String> table(List<Entry> entries) {
        Map<String, String> table = new HashMap<>();
        for (Entry e : entries) {
            if (e.value() == null) {
                table.remove(e.key());
            } else {
                table.put(e.key(), e.value());
            }
        }
        return table;
    }

    @Test
    void keepsExactlyTheLatestRecordOfEveryKeyWithOffsetsUnchanged() throws Exception {
        Log log = support().open(compactConfig(Map.of()));
        List<Entry> written = appendRandom(log, new Random(1), 5000, 200, 1_000, 0);
        log.roll();
        int segmentsBefore = log.numberOfSegments();
        assertThat(segmentsBefore).isGreaterThan(10);
        assertThat(readAll(log)).isEqualTo(written);

        Cleaner cleaner = new Cleaner(new SkimpyOffsetMap(1 << 20), null);
        Cleaner.CleanResult result = cleaner.clean(log, 0, support().clock.millis());

        List<Entry> after = readAll(log);
        assertThat(after).isEqualTo(latestPerKey(written));
        assertThat(after).hasSize(200);
        assertThat(result.nextDirtyOffset()).isEqualTo(log.logEndOffset());
        assertThat(result.bytesWritten()).isLessThan(result.bytesRead());
        assertThat(log.logEndOffset()).isEqualTo(5000);

        // Groups are formed by the input sizes, so the shrunken segments merge on the next pass.
        cleaner.clean(log, 0, support().clock.millis());
        assertThat(readAll(log)).isEqualTo(after);
        assertThat(log.numberOfSegments()).isLessThan(segmentsBefore / 4);

        // Appends go on after the cleaning, and a second cleaning finds nothing more to drop.
        List<Entry> more = appendRandom(log, new Random(2), 500, 200, 2_000, 0);
        log.roll();
        cleaner.clean(log, 0, support().clock.millis());
        List<Entry> all = new ArrayList<>(written);
        all.addAll(more);
        assertThat(readAll(log)).isEqualTo(latestPerKey(all));

        // The cleaned segments survive a restart (indexes and all).
        log.close();
        Log reopened = support().open(compactConfig(Map.of()), 0, 0, false);
        assertThat(readAll(reopened)).isEqualTo(latestPerKey(all));
        reopened.close();
    }

    @Test
    void aSmallOffsetMapCleansInSeveralPassesThatConverge() throws Exception {
        Log log = support().open(compactConfig(Map.of()));
        List<Entry> written = appendRandom(log, new Random(11), 3000, 120, 1_000, 0.05);
        log.roll();
        SkimpyOffsetMap map = new SkimpyOffsetMap(24 * 50);
        assertThat(map.capacity()).isLessThan(120);
        Cleaner cleaner = new Cleaner(map, null);
        long firstDirty = 0;
        int passes = 0;
        while (firstDirty < log.logEndOffset()) {
            long next = cleaner.clean(log, firstDirty, support().clock.millis()).nextDirtyOffset();
            assertThat(next).isGreaterThan(firstDirty);
            // Whatever a pass covered, no key lost its latest value.
            assertThat(table(readAll(log))).isEqualTo(table(written));
            firstDirty = next;
            passes++;
        }
        assertThat(passes).isGreaterThan(2);
        // A map that cannot take one batch (10 keys) makes no progress and says why.
        Cleaner tiny = new Cleaner(new SkimpyOffsetMap(24 * 5), null);
        appendRandom(log, new Random(14), 100, 120, 1_000, 0);
        log.roll();
        Cleaner.CleanResult stuck = tiny.clean(log, firstDirty, support().clock.millis());
        assertThat(stuck.nextDirtyOffset()).isEqualTo(firstDirty);
        assertThat(stuck.mapFull()).isTrue();
        written = new ArrayList<>(written);
        written.addAll(readAll(log).stream().filter(e -> e.offset() >= 3000).toList());
        // Each pass drops what its keys superseded; a last full pass with a large map leaves one per key.
        new Cleaner(new SkimpyOffsetMap(1 << 20), null).clean(log, 0, support().clock.millis());
        assertThat(readAll(log)).isEqualTo(latestPerKey(written));
        log.close();
    }

    @Test
    void appendsAndReadsGoOnWhileAGroupIsRewritten() throws Exception {
        Log log = support().open(compactConfig(Map.of()));
        List<Entry> written = appendRandom(log, new Random(12), 2000, 40, 1_000, 0);
        log.roll();
        java.util.concurrent.ExecutorService other = java.util.concurrent.Executors.newSingleThreadExecutor();
        List<Entry> appendedMeanwhile = new ArrayList<>();
        try {
            Cleaner.StepHook appendFromAnotherThread = step -> {
                if (!step.equals("cleaned")) {
                    return;
                }
                // The cleaner is between reading the old segments and the swap: another thread must
                // be able to append and read (a deadlock here would hang the get, bounded below).
                try {
                    appendedMeanwhile.addAll(other.submit(() -> {
                        List<Entry> added = appendRandom(log, new Random(13), 20, 40, 2_000, 0);
                        readAll(log);
                        return added;
                    }).get(60, java.util.concurrent.TimeUnit.SECONDS));
                } catch (Exception e) {
                    throw new IOException(e);
                }
            };
            new Cleaner(new SkimpyOffsetMap(1 << 20), appendFromAnotherThread).clean(log, 0, support().clock.millis());
        } finally {
            other.shutdownNow();
        }
        assertThat(appendedMeanwhile).isNotEmpty();
        List<Entry> expected = new ArrayList<>(latestPerKey(written));
        expected.addAll(appendedMeanwhile);
        assertThat(readAll(log)).isEqualTo(expected);
        log.close();
    }

    @Test
    void groupsNeverSpanMoreOffsetsThanOneSegmentCanIndex() throws Exception {
        File dir = new File(tmp, "grouping");
        assertThat(dir.mkdirs()).isTrue();
        OpenSegmentLimiter limiter = new OpenSegmentLimiter(100);
        LogSegment a = LogSegment.open(dir, 0, 4096, 1024, limiter, 0, false);
        LogSegment b = LogSegment.open(dir, 100, 4096, 1024, limiter, 0, false);
        LogSegment c = LogSegment.open(dir, 3_000_000_000L, 4096, 1024, limiter, 0, false);
        LogConfig config = compactConfig(Map.of());
        assertThat(Cleaner.group(List.of(a, b), 200, config)).containsExactly(List.of(a, b));
        // b's offsets may reach up to the next segment's base: past 2^31 from a's base, so b starts a group.
        assertThat(Cleaner.group(List.of(a, b), 2_500_000_000L, config)).containsExactly(List.of(a), List.of(b));
        assertThat(Cleaner.group(List.of(a, b, c), 3_000_000_100L, config))
                .containsExactly(List.of(a), List.of(b), List.of(c));
        for (LogSegment segment : List.of(a, b, c)) {
            segment.close();
        }
    }

    private static ByteBuffer producerBatch(long producerId, int baseSequence, String... keys) {
        RecordBatchBuilder builder = new RecordBatchBuilder(CompressionType.GZIP).producer(producerId, (short) 0, baseSequence);
        for (String key : keys) {
            builder.append(1_000, key.getBytes(StandardCharsets.UTF_8), ("p" + producerId + "-" + key).getBytes(StandardCharsets.UTF_8));
        }
        return builder.build();
    }

    private static List<RecordBatch> readBatches(Log log) throws IOException {
        List<RecordBatch> out = new ArrayList<>();
        long offset = log.logStartOffset();
        while (offset < log.logEndOffset()) {
            try (LogReadResult result = log.read(offset, 1 << 20, true)) {
                ByteBuffer bytes = result.records().readAll();
                for (int pos = bytes.position(); pos < bytes.limit(); ) {
                    RecordBatch batch = RecordBatch.at(bytes, pos);
                    batch.validate();
                    out.add(batch.copy());
                    offset = batch.nextOffset();
                    pos += batch.sizeInBytes();
                }
            }
        }
        return out;
    }

    @Test
    void idempotentBatchesKeepTheirOffsetRangeAndTheNewestOneOfAProducerStaysAsAHeader() throws Exception {
        Log log = support().open(compactConfig(Map.of()));
        log.appendAsLeader(producerBatch(7, 0, "a", "b"), 0);                                       // 0-1
        log.appendAsLeader(keyedBatch(CompressionType.NONE, 1_000, new String[] {"a", "b"}, new String[] {"x", "y"}), 0); // 2-3
        log.appendAsLeader(producerBatch(8, 0, "c", "d", "e"), 0);                                  // 4-6
        log.appendAsLeader(keyedBatch(CompressionType.NONE, 1_000, new String[] {"e"}, new String[] {"z"}), 0); // 7
        log.roll();
        new Cleaner(new SkimpyOffsetMap(1 << 20), null).clean(log, 0, support().clock.millis());

        assertThat(readAll(log)).extracting(Entry::offset).containsExactly(2L, 3L, 4L, 5L, 7L);
        List<RecordBatch> batches = readBatches(log);
        RecordBatch p7 = batches.get(0);
        assertThat(p7.producerId()).isEqualTo(7);
        assertThat(p7.recordsCount()).isZero();
        assertThat(p7.baseOffset()).isEqualTo(0);
        assertThat(p7.lastOffset()).isEqualTo(1);
        assertThat(p7.lastSequence()).isEqualTo(1);
        RecordBatch p8 = batches.get(2);
        assertThat(p8.producerId()).isEqualTo(8);
        assertThat(p8.recordsCount()).isEqualTo(2);
        assertThat(p8.compressionType()).isEqualTo(CompressionType.GZIP);
        assertThat(p8.baseOffset()).isEqualTo(4);
        assertThat(p8.lastOffset()).isEqualTo(6);
        assertThat(p8.lastSequence()).isEqualTo(2);

        // Without snapshots the producer state is rebuilt from these headers.
        log.close();
        for (File snapshot : support().partitionDir().listFiles((d, n) -> n.endsWith(".snapshot"))) {
            Files.delete(snapshot.toPath());
        }
        Log reopened = support().open(compactConfig(Map.of()), 0, 0, false);
        assertThat(reopened.producerState(7)).hasValueSatisfying(e -> assertThat(e.lastSequence()).isEqualTo(1));
        assertThat(reopened.producerState(8)).hasValueSatisfying(e -> assertThat(e.lastSequence()).isEqualTo(2));
        assertThat(readAll(reopened)).extracting(Entry::offset).containsExactly(2L, 3L, 4L, 5L, 7L);
        reopened.close();
    }

    @Test
    void tombstonesStayForDeleteRetentionAfterTheFirstCleaningThenGo() throws Exception {
        Log log = support().open(compactConfig(Map.of("delete.retention.ms", "10000")));
        List<Entry> written = appendRandom(log, new Random(3), 2000, 50, 1_000, 0.2);
        log.roll();
        Cleaner cleaner = new Cleaner(new SkimpyOffsetMap(1 << 20), null);
        long t0 = support().clock.millis();
        cleaner.clean(log, 0, t0);
        List<Entry> latest = latestPerKey(written);
        assertThat(latest).anyMatch(e -> e.value() == null);
        assertThat(readAll(log)).isEqualTo(latest);

        cleaner.clean(log, 0, t0 + 9_999);
        assertThat(readAll(log)).isEqualTo(latest);

        cleaner.clean(log, 0, t0 + 10_000);
        List<Entry> withoutTombstones = latest.stream().filter(e -> e.value() != null).toList();
        assertThat(readAll(log)).isEqualTo(withoutTombstones);
        assertThat(table(readAll(log))).isEqualTo(table(written));
        log.close();
    }

    @Test
    void recordsYoungerThanTheMinCompactionLagAreNotCompacted() throws Exception {
        Log log = support().open(compactConfig(Map.of("min.compaction.lag.ms", "10000")));
        long now = support().clock.millis();
        List<Entry> old = appendRandom(log, new Random(4), 1000, 30, now - 20_000, 0);
        log.roll();
        List<Entry> young = appendRandom(log, new Random(5), 1000, 30, now - 5_000, 0);
        log.roll();
        new Cleaner(new SkimpyOffsetMap(1 << 20), null).clean(log, 0, now);
        List<Entry> expected = new ArrayList<>(latestPerKey(old));
        expected.addAll(young);
        assertThat(readAll(log)).isEqualTo(expected);
        log.close();
    }

    @Test
    void compactAndDeleteAlsoAppliesRetention() throws Exception {
        Log log = support().open(compactConfig(Map.of("cleanup.policy", "compact,delete", "retention.ms", "60000")));
        long now = support().clock.millis();
        appendRandom(log, new Random(6), 1000, 30, now - 120_000, 0);
        log.roll();
        List<Entry> recent = appendRandom(log, new Random(7), 1000, 30, now, 0);
        log.roll();
        assertThat(log.deleteOldSegments()).isGreaterThan(0);
        assertThat(log.logStartOffset()).isEqualTo(1000);
        new Cleaner(new SkimpyOffsetMap(1 << 20), null).clean(log, 0, now);
        assertThat(readAll(log)).isEqualTo(latestPerKey(recent));
        log.close();
    }

    @Test
    void aCrashAtAnyStepRecoversTheOldOrTheNewSegments() throws Exception {
        Log log = support().open(compactConfig(Map.of("segment.bytes", "2048")));
        appendRandom(log, new Random(8), 1500, 40, 1_000, 0.1);
        log.roll();
        List<Entry> before = readAll(log);
        Path snapshots = new File(tmp, "snapshots").toPath();
        List<String> steps = new ArrayList<>();
        Cleaner.StepHook copyDirectory = step -> {
            Path target = snapshots.resolve(steps.size() + "/topic-0");
            steps.add(step);
            Files.createDirectories(target);
            try (var files = Files.list(support().partitionDir().toPath())) {
                for (Path file : files.toList()) {
                    try {
                        Files.copy(file, target.resolve(file.getFileName()), StandardCopyOption.COPY_ATTRIBUTES);
                    } catch (java.nio.file.NoSuchFileException e) {
                        // The delayed deletion (file.delete.delay.ms=0) removed a .deleted file meanwhile:
                        // a crash could as well have come after that.
                        assertThat(file.getFileName().toString()).endsWith(".deleted");
                    }
                }
            }
        };
        new Cleaner(new SkimpyOffsetMap(1 << 20), copyDirectory).clean(log, 0, support().clock.millis());
        List<Entry> after = readAll(log);
        log.close();
        assertThat(after).isEqualTo(latestPerKey(before));
        assertThat(steps).contains("cleaned", "swap", "swapped").anyMatch(s -> s.startsWith("deleted"));

        for (int i = 0; i < steps.size(); i++) {
            File logDir = snapshots.resolve(Integer.toString(i)).toFile();
            try (LogTestSupport crashed = new LogTestSupport(logDir)) {
                Log recovered = crashed.open(compactConfig(Map.of("segment.bytes", "2048")), 0, 0, false);
                List<Entry> seen = readAll(recovered);
                String where = "after step " + i + " (" + steps.get(i) + ")";
                assertThat(table(seen)).as(where).isEqualTo(table(before));
                assertThat(latestPerKey(seen)).as(where).isEqualTo(latestPerKey(before));
                assertThat(before).as(where).containsAll(seen);
                for (int j = 1; j < seen.size(); j++) {
                    assertThat(seen.get(j).offset()).as(where).isGreaterThan(seen.get(j - 1).offset());
                }
                assertThat(recovered.logEndOffset()).as(where).isEqualTo(1500);
                // No cleaner leftovers survive recovery.
                assertThat(new File(logDir, "topic-0").list()).as(where)
                        .noneMatch(n -> n.endsWith(".cleaned") || n.endsWith(".swap") || n.endsWith(".deleted"));
                recovered.close();
            }
        }
    }

    @Test
    void logManagerCleansACompactedLogWhoseDirtyRatioPassesTheThreshold() throws Exception {
        Properties props = new Properties();
        props.put("log.dirs", new File(tmp, "managed").getPath());
        props.put("log.cleaner.backoff.ms", "20");
        props.put("log.cleaner.dedupe.buffer.size", Integer.toString(1 << 20));
        LogManager manager = LogManager.fromProperties(props, Clock.systemUTC(), new LogDirFailureChannel());
        manager.startup();
        try {
            Log log = manager.getOrCreateLog(new TopicPartition("compacted", 0), compactConfig(Map.of()), null);
            List<Entry> written = appendRandom(log, new Random(9), 3000, 20, System.currentTimeMillis(), 0);
            log.roll();
            List<Entry> expected = latestPerKey(written);
            long deadline = System.nanoTime() + 60_000_000_000L;
            // The cleaner swaps the cleaned segments in first and records how far it cleaned right
            // after, so wait for both before looking.
            while ((!readAllRetrying(log).equals(expected) || manager.cleaner().dirtyRatio(log) != 0.0)
                    && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(readAll(log)).isEqualTo(expected);
            assertThat(manager.cleaner().cleanings()).isPositive();
            assertThat(manager.cleaner().dirtyRatio(log)).isZero();
        } finally {
            manager.close();
        }
    }
}
