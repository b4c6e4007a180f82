package io.sluice.zk.topic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import io.sluice.zk.errors.AdminException;

class ReplicaAssignerTest {

    @Test
    void matchesKafkasPlacementForAFixedStart() {
        Map<Integer, List<Integer>> a = ReplicaAssigner.assign(List.of(4, 3, 2, 1, 0), 10, 3, 0, 0, new Random());
        assertThat(a).containsEntry(0, List.of(0, 1, 2)).containsEntry(1, List.of(1, 2, 3))
                .containsEntry(2, List.of(2, 3, 4)).containsEntry(3, List.of(3, 4, 0)).containsEntry(4, List.of(4, 0, 1))
                // after one round the follower shift grows: followers move one step further out
                .containsEntry(5, List.of(0, 2, 3)).containsEntry(6, List.of(1, 3, 4)).containsEntry(9, List.of(4, 1, 2));
    }

    @Test
    void replicasAreDistinctAndLeadershipAndReplicasAreBalanced() {
        Random random = new Random(42);
        for (int brokers = 1; brokers <= 7; brokers++) {
            List<Integer> ids = IntStream.range(0, brokers).map(i -> 100 + i * 3).boxed().toList();
            for (int rf = 1; rf <= brokers; rf++) {
                for (int partitions : new int[] {1, brokers, 3 * brokers, 50}) {
                    Map<Integer, List<Integer>> a = ReplicaAssigner.assign(ids, partitions, rf, -1, 0, random);
                    assertThat(a.keySet()).containsExactlyElementsOf(IntStream.range(0, partitions).boxed().toList());
                    Map<Integer, Integer> leaders = new HashMap<>();
                    Map<Integer, Integer> replicas = new HashMap<>();
                    for (List<Integer> r : a.values()) {
                        assertThat(r).hasSize(rf).doesNotHaveDuplicates();
                        assertThat(ids).containsAll(r);
                        leaders.merge(r.get(0), 1, Integer::sum);
                        r.forEach(b -> replicas.merge(b, 1, Integer::sum));
                    }
                    // each broker leads floor or ceil of partitions/brokers
                    int floor = partitions / brokers;
                    for (int id : ids) {
                        assertThat(leaders.getOrDefault(id, 0)).as("leaders on %d (%d brokers, %d partitions)", id, brokers,
                                partitions).isBetween(floor, floor + 1);
                    }
                    if (partitions % brokers == 0) {
                        // whole rounds: every broker holds exactly rf * partitions / brokers replicas
                        assertThat(new HashSet<>(replicas.values())).containsExactly(rf * partitions / brokers);
                    }
                }
            }
        }
    }

    @Test
    void addedPartitionsContinueTheRoundRobin() {
        List<Integer> brokers = List.of(0, 1, 2);
        Map<Integer, List<Integer>> first = ReplicaAssigner.assign(brokers, 3, 2, 1, 0, new Random());
        Map<Integer, List<Integer>> more = ReplicaAssigner.assign(brokers, 3, 2, 1, 3, new Random());
        assertThat(more.keySet()).containsExactly(3, 4, 5);
        assertThat(first.get(0).get(0)).isEqualTo(1);
        assertThat(more.values().stream().map(r -> r.get(0)).toList()).containsExactlyInAnyOrder(0, 1, 2);
    }

    @Test
    void rejectsImpossibleRequests() {
        assertThatThrownBy(() -> ReplicaAssigner.assign(List.of(1), 1, 2, -1, 0, new Random()))
                .isInstanceOf(AdminException.InvalidReplicationFactor.class)
                .hasMessage("Replication factor: 2 larger than available brokers: 1.")
                .extracting(e -> ((AdminException) e).errorCode()).isEqualTo((short) 38);
        assertThatThrownBy(() -> ReplicaAssigner.assign(List.of(1), 1, 0, -1, 0, new Random()))
                .isInstanceOf(AdminException.InvalidReplicationFactor.class);
        assertThatThrownBy(() -> ReplicaAssigner.assign(List.of(1), 0, 1, -1, 0, new Random()))
                .isInstanceOf(AdminException.InvalidPartitions.class)
                .extracting(e -> ((AdminException) e).errorCode()).isEqualTo((short) 37);
    }
}
