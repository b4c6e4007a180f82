package io.sluice.zk.topic;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import io.sluice.zk.errors.AdminException;

/**
 * Kafka's rack-unaware replica placement, so partitions land where a Kafka operator expects.
 *
 * <p>Brokers are taken in id order. Partition {@code p}'s first replica (its preferred leader) is
 * broker {@code (p + startIndex) % n}, so leadership goes round-robin from a random start. The
 * other replicas follow the first at a distance of {@code 1 + (shift + j) % (n - 1)} for the
 * j-th follower: never 0, so replicas are distinct, and {@code shift} grows by one after every
 * {@code n} partitions, so the followers of a broker's partitions are spread over all other
 * brokers instead of always being its next neighbour. With a random start and random initial
 * shift, topics created one after another do not all pile leaders on broker 0.
 *
 * <p>Example, brokers [0,1,2,3,4], startIndex 0, shift 0, rf 3:
 * p0 [0,1,2], p1 [1,2,3], p2 [2,3,4], p3 [3,4,0], p4 [4,0,1], then shift 1: p5 [0,2,3], p6 [1,3,4] ...
 *
 * <p>Not thread-safe only in its use of the supplied {@link Random}; otherwise stateless.
 */
public final class ReplicaAssigner {

    private ReplicaAssigner() {
    }

    /**
     * @param brokerIds         live broker ids (any order; sorted here)
     * @param partitions        how many partitions to place
     * @param replicationFactor replicas per partition
     * @param fixedStartIndex   start index and initial shift, or -1 for random ones
     * @param firstPartitionId  id of the first partition placed (the existing count when adding partitions)
     * @return partition id -&gt; replicas, preferred leader first
     * @throws AdminException.InvalidReplicationFactor if rf &lt;= 0 or rf &gt; number of brokers
     * @throws AdminException.InvalidPartitions        if partitions &lt;= 0
     */
    public static Map<Integer, List<Integer>> assign(List<Integer> brokerIds, int partitions, int replicationFactor,
                                                     int fixedStartIndex, int firstPartitionId, Random random) {
        if (partitions <= 0) {
            throw new AdminException.InvalidPartitions("Number of partitions must be larger than 0.");
        }
        if (replicationFactor <= 0) {
            throw new AdminException.InvalidReplicationFactor("Replication factor must be larger than 0.");
        }
        if (replicationFactor > brokerIds.size()) {
            throw new AdminException.InvalidReplicationFactor("Replication factor: " + replicationFactor
                    + " larger than available brokers: " + brokerIds.size() + ".");
        }
        List<Integer> brokers = brokerIds.stream().sorted().toList();
        int n = brokers.size();
        int startIndex = fixedStartIndex >= 0 ? fixedStartIndex : random.nextInt(n);
        int shift = fixedStartIndex >= 0 ? fixedStartIndex : random.nextInt(n);
        Map<Integer, List<Integer>> result = new TreeMap<>();
        int partitionId = Math.max(0, firstPartitionId);
        for (int i = 0; i < partitions; i++, partitionId++) {
            if (partitionId > 0 && partitionId % n == 0) {
                shift++;
            }
            int first = (partitionId + startIndex) % n;
            List<Integer> replicas = new ArrayList<>(replicationFactor);
            replicas.add(brokers.get(first));
            for (int j = 0; j < replicationFactor - 1; j++) {
                replicas.add(brokers.get(followerIndex(first, shift, j, n)));
            }
            result.put(partitionId, List.copyOf(replicas));
        }
        return result;
    }

    private static int followerIndex(int first, int shift, int follower, int n) {
        int distance = 1 + (shift + follower) % (n - 1);
        return (first + distance) % n;
    }
}
