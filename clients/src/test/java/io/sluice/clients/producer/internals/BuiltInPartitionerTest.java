package io.sluice.clients.producer.internals;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.clients.common.Node;
import io.sluice.clients.metadata.Cluster;
import io.sluice.clients.metadata.PartitionInfo;
import io.sluice.protocol.Errors;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;

class BuiltInPartitionerTest {

    @Test
    void keysGoToTheSamePartitionAsWithTheOfficialClient() {
        Random random = new Random(20261122);
        int[] partitionCounts = {1, 2, 3, 5, 6, 12, 50, 64, 97, 1000};
        for (int i = 0; i < 10_000; i++) {
            byte[] key;
            if (i % 2 == 0) {
                key = new byte[random.nextInt(64)];
                random.nextBytes(key);
            } else {
                key = ("user-" + random.nextLong()).getBytes(StandardCharsets.UTF_8);
            }
            int partitions = partitionCounts[i % partitionCounts.length];
            int official = org.apache.kafka.clients.producer.internals.BuiltInPartitioner.partitionForKey(key, partitions);
            assertThat(BuiltInPartitioner.partitionForKey(key, partitions)).as("key %d of %d partitions", i, partitions)
                    .isEqualTo(official);
            assertThat(BuiltInPartitioner.murmur2(key)).isEqualTo(Utils.murmur2(key));
        }
    }

    @Test
    void keylessRecordsStickToAPartitionUntilABatchWorthWentThere() {
        Cluster cluster = cluster("t", 4, Set.of());
        BuiltInPartitioner partitioner = new BuiltInPartitioner(1000);
        List<Integer> chosen = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            int partition = partitioner.stickyPartition("t", cluster);
            chosen.add(partition);
            partitioner.onAppend("t", partition, 100, cluster);
        }
        // 10 records of 100 bytes fill 1000 bytes: the partition changes exactly every 10 records.
        for (int run = 0; run < 10; run++) {
            assertThat(new HashSet<>(chosen.subList(run * 10, run * 10 + 10))).hasSize(1);
            if (run > 0) {
                assertThat(chosen.get(run * 10)).isNotEqualTo(chosen.get(run * 10 - 1));
            }
        }
    }

    @Test
    void keylessRecordsAvoidPartitionsWithoutLeader() {
        Cluster cluster = cluster("t", 4, Set.of(0, 2));
        BuiltInPartitioner partitioner = new BuiltInPartitioner(10);
        Set<Integer> chosen = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            int partition = partitioner.stickyPartition("t", cluster);
            chosen.add(partition);
            partitioner.onAppend("t", partition, 10, cluster);
        }
        assertThat(chosen).containsExactlyInAnyOrder(1, 3);
    }

    static Cluster cluster(String topic, int partitions, Set<Integer> leaderless) {
        Node node = new Node(0, "127.0.0.1", 9092);
        List<PartitionInfo> infos = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            infos.add(new PartitionInfo(topic, p, leaderless.contains(p) ? null : node, 0, List.of(node), List.of(node), List.of(),
                    Errors.NONE));
        }
        return new Cluster("c", List.of(node), node, Map.of(topic, infos), Map.of(topic, Errors.NONE), Map.of(), Set.of());
    }
}
