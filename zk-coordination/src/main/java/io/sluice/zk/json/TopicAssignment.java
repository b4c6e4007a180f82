package io.sluice.zk.json;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A topic's id and replica assignment, the body of {@code /brokers/topics/<topic>}, in Kafka's
 * version 3 format:
 *
 * <pre>
 * {"version":3,
 *  "topic_id":"MJfGoqnJSEm8mQ7W1l3t3A",          base64 UUID, see {@link Uuids}
 *  "partitions":{"0":[1,2],"1":[2,0]},            partition -&gt; replicas, preferred leader first
 *  "adding_replicas":{},                          partition -&gt; replicas being added by a reassignment
 *  "removing_replicas":{}}                        partition -&gt; replicas being removed by a reassignment
 * </pre>
 *
 * Partitions are written in numeric order. A topic written by an old Kafka (version 1/2, no
 * {@code topic_id}) decodes with a null {@link #topicId()}. Immutable.
 */
public record TopicAssignment(UUID topicId, SortedMap<Integer, List<Integer>> partitions,
                              SortedMap<Integer, List<Integer>> addingReplicas,
                              SortedMap<Integer, List<Integer>> removingReplicas) {

    public static final int VERSION = 3;

    public TopicAssignment {
        partitions = copy(partitions);
        addingReplicas = copy(addingReplicas);
        removingReplicas = copy(removingReplicas);
    }

    public static TopicAssignment of(UUID topicId, Map<Integer, List<Integer>> partitions) {
        return new TopicAssignment(topicId, new TreeMap<>(partitions), new TreeMap<>(), new TreeMap<>());
    }

    public int partitionCount() {
        return partitions.size();
    }

    /** The replicas of one partition, or an empty list if the partition does not exist. */
    public List<Integer> replicas(int partition) {
        return partitions.getOrDefault(partition, List.of());
    }

    /** The topic id as Kafka prints it, or null for a pre-2.8 topic. */
    public String topicIdString() {
        return topicId == null ? null : Uuids.toBase64(topicId);
    }

    /** A copy with more partitions added (used by CreatePartitions). */
    public TopicAssignment withPartitions(Map<Integer, List<Integer>> added) {
        SortedMap<Integer, List<Integer>> all = new TreeMap<>(partitions);
        all.putAll(added);
        return new TopicAssignment(topicId, all, addingReplicas, removingReplicas);
    }

    public byte[] toJson() {
        ObjectNode root = Json.object();
        root.put("version", VERSION);
        if (topicId != null) {
            root.put("topic_id", Uuids.toBase64(topicId));
        }
        root.set("partitions", replicaMap(partitions));
        root.set("adding_replicas", replicaMap(addingReplicas));
        root.set("removing_replicas", replicaMap(removingReplicas));
        return Json.bytes(root);
    }

    public static TopicAssignment fromJson(String topic, byte[] data) {
        String what = "topic znode " + topic;
        JsonNode root = Json.parse(data, what);
        JsonNode id = root.get("topic_id");
        UUID topicId = null;
        if (id != null && !id.isNull()) {
            try {
                topicId = Uuids.fromBase64(id.asText());
            } catch (IllegalArgumentException e) {
                throw new ZnodeFormatException(what + ": bad topic_id " + id, e);
            }
        }
        return new TopicAssignment(topicId, readReplicaMap(root.get("partitions"), what),
                readReplicaMap(root.get("adding_replicas"), what),
                readReplicaMap(root.get("removing_replicas"), what));
    }

    private static ObjectNode replicaMap(SortedMap<Integer, List<Integer>> map) {
        ObjectNode node = Json.object();
        map.forEach((partition, replicas) -> {
            ArrayNode array = node.putArray(Integer.toString(partition));
            replicas.forEach(array::add);
        });
        return node;
    }

    private static SortedMap<Integer, List<Integer>> readReplicaMap(JsonNode node, String what) {
        SortedMap<Integer, List<Integer>> map = new TreeMap<>();
        if (node == null || node.isNull()) {
            return map;
        }
        node.fields().forEachRemaining(f -> {
            List<Integer> replicas = new ArrayList<>();
            f.getValue().forEach(r -> replicas.add(r.asInt()));
            try {
                map.put(Integer.parseInt(f.getKey()), replicas);
            } catch (NumberFormatException e) {
                throw new ZnodeFormatException(what + ": partition key '" + f.getKey() + "' is not a number", e);
            }
        });
        return map;
    }

    private static SortedMap<Integer, List<Integer>> copy(Map<Integer, List<Integer>> map) {
        SortedMap<Integer, List<Integer>> copy = new TreeMap<>();
        if (map != null) {
            map.forEach((p, r) -> copy.put(p, List.copyOf(r)));
        }
        return Collections.unmodifiableSortedMap(copy);
    }
}
