package io.sluice.clients.metadata;

import io.sluice.clients.common.Node;
import io.sluice.clients.common.TopicPartition;
import io.sluice.protocol.Errors;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * An immutable snapshot of what the client knows about the cluster: brokers, the controller, and for
 * each topic it asked about, its partitions (sorted by index) or its error. Thread-safe.
 */
public final class Cluster {

    private static final Cluster EMPTY = new Cluster(null, List.of(), null, Map.of(), Map.of(), Map.of(), Set.of());

    private final String clusterId;
    private final List<Node> nodes;
    private final Map<Integer, Node> nodesById;
    private final Node controller;
    private final Map<String, List<PartitionInfo>> partitionsByTopic;
    private final Map<String, List<PartitionInfo>> availableByTopic;
    private final Map<String, Errors> topicErrors;
    private final Map<String, UUID> topicIds;
    private final Set<String> internalTopics;

    public Cluster(String clusterId, Collection<Node> nodes, Node controller, Map<String, List<PartitionInfo>> partitionsByTopic,
                   Map<String, Errors> topicErrors, Map<String, UUID> topicIds, Set<String> internalTopics) {
        this.clusterId = clusterId;
        this.nodes = List.copyOf(nodes);
        Map<Integer, Node> byId = new HashMap<>();
        for (Node node : nodes) {
            byId.put(node.id(), node);
        }
        this.nodesById = Collections.unmodifiableMap(byId);
        this.controller = controller;
        Map<String, List<PartitionInfo>> partitions = new HashMap<>();
        Map<String, List<PartitionInfo>> available = new HashMap<>();
        partitionsByTopic.forEach((topic, list) -> {
            List<PartitionInfo> sorted = new ArrayList<>(list);
            sorted.sort((a, b) -> Integer.compare(a.partition(), b.partition()));
            partitions.put(topic, List.copyOf(sorted));
            available.put(topic, sorted.stream().filter(p -> p.leader() != null).toList());
        });
        this.partitionsByTopic = Collections.unmodifiableMap(partitions);
        this.availableByTopic = Collections.unmodifiableMap(available);
        this.topicErrors = Map.copyOf(topicErrors);
        this.topicIds = Map.copyOf(topicIds);
        this.internalTopics = Set.copyOf(internalTopics);
    }

    /** No brokers, no topics: what a client knows before its first metadata response. */
    public static Cluster empty() {
        return EMPTY;
    }

    public String clusterId() {
        return clusterId;
    }

    public List<Node> nodes() {
        return nodes;
    }

    /** The broker with this id, or null. */
    public Node node(int id) {
        return nodesById.get(id);
    }

    /** The controller, or null if unknown. */
    public Node controller() {
        return controller;
    }

    /** Topics with partitions in this snapshot. */
    public Set<String> topics() {
        return partitionsByTopic.keySet();
    }

    /** All partitions of {@code topic}, sorted by index; empty if unknown. */
    public List<PartitionInfo> partitionsFor(String topic) {
        return partitionsByTopic.getOrDefault(topic, List.of());
    }

    /** The partitions of {@code topic} that have a leader, sorted by index. */
    public List<PartitionInfo> availablePartitionsFor(String topic) {
        return availableByTopic.getOrDefault(topic, List.of());
    }

    /** The partition count of {@code topic}, or -1 if it is unknown. */
    public int partitionCount(String topic) {
        List<PartitionInfo> partitions = partitionsByTopic.get(topic);
        return partitions == null ? -1 : partitions.size();
    }

    public PartitionInfo partition(TopicPartition tp) {
        List<PartitionInfo> partitions = partitionsByTopic.get(tp.topic());
        if (partitions == null) {
            return null;
        }
        // Partitions are dense 0..n-1 in practice; fall back to a scan if not.
        if (tp.partition() >= 0 && tp.partition() < partitions.size() && partitions.get(tp.partition()).partition() == tp.partition()) {
            return partitions.get(tp.partition());
        }
        for (PartitionInfo info : partitions) {
            if (info.partition() == tp.partition()) {
                return info;
            }
        }
        return null;
    }

    /** The leader of {@code tp}, or null if the partition or its leader is unknown. */
    public Node leaderFor(TopicPartition tp) {
        PartitionInfo info = partition(tp);
        return info == null ? null : info.leader();
    }

    /** The topic-level error of the last response that named {@code topic} (NONE if it had partitions), or null. */
    public Errors topicError(String topic) {
        return topicErrors.get(topic);
    }

    public Map<String, Errors> topicErrors() {
        return topicErrors;
    }

    /** The topic id (Metadata v10+), or null. */
    public UUID topicId(String topic) {
        return topicIds.get(topic);
    }

    public boolean isInternal(String topic) {
        return internalTopics.contains(topic);
    }

    @Override
    public String toString() {
        return "Cluster(id=" + clusterId + ", nodes=" + nodes + ", controller=" + controller + ", topics=" + partitionsByTopic.keySet()
                + ", errors=" + topicErrors + ")";
    }
}
