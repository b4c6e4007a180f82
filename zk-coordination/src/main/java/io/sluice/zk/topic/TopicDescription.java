package io.sluice.zk.topic;

import java.util.Map;

import io.sluice.zk.Versioned;
import io.sluice.zk.json.PartitionState;
import io.sluice.zk.json.TopicAssignment;

/**
 * Everything ZooKeeper says about one topic: its id and replica assignment, each partition's
 * leader/ISR state (with the zkVersion for a later conditional update; a partition whose state
 * znode is missing is absent from the map), its config overrides, and whether it is queued for deletion.
 */
public record TopicDescription(String name, TopicAssignment assignment,
                               Map<Integer, Versioned<PartitionState>> partitionStates,
                               Map<String, String> configOverrides, boolean markedForDeletion) {

    public TopicDescription {
        partitionStates = Map.copyOf(partitionStates);
        configOverrides = Map.copyOf(configOverrides);
    }

    public int partitionCount() {
        return assignment.partitionCount();
    }
}
