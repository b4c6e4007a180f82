package io.sluice.clients.admin;

import java.util.List;

/**
 * An ongoing reassignment of a partition, as ListPartitionReassignments reports it: the full replica
 * set while it moves (old and new replicas), the replicas being added and those to be removed once the
 * added ones are in sync. Immutable.
 */
public record PartitionReassignment(List<Integer> replicas, List<Integer> addingReplicas, List<Integer> removingReplicas) {

    public PartitionReassignment {
        replicas = List.copyOf(replicas);
        addingReplicas = List.copyOf(addingReplicas);
        removingReplicas = List.copyOf(removingReplicas);
    }
}
