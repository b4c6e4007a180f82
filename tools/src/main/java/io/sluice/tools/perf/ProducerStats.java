package io.sluice.tools.perf;

import java.io.PrintStream;
import java.util.Arrays;

/**
 * The statistics of {@link ProducerPerformance}, printed in the shape of Kafka's ProducerPerformance:
 * a window line every {@code reportingIntervalMs}
 * ({@code N records sent, X records/sec (Y MB/sec), Z ms avg latency, W ms max latency.}) and a total
 * line adding the 50th, 95th, 99th and 99.9th latency percentiles. As in Kafka, at most 500,000
 * latencies are kept (every {@code numRecords / 500000}-th) for the percentiles, and MB is 2^20 bytes.
 *
 * <p>Thread-safety: {@link #record} is called on the producer's callback thread; every method is
 * synchronized.
 */
final class ProducerStats {

    private static final int MAX_SAMPLES = 500_000;

    private final PrintStream out;
    private final long reportingIntervalMs;
    private final long startNs;
    private final int sampling;
    private final int[] latencies;
    private int samples;
    private long count;
    private long bytes;
    private int maxLatency;
    private long totalLatency;
    private long windowStartNs;
    private long windowCount;
    private int windowMaxLatency;
    private long windowTotalLatency;
    private long windowBytes;

    ProducerStats(long numRecords, long reportingIntervalMs, PrintStream out, long startNs) {
        this.out = out;
        this.reportingIntervalMs = reportingIntervalMs;
        this.startNs = startNs;
        this.windowStartNs = startNs;
        this.sampling = (int) Math.max(1, numRecords / Math.max(1, Math.min(numRecords, MAX_SAMPLES)));
        this.latencies = new int[(int) Math.min(Integer.MAX_VALUE - 8, numRecords / sampling + 1)];
    }

    /** One acknowledged record: its latency, its size, and when the acknowledgement came. */
    synchronized void record(int latencyMs, int size, long nowNs) {
        if (count % sampling == 0 && samples < latencies.length) {
            latencies[samples++] = latencyMs;
        }
        count++;
        bytes += size;
        totalLatency += latencyMs;
        maxLatency = Math.max(maxLatency, latencyMs);
        windowCount++;
        windowBytes += size;
        windowTotalLatency += latencyMs;
        windowMaxLatency = Math.max(windowMaxLatency, latencyMs);
        if (nowNs - windowStartNs >= reportingIntervalMs * 1_000_000L) {
            printWindow(nowNs);
            windowStartNs = nowNs;
            windowCount = 0;
            windowBytes = 0;
            windowTotalLatency = 0;
            windowMaxLatency = 0;
        }
    }

    synchronized long count() {
        return count;
    }

    private void printWindow(long nowNs) {
        double elapsedMs = millis(nowNs - windowStartNs);
        out.print(windowLine(windowCount, windowBytes, elapsedMs, windowTotalLatency, windowMaxLatency));
        out.flush();
    }

    /** Kafka's window line for {@code count} records of {@code bytes} in {@code elapsedMs}. */
    static String windowLine(long count, long bytes, double elapsedMs, long totalLatency, int maxLatency) {
        double recordsPerSec = 1000.0 * count / elapsedMs;
        double mbPerSec = 1000.0 * bytes / elapsedMs / (1024.0 * 1024.0);
        return String.format("%d records sent, %.1f records/sec (%.2f MB/sec), %.1f ms avg latency, %.1f ms max latency.%n",
                count, recordsPerSec, mbPerSec, count == 0 ? 0.0 : totalLatency / (double) count, (double) maxLatency);
    }

    /** Prints the total line as of {@code nowNs}. */
    synchronized void printTotal(long nowNs) {
        out.print(totalLine(count, bytes, millis(nowNs - startNs), totalLatency, maxLatency,
                Arrays.copyOf(latencies, samples)));
        out.flush();
    }

    /** Kafka's total line; {@code sampledLatencies} is sorted in place. */
    static String totalLine(long count, long bytes, double elapsedMs, long totalLatency, int maxLatency,
                            int[] sampledLatencies) {
        double recordsPerSec = 1000.0 * count / elapsedMs;
        double mbPerSec = 1000.0 * bytes / elapsedMs / (1024.0 * 1024.0);
        int[] p = percentiles(sampledLatencies, 0.5, 0.95, 0.99, 0.999);
        return String.format("%d records sent, %f records/sec (%.2f MB/sec), %.2f ms avg latency, %.2f ms max latency, "
                        + "%d ms 50th, %d ms 95th, %d ms 99th, %d ms 99.9th.%n",
                count, recordsPerSec, mbPerSec, count == 0 ? 0.0 : totalLatency / (double) count, (double) maxLatency,
                p[0], p[1], p[2], p[3]);
    }

    /** The value at index {@code (int) (q * size)} of the sorted samples for each quantile {@code q} (0 when empty). */
    static int[] percentiles(int[] samples, double... quantiles) {
        Arrays.sort(samples);
        int[] values = new int[quantiles.length];
        for (int i = 0; i < quantiles.length; i++) {
            values[i] = samples.length == 0 ? 0 : samples[Math.min(samples.length - 1, (int) (quantiles[i] * samples.length))];
        }
        return values;
    }

    /** Nanoseconds to milliseconds as a double. */
    private static double millis(long nanos) {
        return nanos / 1_000_000.0;
    }
}
