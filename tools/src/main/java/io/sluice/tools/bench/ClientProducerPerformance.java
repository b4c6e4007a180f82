package io.sluice.tools.bench;

import io.sluice.clients.producer.Callback;
import io.sluice.clients.producer.ProducerRecord;
import io.sluice.clients.producer.RecordMetadata;
import io.sluice.clients.producer.SluiceProducer;
import io.sluice.clients.serialization.ByteArraySerializer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Our producer under the workload of Kafka's {@code org.apache.kafka.tools.ProducerPerformance},
 * measured the way that tool measures, so the two can be compared line by line:
 * <ul>
 *   <li>a payload of {@code --record-size} random upper-case letters, drawn again for every record; null keys;</li>
 *   <li>latency of a record = callback time - time just before {@code send}, in ms; every
 *       {@code num-records / min(num-records, 500000)}-th record is sampled for the percentiles
 *       (percentile p = sorted samples[(int) (p * count)]);</li>
 *   <li>throughput = records (and record-value bytes / 2^20) over the time from just after the producer
 *       was built to the end of {@code close()};</li>
 *   <li>{@code --throughput}: the same rate limit (sleep when the rate so far is above the target).</li>
 * </ul>
 * Prints the final line in ProducerPerformance's format:
 * {@code N records sent, R records/sec (M MB/sec), A ms avg latency, X ms max latency, P50 ms 50th, P95 ms 95th, P99 ms 99th, P999 ms 99.9th.}
 *
 * <p>Usage: {@code ClientProducerPerformance --topic T --num-records N --record-size B [--throughput R]
 * --producer-props k=v [k=v ...]}; {@code --throughput} is a target in records/s (-1: as fast as possible).
 */
public final class ClientProducerPerformance {

    private ClientProducerPerformance() {
    }

    public static void main(String[] args) throws Exception {
        String topic = null;
        long numRecords = -1;
        int recordSize = -1;
        Map<String, Object> props = new HashMap<>();
        double throughput = -1;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--topic" -> topic = args[++i];
                case "--num-records" -> numRecords = Long.parseLong(args[++i]);
                case "--record-size" -> recordSize = Integer.parseInt(args[++i]);
                case "--throughput" -> throughput = Double.parseDouble(args[++i]);
                case "--producer-props" -> {
                    while (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                        String[] kv = args[++i].split("=", 2);
                        props.put(kv[0], kv[1]);
                    }
                }
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (topic == null || numRecords <= 0 || recordSize <= 0) {
            throw new IllegalArgumentException("usage: --topic T --num-records N --record-size B --producer-props k=v ...");
        }
        SluiceProducer<byte[], byte[]> producer = new SluiceProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
        // As ProducerPerformance: the clock starts after the producer is built, and the payload's
        // letters are drawn again for every record (the producer copies them into its batch in send).
        byte[] payload = new byte[recordSize];
        SplittableRandom random = new SplittableRandom(0);
        Stats stats = new Stats(numRecords);
        Throttler throttler = new Throttler(throughput, System.currentTimeMillis());
        for (long i = 0; i < numRecords; i++) {
            for (int j = 0; j < payload.length; j++) {
                payload[j] = (byte) (random.nextInt(26) + 65);
            }
            long sendStart = System.currentTimeMillis();
            producer.send(new ProducerRecord<>(topic, payload), stats.nextCompletion(i, sendStart, payload.length));
            if (throttler.shouldThrottle(i, sendStart)) {
                throttler.throttle();
            }
        }
        producer.close();
        stats.printTotal();
    }

    /** ProducerPerformance's statistics: counts, bytes, a latency sample. Callbacks run on one thread. */
    static final class Stats {
        private final long start = System.currentTimeMillis();
        private final int[] latencies;
        private final long sampling;
        private int index;
        private long count;
        private long bytes;
        private long maxLatency;
        private long totalLatency;

        Stats(long numRecords) {
            this.sampling = numRecords / Math.min(numRecords, 500_000);
            this.latencies = new int[(int) (numRecords / sampling) + 1];
        }

        Callback nextCompletion(long iteration, long sendStart, int size) {
            return new Completion(this, iteration, sendStart, size);
        }

        synchronized void record(long iteration, int latency, int size) {
            count++;
            bytes += size;
            totalLatency += latency;
            maxLatency = Math.max(maxLatency, latency);
            if (iteration % sampling == 0 && index < latencies.length) {
                latencies[index++] = latency;
            }
        }

        synchronized void printTotal() {
            long elapsed = System.currentTimeMillis() - start;
            double recordsPerSec = 1000.0 * count / elapsed;
            double mbPerSec = 1000.0 * bytes / elapsed / (1024.0 * 1024.0);
            int[] sorted = Arrays.copyOf(latencies, index);
            Arrays.sort(sorted);
            System.out.printf("%d records sent, %.1f records/sec (%.2f MB/sec), %.2f ms avg latency, %.2f ms max latency, "
                            + "%d ms 50th, %d ms 95th, %d ms 99th, %d ms 99.9th.%n",
                    count, recordsPerSec, mbPerSec, totalLatency / (double) count, (double) maxLatency,
                    percentile(sorted, 0.5), percentile(sorted, 0.95), percentile(sorted, 0.99), percentile(sorted, 0.999));
        }

        private static int percentile(int[] sorted, double p) {
            return sorted.length == 0 ? 0 : sorted[(int) (p * sorted.length)];
        }
    }

    /**
     * ProducerPerformance's rate limit: when the rate so far is above the target, sleep off the time
     * one record should take, accumulated until it is worth a sleep (2 ms).
     */
    static final class Throttler {
        private static final long MIN_SLEEP_NANOS = 2_000_000L;
        private final double target;
        private final long startMs;
        private final long sleepNanosPerRecord;
        private long sleepDeficitNanos;

        Throttler(double target, long startMs) {
            this.target = target;
            this.startMs = startMs;
            this.sleepNanosPerRecord = target > 0 ? (long) (1e9 / target) : 0;
        }

        boolean shouldThrottle(long sentSoFar, long nowMs) {
            if (target < 0) {
                return false;
            }
            float elapsedSec = (nowMs - startMs) / 1000.f;
            return elapsedSec > 0 && (sentSoFar / elapsedSec) > target;
        }

        void throttle() throws InterruptedException {
            sleepDeficitNanos += sleepNanosPerRecord;
            if (sleepDeficitNanos >= MIN_SLEEP_NANOS) {
                long start = System.nanoTime();
                Thread.sleep(sleepDeficitNanos / 1_000_000L, (int) (sleepDeficitNanos % 1_000_000L));
                sleepDeficitNanos -= System.nanoTime() - start;
                if (sleepDeficitNanos < 0) {
                    sleepDeficitNanos = 0; // an oversleep is not paid back with a burst
                }
            }
        }
    }

    /** One record's callback, as ProducerPerformance's PerfCallback. */
    private record Completion(Stats stats, long iteration, long start, int size) implements Callback {
        @Override
        public void onCompletion(RecordMetadata metadata, Exception exception) {
            if (exception != null) {
                exception.printStackTrace();
                return;
            }
            stats.record(iteration, (int) (System.currentTimeMillis() - start), size);
        }
    }
}
