package io.sluice.server.log;

import static io.sluice.server.log.LogCleanerTest.appendRandom;
import static io.sluice.server.log.LogCleanerTest.compactConfig;
import static io.sluice.server.log.LogCleanerTest.latestPerKey;
import static io.sluice.server.log.LogCleanerTest.readAll;
import static io.sluice.server.log.LogCleanerTest.readAllRetrying;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.server.log.LogCleanerTest.Entry;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The per-log-dir cleaner-offset-checkpoint: written after a cleaning, read at startup, pruned on deletion. */
class CleanerOffsetCheckpointTest {

    private static final TopicPartition COMPACTED = new TopicPartition("compacted", 0);

    @TempDir
    File tmp;

    private File logDir() {
        return new File(tmp, "managed");
    }

    private LogManager manager(String cleanerEnable) {
        Properties props = new Properties();
        props.put("log.dirs", logDir().getPath());
        props.put("log.cleaner.backoff.ms", "20");
        props.put("log.cleaner.enable", cleanerEnable);
        props.put("log.cleaner.dedupe.buffer.size", Integer.toString(1 << 20));
        LogManager manager = LogManager.fromProperties(props, Clock.systemUTC(), new LogDirFailureChannel());
        // Every topic of these tests is compacted.
        manager.startup(topic -> compactConfig(Map.of()));
        return manager;
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out waiting until " + what);
            }
            Thread.sleep(20);
        }
    }

    private List<String> checkpointLines() throws Exception {
        return Files.readAllLines(new File(logDir(), "cleaner-offset-checkpoint").toPath(), StandardCharsets.UTF_8);
    }

    private static boolean readsAs(Log log, List<Entry> expected) {
        try {
            return readAllRetrying(log).equals(expected);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void aCleaningIsCheckpointedAndARestartDoesNotCleanTheCleanedRangeAgain() throws Exception {
        LogManager manager = manager("true");
        List<Entry> written;
        long firstDirty;
        try {
            Log log = manager.getOrCreateLog(COMPACTED, compactConfig(Map.of()), null);
            written = appendRandom(log, new Random(21), 3000, 20, System.currentTimeMillis(), 0);
            log.roll();
            List<Entry> expected = latestPerKey(written);
            await(() -> readsAs(log, expected) && manager.cleaner().dirtyRatio(log) == 0, "the log is cleaned");
            firstDirty = manager.cleaner().firstDirtyOffset(log);
            assertThat(firstDirty).isEqualTo(3000);
            // Written by the cleaning itself, in Kafka's format: version, count, "topic partition offset".
            await(() -> {
                try {
                    return checkpointLines().equals(List.of("0", "1", "compacted 0 3000"));
                } catch (Exception e) {
                    return false;
                }
            }, "the checkpoint holds the cleaned log");
        } finally {
            // A crash: no clean shutdown, no checkpoint written at close; the one the cleaning wrote must do.
            manager.closeWithoutCleanShutdown();
        }

        // Restart with the cleaner off, so nothing can move the restored state under the assertions.
        LogManager restarted = manager("false");
        try {
            Log log = restarted.getLog(COMPACTED).orElseThrow();
            assertThat(restarted.cleaner().firstDirtyOffset(log)).isEqualTo(firstDirty);
            // Nothing dirty: the cleaner would not pick this log (it needs a positive dirty ratio).
            assertThat(restarted.cleaner().dirtyRatio(log)).isZero();
            assertThat(readAll(log)).isEqualTo(latestPerKey(written));
        } finally {
            restarted.close();
        }
        assertThat(checkpointLines()).containsExactly("0", "1", "compacted 0 3000");

        // With the cleaner on again, only what is appended after the restart is cleaned.
        LogManager third = manager("true");
        try {
            Log log = third.getLog(COMPACTED).orElseThrow();
            assertThat(third.cleaner().firstDirtyOffset(log)).isEqualTo(3000);
            List<Entry> more = appendRandom(log, new Random(22), 1000, 20, System.currentTimeMillis(), 0);
            log.roll();
            List<Entry> all = new ArrayList<>(written);
            all.addAll(more);
            List<Entry> expected = latestPerKey(all);
            await(() -> readsAs(log, expected) && third.cleaner().firstDirtyOffset(log) == 4000, "the new records are cleaned");
            await(() -> {
                try {
                    return checkpointLines().equals(List.of("0", "1", "compacted 0 4000"));
                } catch (Exception e) {
                    return false;
                }
            }, "the checkpoint moves on");
        } finally {
            third.close();
        }
    }

    @Test
    void deletingALogDropsItsLineAndAnUnreadableCheckpointOnlyMeansCleaningAgain() throws Exception {
        LogManager manager = manager("false");
        try {
            Log kept = manager.getOrCreateLog(COMPACTED, compactConfig(Map.of()), null);
            Log deleted = manager.getOrCreateLog(new TopicPartition("gone", 3), compactConfig(Map.of()), null);
            for (Log l : List.of(kept, deleted)) {
                appendRandom(l, new Random(5), 200, 10, 1_000, 0);
                l.roll();
                manager.cleaner().restoreFirstDirtyOffset(l, 150);
            }
            manager.checkpointCleanerOffsets(logDir());
            assertThat(checkpointLines()).containsExactly("0", "2", "compacted 0 150", "gone 3 150");
            manager.deleteLog(new TopicPartition("gone", 3));
            assertThat(checkpointLines()).containsExactly("0", "1", "compacted 0 150");
        } finally {
            manager.close();
        }

        Files.writeString(new File(logDir(), "cleaner-offset-checkpoint").toPath(), "0\n5\ncompacted 0 1\n");
        LogManager restarted = manager("false");
        try {
            Log log = restarted.getLog(COMPACTED).orElseThrow();
            assertThat(restarted.cleaner().firstDirtyOffset(log)).isZero();
            assertThat(restarted.cleaner().dirtyRatio(log)).isEqualTo(1.0);
        } finally {
            restarted.close();
        }
    }
}
