package io.sluice.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.server.cluster.SluiceTestCluster;
import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.SimpleRecord;
import org.apache.kafka.common.requests.FetchRequest;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Record data served by Fetch never passes through the broker's heap: the response carries file
 * slices that the network layer sends with sendfile. Serving a few hundred MB must allocate only a
 * small fraction of that on the broker's threads (request headers, response structs, buffers for the
 * small fields), counted with the JVM's per-thread allocation counters across every thread but the
 * test's own (which reads and discards the responses).
 */
class FetchZeroCopyTest {

    private static final Logger log = LoggerFactory.getLogger(FetchZeroCopyTest.class);

    private static final int RECORD_BYTES = 64 * 1024;
    private static final int RECORDS_PER_BATCH = 14;
    private static final int BATCHES = 64;
    private static final int FETCH_BYTES = 8 * 1024 * 1024;
    private static final long SERVE_AT_LEAST = 300L * 1024 * 1024;

    @Test
    void servingFetchesAllocatesFarLessHeapThanTheBytesServed() throws Exception {
        try (SluiceTestCluster cluster = SluiceTestCluster.start(1)) {
            DataPlaneProtocolTest.createTopic(cluster.broker(0), "zero-copy", 1, Map.of());
            SimpleRecord[] records = new SimpleRecord[RECORDS_PER_BATCH];
            for (int i = 0; i < records.length; i++) {
                byte[] value = new byte[RECORD_BYTES];
                value[i] = (byte) i;
                records[i] = new SimpleRecord(i, null, value);
            }
            try (KafkaWireClient client = new KafkaWireClient(cluster.broker(0).boundPort())) {
                for (int b = 0; b < BATCHES; b++) {
                    var response = DataPlaneProtocolTest.produce(client, (short) 11, (short) 1, "zero-copy", 0,
                            MemoryRecords.withRecords(Compression.NONE, records));
                    assertThat(Errors.forCode(response.errorCode())).isEqualTo(Errors.NONE);
                }
                long logBytes = cluster.broker(0).services().logManager()
                        .getLog(new io.sluice.server.log.TopicPartition("zero-copy", 0)).orElseThrow().sizeInBytes();
                long[] starts = new long[(int) (logBytes / FETCH_BYTES) + 1];
                for (int i = 0; i < starts.length; i++) {
                    starts[i] = (long) i * (BATCHES * RECORDS_PER_BATCH) / starts.length;
                }

                com.sun.management.ThreadMXBean threads =
                        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
                long self = Thread.currentThread().getId();
                byte[] scratch = new byte[256 * 1024];
                // One round first, so class loading and buffer pools are warm before counting.
                long served = fetchRound(client, starts, scratch);
                Map<Long, Long> before = allocatedBytesPerThread(threads, self);
                served = 0;
                int requests = 0;
                while (served < SERVE_AT_LEAST) {
                    served += fetchRound(client, starts, scratch);
                    requests += starts.length;
                }
                long allocated = heapGrowth(threads, before, self);
                log.info("Served {} MB in {} fetches; broker threads allocated {} KB of heap ({} bytes per fetch)",
                        served >> 20, requests, allocated >> 10, allocated / requests);
                assertThat(served).isGreaterThanOrEqualTo(SERVE_AT_LEAST);
                assertThat(allocated).as("heap allocated while serving %d bytes", served).isLessThan(served / 50);
            }
        }
    }

    /** Fetches up to FETCH_BYTES from each start offset; returns the response bytes read. */
    private static long fetchRound(KafkaWireClient client, long[] starts, byte[] scratch) throws Exception {
        long bytes = 0;
        for (long start : starts) {
            Map<TopicPartition, FetchRequest.PartitionData> map = Map.of(new TopicPartition("zero-copy", 0),
                    new FetchRequest.PartitionData(Uuid.ZERO_UUID, start, -1, FETCH_BYTES, Optional.empty()));
            bytes += client.sendAndDiscard(FetchRequest.Builder.forConsumer((short) 12, 0, 1, map)
                    .setMaxBytes(FETCH_BYTES).build((short) 12), scratch);
        }
        return bytes;
    }

    private static Map<Long, Long> allocatedBytesPerThread(com.sun.management.ThreadMXBean threads, long exclude) {
        long[] ids = threads.getAllThreadIds();
        long[] bytes = threads.getThreadAllocatedBytes(ids);
        Map<Long, Long> perThread = new HashMap<>();
        for (int i = 0; i < ids.length; i++) {
            if (bytes[i] >= 0 && ids[i] != exclude) {
                perThread.put(ids[i], bytes[i]);
            }
        }
        return perThread;
    }

    private static long heapGrowth(com.sun.management.ThreadMXBean threads, Map<Long, Long> before, long exclude) {
        long growth = 0;
        for (Map.Entry<Long, Long> now : allocatedBytesPerThread(threads, exclude).entrySet()) {
            growth += now.getValue() - before.getOrDefault(now.getKey(), 0L);
        }
        return growth;
    }
}
