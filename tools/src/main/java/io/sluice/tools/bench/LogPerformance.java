package io.sluice.tools.bench;

import io.sluice.common.ByteUtils;
import io.sluice.record.RecordBatch;
import io.sluice.server.log.SegmentSlice;
import io.sluice.server.log.Log;
import io.sluice.server.log.LogConfig;
import io.sluice.server.log.LogDirFailureChannel;
import io.sluice.server.log.LogFileUtils;
import io.sluice.server.log.LogReadResult;
import io.sluice.server.log.LogSegment;
import io.sluice.server.log.OffsetIndex;
import io.sluice.server.log.OpenSegmentLimiter;
import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.zip.CRC32C;

/**
 * Measures the partition log on this machine (a benchmark, not a test):
 *
 * <ol>
 *   <li>append throughput of 16 KiB batches of 1 KiB records through {@link Log#appendAsLeader}
 *       next to a plain sequential {@link FileChannel} write of the same bytes, in the same run;</li>
 *   <li>lookups of random offsets: the offset index alone, and the whole read path
 *       (index, header scan, file slice);</li>
 *   <li>recovery time of a 1 GiB segment after an unclean shutdown (every batch CRC-checked,
 *       indexes rebuilt).</li>
 * </ol>
 *
 * Usage: {@code LogPerformance [--dir DIR] [--append-mib N] [--recovery-mib N] [--lookups N]}
 * (defaults: the temp dir, 512 MiB per append round, a 1024 MiB segment, 1,000,000 lookups).
 * Run it through {@code scripts/sluice-log-perf.sh}.
 */
public final class LogPerformance {

    private static final int BATCH_BYTES = 16 * 1024;
    private static final int RECORD_VALUE_BYTES = 1024;

    private LogPerformance() {
    }

