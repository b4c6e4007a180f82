package io.sluice.clients.producer.internals;

import io.sluice.clients.metadata.Cluster;
import io.sluice.clients.metadata.PartitionInfo;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The partitioning used when {@code partitioner.class} is not set, with Kafka's results:
 * <ul>
 *   <li>a record with a key goes to {@code (murmur2(keyBytes) & 0x7fffffff) % partitionCount}, over
 *       all partitions whether or not they have a leader, so a key always maps to the same partition
 *       as with the official client;</li>
 *   <li>records without a key (or with {@code partitioner.ignore.keys}) stick to one partition per
 *       topic until about {@code batch.size} bytes went to it, then switch to another partition with
 *       a leader, chosen at random (Kafka's uniform sticky behaviour without its queue-size weighting).</li>
 * </ul>
 * Thread-safe.
 */
public final class BuiltInPartitioner {

    private final int stickyBytes;
    private final ConcurrentHashMap<String, Sticky> sticky = new ConcurrentHashMap<>();

    public BuiltInPartitioner(int batchSize) {
        this.stickyBytes = Math.max(1, batchSize);
    }

    /** Kafka's partition for a key. */
    public static int partitionForKey(byte[] keyBytes, int partitionCount) {
        return (murmur2(keyBytes) & 0x7fffffff) % partitionCount;
    }

    /** The sticky partition for a keyless record of {@code topic}. */
    public int stickyPartition(String topic, Cluster cluster) {
        Sticky state = sticky.computeIfAbsent(topic, t -> new Sticky());
        synchronized (state) {
            if (state.partition < 0 || state.partition >= cluster.partitionCount(topic)) {
                state.partition = choose(topic, cluster, -1);
                state.bytes = 0;
            }
            return state.partition;
        }
    }

    /** Counts {@code bytes} sent to {@code partition}; switches the topic's sticky partition once enough went there. */
    public void onAppend(String topic, int partition, int bytes, Cluster cluster) {
        Sticky state = sticky.get(topic);
        if (state == null) {
            return;
        }
        synchronized (state) {
            if (state.partition != partition) {
                return;
            }
            state.bytes += bytes;
            if (state.bytes >= stickyBytes) {
                state.partition = choose(topic, cluster, partition);
                state.bytes = 0;
            }
        }
    }

    private static int choose(String topic, Cluster cluster, int avoid) {
        List<PartitionInfo> available = cluster.availablePartitionsFor(topic);
        ThreadLocalRandom random = ThreadLocalRandom.current();
        if (available.isEmpty()) {
            return random.nextInt(cluster.partitionCount(topic));
        }
        if (available.size() == 1) {
            return available.get(0).partition();
        }
        while (true) {
            int candidate = available.get(random.nextInt(available.size())).partition();
            if (candidate != avoid) {
                return candidate;
            }
        }
    }

    private static final class Sticky {
        int partition = -1;
        int bytes;
    }

    /**
     * MurmurHash2 (32-bit, little-endian blocks) with the seed Kafka uses, 0x9747b28c. The algorithm
     * is Austin Appleby's public one; the seed and the {@code & 0x7fffffff} above are what make a
     * key's partition agree with Kafka's.
     */
    public static int murmur2(byte[] data) {
        final int m = 0x5bd1e995;
        int length = data.length;
        int h = 0x9747b28c ^ length;
        int blocks = length >>> 2;
        for (int i = 0; i < blocks; i++) {
            int at = i << 2;
            int k = (data[at] & 0xff) | (data[at + 1] & 0xff) << 8 | (data[at + 2] & 0xff) << 16 | (data[at + 3] & 0xff) << 24;
            k *= m;
            k ^= k >>> 24;
            k *= m;
            h *= m;
            h ^= k;
        }
        int tail = length & ~3;
        switch (length & 3) {
            case 3:
                h ^= (data[tail + 2] & 0xff) << 16;
                // fall through
            case 2:
                h ^= (data[tail + 1] & 0xff) << 8;
                // fall through
            case 1:
                h ^= data[tail] & 0xff;
                h *= m;
                break;
            default:
                break;
        }
        h ^= h >>> 13;
        h *= m;
        h ^= h >>> 15;
        return h;
    }
}
