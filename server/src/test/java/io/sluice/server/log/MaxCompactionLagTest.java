package io.sluice.server.log;

import static io.sluice.server.log.LogCleanerTest.appendRandom;
import static io.sluice.server.log.LogCleanerTest.compactConfig;
import static io.sluice.server.log.LogCleanerTest.latestPerKey;
import static io.sluice.server.log.LogCleanerTest.readAll;
import static io.sluice.server.log.LogCleanerTest.readAllRetrying;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.server.log.LogCleanerTest.Entry;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** max.compaction.lag.ms: overdue dirty records make a log cleanable whatever its dirty ratio, and roll the active segment. */
class MaxCompactionLagTest {

    @TempDir
    File tmp;

    @Test
    void configDefaultsToNeverAndMustNotBeBelowTheMinLag() {
        LogConfig defaults = LogConfig.defaults();
        assertThat(defaults.maxCompactionLagMs()).isEqualTo(Long.MAX_VALUE);
        assertThat(defaults.maxSegmentMs()).isEqualTo(defaults.segmentMs());
        LogConfig broker = LogConfig.fromProperties(Map.of("log.cleaner.max.compaction.lag.ms", "5000"),
                Map.of("cleanup.policy", "compact"));
        assertThat(broker.maxCompactionLagMs()).isEqualTo(5000);
        assertThat(broker.maxSegmentMs()).isEqualTo(5000);
        LogConfig topic = LogConfig.fromProperties(Map.of("log.cleaner.max.compaction.lag.ms", "5000"),
                Map.of("max.compaction.lag.ms", "7000"));
        assertThat(topic.maxCompactionLagMs()).isEqualTo(7000);
        // Only compacted logs roll early.
        assertThat(topic.maxSegmentMs()).isEqualTo(topic.segmentMs());
        assertThatThrownBy(() -> LogConfig.fromProperties(Map.of(), Map.of("max.compaction.lag.ms", "0")))
                .hasMessageContaining("max.compaction.lag.ms");
        assertThatThrownBy(() -> LogConfig.fromProperties(Map.of(),
                Map.of("min.compaction.lag.ms", "9000", "max.compaction.lag.ms", "8000")))
                .hasMessageContaining("min.compaction.lag.ms").hasMessageContaining("max.compaction.lag.ms");
    }

    @Test
    void theActiveSegmentOfACompactedLogRollsAtTheMaxCompactionLag() throws Exception {
        try (LogTestSupport support = new LogTestSupport(new File(tmp, "roll"))) {
            long t0 = support.clock.millis();
            Log compacted = support.open(compactConfig(Map.of("segment.bytes", "1048576", "max.compaction.lag.ms", "60000")));
            appendRandom(compacted, new Random(1), 10, 5, t0, 0);
            appendRandom(compacted, new Random(2), 10, 5, t0 + 60_000, 0);
            assertThat(compacted.numberOfSegments()).as("at exactly the lag").isEqualTo(1);
            appendRandom(compacted, new Random(3), 10, 5, t0 + 60_001, 0);
            assertThat(compacted.numberOfSegments()).as("past the lag").isEqualTo(2);
            assertThat(compacted.segments().get(1).baseOffset()).isEqualTo(20);
            compacted.close();
        }
        try (LogTestSupport support = new LogTestSupport(new File(tmp, "delete"))) {
            long t0 = support.clock.millis();
            Log deleting = support.open(LogConfig.fromProperties(Map.of(),
                    Map.of("segment.bytes", "1048576", "max.compaction.lag.ms", "60000")));
            appendRandom(deleting, new Random(1), 10, 5, t0, 0);
            appendRandom(deleting, new Random(3), 10, 5, t0 + 60_001, 0);
            assertThat(deleting.numberOfSegments()).isEqualTo(1);
            deleting.close();
        }
    }

    @Test
    void anOverdueLogIsCleanedBelowTheMinCleanableDirtyRatio() throws Exception {
        try (LogTestSupport support = new LogTestSupport(new File(tmp, "overdue"))) {
            MutableClock clock = support.clock;
            LogConfig config = compactConfig(Map.of("max.compaction.lag.ms", "600000", "min.cleanable.dirty.ratio", "0.9"));
            Log log = support.open(config);
            long t0 = clock.millis();
            // Distinct keys: the first cleaning keeps (almost) everything, so the cleaned part stays large.
            List<Entry> written = appendRandom(log, new Random(31), 3000, 1_000_000, t0, 0);
            log.roll();
            LogCleaner cleaner = new LogCleaner(new CleanerConfig(true, 1, 1 << 20, 20), () -> List.of(log), clock);
            cleaner.startup();
            try {
                // Cleaned once (the whole log is dirty: ratio 1), so the first dirty offset is the log end.
                await(() -> cleaner.firstDirtyOffset(log) == 3000);

                // A little more with repeated keys, far below the 0.9 dirty ratio: not cleanable, not overdue yet.
                List<Entry> more = appendRandom(log, new Random(32), 100, 5, t0, 0);
                log.roll();
                assertThat(cleaner.dirtyRatio(log)).isLessThan(0.9).isPositive();
                assertThat(cleaner.maxCompactionDelay(log, clock.millis())).isZero();
                long cleaningsBefore = cleaner.cleanings();
                List<Entry> all = new ArrayList<>(written);
                all.addAll(more);
                List<Entry> uncleaned = new ArrayList<>(latestPerKey(written));
                uncleaned.addAll(more);
                assertThat(readAll(log)).isEqualTo(uncleaned);

                // Ten minutes and one millisecond later the dirty records are overdue: cleaned despite the ratio.
                clock.advance(600_001);
                assertThat(cleaner.maxCompactionDelay(log, clock.millis())).isEqualTo(1);
                List<Entry> expected = latestPerKey(all);
                await(() -> cleaner.firstDirtyOffset(log) == 3100 && readsAs(log, expected));
                assertThat(cleaner.cleanings()).isGreaterThan(cleaningsBefore);
                assertThat(cleaner.maxCompactionDelay(log, clock.millis())).isZero();
                assertThat(expected.size()).isLessThan(all.size());
            } finally {
                cleaner.close();
                log.close();
            }
        }
    }

    private static boolean readsAs(Log log, List<Entry> expected) {
        try {
            return readAllRetrying(log).equals(expected);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out");
            }
            Thread.sleep(20);
        }
    }
}