    public static void main(String[] args) throws Exception {
        File base = new File(System.getProperty("java.io.tmpdir"));
        long appendMib = 512;
        long recoveryMib = 1024;
        int lookups = 1_000_000;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--dir" -> base = new File(args[++i]);
                case "--append-mib" -> appendMib = Long.parseLong(args[++i]);
                case "--recovery-mib" -> recoveryMib = Long.parseLong(args[++i]);
                case "--lookups" -> lookups = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("Unknown argument " + args[i]
                        + "; usage: [--dir DIR] [--append-mib N] [--recovery-mib N] [--lookups N]");
            }
        }
        File root = Files.createTempDirectory(base.toPath(), "sluice-log-perf").toFile();
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        try {
            ByteBuffer batch = buildBatch();
            System.out.printf("batch: %d bytes, %d records of %d-byte values%n", batch.remaining(),
                    RecordBatch.at(batch).recordsCount(), RECORD_VALUE_BYTES);
            validationCost(batch);
            long batches = appendMib * 1024 * 1024 / batch.remaining();
            // One untimed round of each first, so that neither side is measured while the JIT compiles it.
            rawWrite(new File(root, "warm-raw"), batch, batches / 4);
            logAppend(new File(root, "warm-0"), batch, batches / 4, scheduler);
            LogFileUtils.deleteRecursively(new File(root, "warm-raw"));
            LogFileUtils.deleteRecursively(new File(root, "warm-0"));
            // The machine is shared, so single runs swing widely: alternate raw and log rounds and
            // compare medians, with the order flipped every round so neither side always goes first.
            double[] raws = new double[ROUNDS];
            double[] logs = new double[ROUNDS];
            double[] ratios = new double[ROUNDS];
            for (int round = 0; round < ROUNDS; round++) {
                File rawFile = new File(root, "raw-" + round);
                File logDir = new File(root, "append" + round + "-0");
                if (round % 2 == 0) {
                    raws[round] = rawWrite(rawFile, batch, batches);
                    logs[round] = logAppend(logDir, batch, batches, scheduler);
                } else {
                    logs[round] = logAppend(logDir, batch, batches, scheduler);
                    raws[round] = rawWrite(rawFile, batch, batches);
                }
                ratios[round] = logs[round] / raws[round];
                System.out.printf("round %d: raw FileChannel %.0f MB/s, Log.appendAsLeader %.0f MB/s (%.1f%%)%n",
                        round + 1, raws[round], logs[round], 100 * ratios[round]);
                LogFileUtils.deleteRecursively(rawFile);
                if (round < ROUNDS - 1) {
                    LogFileUtils.deleteRecursively(logDir);
                }
            }
            System.out.printf("append, median of %d rounds of %d MiB: raw %.0f MB/s, log %.0f MB/s; median ratio %.1f%%%n",
                    ROUNDS, appendMib, median(raws), median(logs), 100 * median(ratios));

            File lastLog = new File(root, "append" + (ROUNDS - 1) + "-0");
            lookups(lastLog, lookups, scheduler);
            LogFileUtils.deleteRecursively(lastLog);

            recovery(new File(root, "recovery-0"), batch, recoveryMib, scheduler);
        } finally {
            scheduler.shutdownNow();
            LogFileUtils.deleteRecursively(root);
        }
    }

    /**
     * A v2 batch of uncompressed 1 KiB records filling about 16 KiB, encoded here because the log
     * under test must not depend on a client library; the benchmark appends this one batch over
     * and over (the log rewrites its base offset in place each time, as a produce would).
     */
    static ByteBuffer buildBatch() {
        int count = 0;
        int recordsBytes = 0;
        while (true) {
            int size = recordSize(count);
            if (RecordBatch.HEADER_SIZE + recordsBytes + size > BATCH_BYTES) {
                break;
            }
            recordsBytes += size;
            count++;
        }
        ByteBuffer buffer = ByteBuffer.allocate(RecordBatch.HEADER_SIZE + recordsBytes);
        long timestamp = System.currentTimeMillis();
        buffer.putLong(0L);
        buffer.putInt(RecordBatch.HEADER_SIZE + recordsBytes - RecordBatch.LOG_OVERHEAD);
        buffer.putInt(-1);
        buffer.put(RecordBatch.MAGIC_V2);
        buffer.putInt(0);
        buffer.putShort((short) 0);
        buffer.putInt(count - 1);
        buffer.putLong(timestamp);
        buffer.putLong(timestamp);
        buffer.putLong(-1L);
        buffer.putShort((short) -1);
        buffer.putInt(-1);
        buffer.putInt(count);
        Random random = new Random(42);
        byte[] value = new byte[RECORD_VALUE_BYTES];
        for (int i = 0; i < count; i++) {
            random.nextBytes(value);
            ByteUtils.writeVarint(recordSize(i) - ByteUtils.sizeOfVarint(recordBodySize(i)), buffer);
            buffer.put((byte) 0);
            ByteUtils.writeVarlong(0, buffer);
            ByteUtils.writeVarint(i, buffer);
            ByteUtils.writeVarint(-1, buffer);
            ByteUtils.writeVarint(value.length, buffer);
            buffer.put(value);
            ByteUtils.writeUnsignedVarint(0, buffer);
        }
        buffer.flip();
        CRC32C crc = new CRC32C();
        ByteBuffer covered = buffer.duplicate().position(RecordBatch.ATTRIBUTES_OFFSET);
        crc.update(covered);
        buffer.putInt(RecordBatch.CRC_OFFSET, (int) crc.getValue());
        RecordBatch.at(buffer).validate();
        return buffer;
    }

    private static int recordBodySize(int index) {
        return 1 + ByteUtils.sizeOfVarlong(0) + ByteUtils.sizeOfVarint(index) + ByteUtils.sizeOfVarint(-1)
                + ByteUtils.sizeOfVarint(RECORD_VALUE_BYTES) + RECORD_VALUE_BYTES + ByteUtils.sizeOfUnsignedVarint(0);
    }

    private static int recordSize(int index) {
        int body = recordBodySize(index);
        return ByteUtils.sizeOfVarint(body) + body;
    }

    private static double rawWrite(File file, ByteBuffer batch, long batches) throws IOException {
        long start = System.nanoTime();
        try (FileChannel channel = FileChannel.open(file.toPath(), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                StandardOpenOption.READ)) {
            long position = 0;
            for (long i = 0; i < batches; i++) {
                ByteBuffer b = batch.duplicate();
                while (b.hasRemaining()) {
                    position += channel.write(b, position);
                }
            }
        }
        return mbPerSecond(batches * batch.remaining(), System.nanoTime() - start);
    }

    private static Log openLog(File dir, LogConfig config, boolean clean, ScheduledExecutorService scheduler) throws IOException {
        return Log.open(dir, config, 0, 0, clean, OpenSegmentLimiter.unbounded(), new LogDirFailureChannel(), scheduler,
                Clock.systemUTC());
    }

    private static double logAppend(File dir, ByteBuffer batch, long batches, ScheduledExecutorService scheduler)
            throws IOException {
        Log log = openLog(dir, LogConfig.defaults(), true, scheduler);
        long start = System.nanoTime();
        for (long i = 0; i < batches; i++) {
            log.appendAsLeader(batch.duplicate(), 0);
        }
        long elapsed = System.nanoTime() - start;
        log.close();
        return mbPerSecond(batches * batch.remaining(), elapsed);
    }

    private static void lookups(File dir, int lookups, ScheduledExecutorService scheduler) throws IOException {
        Log log = openLog(dir, LogConfig.defaults(), true, scheduler);
        long end = log.logEndOffset();
        // Roll so that the measured segment is an inactive one with a trimmed index, as most are.
        log.roll();
        LogSegment segment = log.segments().get(0);
        Random random = new Random(7);
        long sink = 0;
        OffsetIndex index = new OffsetIndex(segment.offsetIndexFile(), segment.baseOffset(), 10 * 1024 * 1024, false);
        for (int warm = 0; warm < 2; warm++) {
            long start = System.nanoTime();
            for (int i = 0; i < lookups; i++) {
                sink += index.lookup(segment.baseOffset() + (long) (random.nextDouble() * (end - segment.baseOffset()))).position();
            }
            if (warm == 1) {
                System.out.printf("offset index lookup (%d entries, random offsets): %.0f ns/op%n", index.entries(),
                        (System.nanoTime() - start) / (double) lookups);
            }
        }
        index.close();
        for (int warm = 0; warm < 2; warm++) {
            long start = System.nanoTime();
            for (int i = 0; i < lookups; i++) {
                long offset = (long) (random.nextDouble() * end);
                try (LogReadResult result = log.read(offset, 1, true)) {
                    SegmentSlice slice = result.records();
                    sink += slice.position();
                }
            }
            if (warm == 1) {
                System.out.printf("Log.read of one batch at a random offset (index + header scan + slice): %.0f ns/op%n",
                        (System.nanoTime() - start) / (double) lookups);
            }
        }
        log.close();
        if (sink == 42) {
            System.out.println();
        }
    }

    private static void recovery(File dir, ByteBuffer batch, long mib, ScheduledExecutorService scheduler) throws IOException {
        LogConfig config = LogConfig.fromProperties(Map.of(), Map.of("segment.bytes", String.valueOf(Integer.MAX_VALUE)));
        Log log = openLog(dir, config, true, scheduler);
        long batches = mib * 1024 * 1024 / batch.remaining();
        for (long i = 0; i < batches; i++) {
            log.appendAsLeader(batch.duplicate(), 0);
        }
        long bytes = log.sizeInBytes();
        long endOffset = log.logEndOffset();
        log.flush();
        log.close();
        long start = System.nanoTime();
        Log recovered = openLog(dir, config, false, scheduler);
        long elapsed = System.nanoTime() - start;
        if (recovered.logEndOffset() != endOffset) {
            throw new IllegalStateException("Recovery lost data: end offset " + recovered.logEndOffset() + " != " + endOffset);
        }
        System.out.printf("recovery of one %d MiB segment (%d batches, CRC-checked, indexes rebuilt): %d ms = %.0f MB/s%n",
                bytes >> 20, batches, elapsed / 1_000_000, mbPerSecond(bytes, elapsed));
        recovered.close();
    }

    private static final int ROUNDS = 7;

    private static double median(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    /** What the per-batch header and CRC-32C check alone costs: the log's unavoidable CPU work per append. */
    private static void validationCost(ByteBuffer batch) {
        int n = 200_000;
        for (int warm = 0; warm < 2; warm++) {
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                RecordBatch.at(batch).validate();
            }
            if (warm == 1) {
                double ns = (System.nanoTime() - start) / (double) n;
                System.out.printf("RecordBatch.validate (magic, size, CRC-32C of %d bytes): %.0f ns/batch = %.0f MB/s%n",
                        batch.remaining(), ns, batch.remaining() / ns * 1e3);
            }
        }
    }

    private static double mbPerSecond(long bytes, long nanos) {
        return bytes / 1e6 / (nanos / 1e9);
    }
}
