package io.sluice.server.log;

import static io.sluice.server.log.TestBatches.batch;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.common.record.RecordBatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Lock-free reads against a published end offset: a reader racing appends and rolls never sees a torn batch. */
class LogConcurrencyTest {

    @TempDir
    Path tmp;

    @Test
    void readsRacingAppendsAndRollsSeeOnlyWholeBatches() throws Exception {
        try (LogTestSupport support = new LogTestSupport(tmp.toFile(), 3)) {
            Log log = support.open(LogTestSupport.config(Map.of("segment.bytes", "20000", "index.interval.bytes", "300")));
            AtomicBoolean done = new AtomicBoolean();
            ExecutorService readers = Executors.newFixedThreadPool(2);
            Runnable reader = () -> {
                long reads = 0;
                while (!done.get() || reads == 0) {
                    long end = log.logEndOffset();
                    if (end == 0) {
                        continue;
                    }
                    long offset = ThreadLocalRandom.current().nextLong(end);
                    try (LogReadResult result = log.read(offset, 1 + ThreadLocalRandom.current().nextInt(5000), true)) {
                        List<RecordBatch> batches = TestBatches.parse(result.records().readAll());
                        assertThat(batches).isNotEmpty();
                        assertThat(batches.get(0).baseOffset()).isLessThanOrEqualTo(offset);
                        assertThat(batches.get(0).lastOffset()).isGreaterThanOrEqualTo(offset);
                        assertThat(batches.get(batches.size() - 1).lastOffset()).isLessThan(result.logEndOffset());
                        for (int i = 1; i < batches.size(); i++) {
                            assertThat(batches.get(i).baseOffset()).isEqualTo(batches.get(i - 1).lastOffset() + 1);
                        }
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                    reads++;
                }
            };
            List<Future<?>> futures = List.of(readers.submit(reader), readers.submit(reader));
            for (int i = 0; i < 3000; i++) {
                log.appendAsLeader(batch(0, i, 1 + i % 4, 10 + i % 200), 0);
            }
            done.set(true);
            for (Future<?> future : futures) {
                future.get();
            }
            readers.shutdown();
            assertThat(log.numberOfSegments()).isGreaterThan(10);
            log.close();
        }
    }
}
