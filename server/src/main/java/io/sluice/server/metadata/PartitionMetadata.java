package io.sluice.server.metadata;

import java.util.List;

/**
 * What the cluster says about one partition: its replicas (in preference order), its leader and
 * leader epoch, and its in-sync replicas, as the partition state znode holds them.
 *
 * @param leader the leader's broker id, or -1 while there is none
 * @param zkVersion version of the state znode, for conditional writes of a new state
 */
public record PartitionMetadata(int partition, List<Integer> replicas, int leader, int leaderEpoch, List<Integer> isr,
        int zkVersion) {

    public static final int NO_LEADER = -1;

    public PartitionMetadata {
        replicas = List.copyOf(replicas);
        isr = List.copyOf(isr);
    }

    public boolean hasLeader() {
        return leader != NO_LEADER;
    }
}
