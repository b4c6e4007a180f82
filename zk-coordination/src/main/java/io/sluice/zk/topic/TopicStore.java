package io.sluice.zk.topic;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;

import org.apache.curator.framework.api.transaction.CuratorOp;
import org.apache.zookeeper.CreateMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.sluice.zk.VersionedData;
import io.sluice.zk.Versioned;
import io.sluice.zk.ZkClient;
import io.sluice.zk.ZkException;
import io.sluice.zk.ZkPaths;
import io.sluice.zk.errors.AdminException;
import io.sluice.zk.json.EntityConfig;
import io.sluice.zk.json.PartitionState;
import io.sluice.zk.json.TopicAssignment;
import io.sluice.zk.json.Uuids;

/**
 * Topics as ZooKeeper stores them: the assignment znode {@code /brokers/topics/<t>}, one state
 * znode per partition, the config overrides {@code /config/topics/<t>} and the deletion marker
 * {@code /admin/delete_topics/<t>}.
 *
 * <p>Who calls what. Today the broker that receives CreateTopics / CreatePartitions / DeleteTopics
 * calls {@link #createTopic}, {@link #createPartitions}, {@link #markForDeletion} and then
 * {@link #completeDeletion} itself. With a controller, the request handler will only write the
 * assignment and the deletion marker, and the controller (which watches those znodes) will call
 * {@link #completeDeletion} and {@link #updatePartitionState} with its own epoch. Nothing here
 * asks "am I the controller"; fencing is by zkVersion on every partition state write.
 *
 * <p>Every multi-node change is one ZooKeeper multi, so other brokers never see a topic without
 * its partition states or a partition without its state.
 *
 * <p>Thread-safe: stateless apart from the {@link Random} (itself thread-safe) used for placement.
 */
public final class TopicStore {

    private static final Logger log = LoggerFactory.getLogger(TopicStore.class);

    private final ZkClient zk;
    private final Random random;

    public TopicStore(ZkClient zk) {
        this(zk, new Random());
    }

    /** @param random seeds replica placement (tests pass a seeded one) */
    public TopicStore(ZkClient zk, Random random) {
        this.zk = zk;
        this.random = random;
    }

    // ---------------------------------------------------------------- create

    /**
     * Creates a topic with replicas placed over the live brokers (see {@link ReplicaAssigner}), the
     * initial partition states (leader = first live replica, leader epoch 0, ISR = live replicas)
     * and the config overrides.
     *
     * @throws AdminException.InvalidTopic             bad name or a '.'/'_' collision
     * @throws AdminException.TopicExists              the topic exists
     * @throws AdminException.InvalidPartitions        partitions &lt;= 0
     * @throws AdminException.InvalidReplicationFactor rf &lt;= 0 or more than the live brokers
     */
    public TopicAssignment createTopic(String topic, int partitions, int replicationFactor,
                                       Map<String, String> configs) {
        Map<Integer, List<Integer>> assignment = planTopic(topic, partitions, replicationFactor);
        return write(topic, assignment, configs, liveBrokerIds());
    }

    /**
     * Validates a CreateTopics request and computes the placement without writing anything (the
     * request's {@code validate_only} mode, and the first half of {@link #createTopic}).
     */
    public Map<Integer, List<Integer>> planTopic(String topic, int partitions, int replicationFactor) {
        validateNewTopic(topic);
        return ReplicaAssigner.assign(liveBrokerIds(), partitions, replicationFactor, -1, 0, random);
    }

    /**
     * Creates a topic with a replica assignment chosen by the client (CreateTopics with
     * {@code assignments}).
     *
     * @throws AdminException.InvalidReplicaAssignment partitions not numbered 0..n-1, duplicate
     *                                                 replicas, unequal replica counts, unknown brokers
     */
    public TopicAssignment createTopicWithAssignment(String topic, Map<Integer, List<Integer>> assignment,
                                                     Map<String, String> configs) {
        validateNewTopic(topic);
        List<Integer> live = liveBrokerIds();
        validateAssignment(assignment, 0, live);
        return write(topic, assignment, configs, live);
    }

    /** Name rules, existence, and collisions with existing topics. */
    public void validateNewTopic(String topic) {
        TopicNames.validate(topic);
        if (zk.exists(ZkPaths.topic(topic))) {
            throw new AdminException.TopicExists("Topic '" + topic + "' already exists.");
        }
        if (TopicNames.hasCollisionChars(topic)) {
            String unified = TopicNames.unifyCollisionChars(topic);
            List<String> colliding = listTopics().stream()
                    .filter(t -> TopicNames.unifyCollisionChars(t).equals(unified)).toList();
            if (!colliding.isEmpty()) {
                throw new AdminException.InvalidTopic("Topic '" + topic + "' collides with existing topics: "
                        + String.join(", ", colliding));
            }
        }
    }

    private TopicAssignment write(String topic, Map<Integer, List<Integer>> replicas, Map<String, String> configs,
                                  List<Integer> liveBrokers) {
        TopicAssignment assignment = TopicAssignment.of(Uuids.random(), replicas);
        int controllerEpoch = currentControllerEpoch();
        List<CuratorOp> ops = new ArrayList<>();
        // Kafka writes the config znode even when there are no overrides; a leftover one from an
        // earlier topic of the same name is overwritten.
        byte[] config = EntityConfig.toJson(configs);
        String configPath = ZkPaths.topicConfig(topic);
        try {
            if (zk.exists(configPath)) {
                ops.add(zk.op().setData().forPath(configPath, config));
            } else {
                ops.add(zk.op().create().withMode(CreateMode.PERSISTENT).forPath(configPath, config));
            }
            ops.add(zk.op().create().withMode(CreateMode.PERSISTENT).forPath(ZkPaths.topic(topic), assignment.toJson()));
            ops.add(zk.op().create().withMode(CreateMode.PERSISTENT).forPath(ZkPaths.topicPartitions(topic), new byte[0]));
            addPartitionOps(ops, topic, assignment.partitions(), liveBrokers, controllerEpoch);
        } catch (Exception e) {
            throw new ZkException("Cannot prepare creation of topic " + topic, e);
        }
        try {
            zk.commit(ops, "topic " + topic);
        } catch (ZkException.NodeExists e) {
            throw new AdminException.TopicExists("Topic '" + topic + "' already exists.");
        }
        log.info("Created topic {} (id {}) with {} partitions: {}", topic, assignment.topicIdString(),
                assignment.partitionCount(), assignment.partitions());
        return assignment;
    }

    private void addPartitionOps(List<CuratorOp> ops, String topic, Map<Integer, List<Integer>> partitions,
                                 List<Integer> liveBrokers, int controllerEpoch) throws Exception {
        Set<Integer> live = new HashSet<>(liveBrokers);
        for (Map.Entry<Integer, List<Integer>> e : partitions.entrySet()) {
            List<Integer> isr = e.getValue().stream().filter(live::contains).toList();
            int leader = isr.isEmpty() ? PartitionState.NO_LEADER : isr.get(0);
            PartitionState state = new PartitionState(leader, 0, isr, controllerEpoch);
            ops.add(zk.op().create().withMode(CreateMode.PERSISTENT)
                    .forPath(ZkPaths.topicPartition(topic, e.getKey()), new byte[0]));
            ops.add(zk.op().create().withMode(CreateMode.PERSISTENT)
                    .forPath(ZkPaths.partitionState(topic, e.getKey()), state.toJson()));
        }
    }

    // ---------------------------------------------------------------- read

    public boolean topicExists(String topic) {
        return zk.exists(ZkPaths.topic(topic));
    }

    /** All topics, sorted by name (including those queued for deletion). */
    public List<String> listTopics() {
        return zk.getChildren(ZkPaths.BROKER_TOPICS).stream().sorted().toList();
    }

    public Optional<TopicAssignment> assignment(String topic) {
        return readAssignment(topic).map(Versioned::value);
    }

    private Optional<Versioned<TopicAssignment>> readAssignment(String topic) {
        return zk.getDataIfExists(ZkPaths.topic(topic))
                .map(v -> new Versioned<>(TopicAssignment.fromJson(topic, v.data()), v.zkVersion()));
    }

    public Optional<Versioned<PartitionState>> partitionState(String topic, int partition) {
        String path = ZkPaths.partitionState(topic, partition);
        return zk.getDataIfExists(path)
                .map(v -> new Versioned<>(PartitionState.fromJson(v.data(), path), v.zkVersion()));
    }

    /** Each partition's state; partitions whose state znode is missing are left out. */
    public Map<Integer, Versioned<PartitionState>> partitionStates(String topic) {
        Map<Integer, Versioned<PartitionState>> states = new TreeMap<>();
        for (String child : zk.getChildren(ZkPaths.topicPartitions(topic))) {
            int partition = Integer.parseInt(child);
            partitionState(topic, partition).ifPresent(s -> states.put(partition, s));
        }
        return states;
    }

    public Optional<TopicDescription> describe(String topic) {
        return assignment(topic).map(a -> new TopicDescription(topic, a, partitionStates(topic),
                zk.getDataIfExists(ZkPaths.topicConfig(topic))
                        .map(v -> EntityConfig.fromJson(v.data(), ZkPaths.topicConfig(topic))).orElse(Map.of()),
                isMarkedForDeletion(topic)));
    }

    // ---------------------------------------------------------------- partition state

    /**
     * Writes a partition's leader/ISR state only if nobody wrote it since {@code expectedZkVersion}
     * was read (Kafka's partition epoch check; a zombie controller or a leader with stale state
     * loses here).
     *
     * @return the new zkVersion
     * @throws ZkException.BadVersion the state changed since it was read; re-read and decide again
     * @throws ZkException.NoNode     the partition (or topic) is gone
     */
    public int updatePartitionState(String topic, int partition, PartitionState state, int expectedZkVersion) {
        if (expectedZkVersion < 0) {
            throw new IllegalArgumentException("Partition state writes must name the zkVersion they read");
        }
        return zk.setData(ZkPaths.partitionState(topic, partition), state.toJson(), expectedZkVersion);
    }

    // ---------------------------------------------------------------- CreatePartitions

    /**
     * Grows a topic to {@code newPartitionCount} partitions, placing the new ones like Kafka: same
     * replication factor as partition 0, continuing the round-robin from partition 0's leader.
     */
    public TopicAssignment createPartitions(String topic, int newPartitionCount) {
        return createPartitions(topic, newPartitionCount, null);
    }

    /**
     * As {@link #createPartitions(String, int)}, with the new partitions' replicas chosen by the
     * client when {@code newAssignments} is not null (one list per new partition, in order).
     *
     * @throws AdminException.UnknownTopicOrPartition  no such topic
     * @throws AdminException.InvalidTopic             the topic is queued for deletion
     * @throws AdminException.InvalidPartitions        the count does not grow
     * @throws AdminException.InvalidReplicaAssignment a bad explicit assignment
     */
    public TopicAssignment createPartitions(String topic, int newPartitionCount, List<List<Integer>> newAssignments) {
        while (true) {
            Versioned<TopicAssignment> current = readAssignment(topic).orElseThrow(() ->
                    new AdminException.UnknownTopicOrPartition("The topic '" + topic + "' does not exist."));
            if (isMarkedForDeletion(topic)) {
                throw new AdminException.InvalidTopic("The topic '" + topic + "' is queued for deletion.");
            }
            TopicAssignment existing = current.value();
            int existingCount = existing.partitionCount();
            if (newPartitionCount < existingCount) {
                throw new AdminException.InvalidPartitions("Topic currently has " + existingCount
                        + " partitions, which is higher than the requested " + newPartitionCount + ".");
            }
            if (newPartitionCount == existingCount) {
                throw new AdminException.InvalidPartitions("Topic already has " + existingCount + " partitions.");
            }
            List<Integer> live = liveBrokerIds();
            Map<Integer, List<Integer>> added = newAssignments == null
                    ? placeNewPartitions(existing, newPartitionCount, live)
                    : explicitNewPartitions(existing, newPartitionCount, newAssignments, live);
            TopicAssignment grown = existing.withPartitions(added);
            List<CuratorOp> ops = new ArrayList<>();
            try {
                ops.add(zk.op().setData().withVersion(current.zkVersion()).forPath(ZkPaths.topic(topic), grown.toJson()));
                addPartitionOps(ops, topic, added, live, currentControllerEpoch());
            } catch (Exception e) {
                throw new ZkException("Cannot prepare new partitions of " + topic, e);
            }
            try {
                zk.commit(ops, "partitions of topic " + topic);
            } catch (ZkException.BadVersion | ZkException.NodeExists e) {
                log.info("Topic {} changed while adding partitions; retrying", topic);
                continue;
            }
            log.info("Topic {} grew from {} to {} partitions: {}", topic, existingCount, newPartitionCount, added);
            return grown;
        }
    }

    private Map<Integer, List<Integer>> placeNewPartitions(TopicAssignment existing, int newCount, List<Integer> live) {
        List<Integer> partition0 = existing.replicas(0);
        List<Integer> sorted = live.stream().sorted().toList();
        int firstLeader = partition0.isEmpty() ? 0 : partition0.get(0);
        int startIndex = 0;
        for (int i = 0; i < sorted.size(); i++) {
            if (sorted.get(i) >= firstLeader) {
                startIndex = i;
                break;
            }
        }
        int rf = partition0.isEmpty() ? 1 : partition0.size();
        return ReplicaAssigner.assign(sorted, newCount - existing.partitionCount(), rf, startIndex,
                existing.partitionCount(), random);
    }

    private static Map<Integer, List<Integer>> explicitNewPartitions(TopicAssignment existing, int newCount,
                                                                     List<List<Integer>> assignments, List<Integer> live) {
        int added = newCount - existing.partitionCount();
        if (assignments.size() != added) {
            throw new AdminException.InvalidReplicaAssignment("Increasing the number of partitions by " + added
                    + " but " + assignments.size() + " assignments provided.");
        }
        Map<Integer, List<Integer>> result = new TreeMap<>();
        for (int i = 0; i < added; i++) {
            result.put(existing.partitionCount() + i, assignments.get(i));
        }
        validateAssignment(result, existing.partitionCount(), live);
        int rf = existing.replicas(0).size();
        if (rf > 0 && result.values().stream().anyMatch(r -> r.size() != rf)) {
            throw new AdminException.InvalidReplicaAssignment("Inconsistent replication factor between partitions, "
                    + "partition 0 has " + rf + " replicas.");
        }
        return result;
    }

    /** Checks a client-chosen assignment: partitions numbered from {@code firstPartition} without gaps. */
    public static void validateAssignment(Map<Integer, List<Integer>> assignment, int firstPartition,
                                          List<Integer> live) {
        if (assignment.isEmpty()) {
            throw new AdminException.InvalidReplicaAssignment("Replica assignment is empty.");
        }
        Set<Integer> liveSet = new HashSet<>(live);
        int expected = firstPartition;
        int rf = -1;
        for (Map.Entry<Integer, List<Integer>> e : new TreeMap<>(assignment).entrySet()) {
            if (e.getKey() != expected++) {
                throw new AdminException.InvalidReplicaAssignment("Partitions should be a consecutive 0-based integer"
                        + " sequence, but got " + new TreeMap<>(assignment).keySet() + ".");
            }
            List<Integer> replicas = e.getValue();
            if (replicas.isEmpty()) {
                throw new AdminException.InvalidReplicaAssignment("Partition " + e.getKey() + " has no replicas.");
            }
            if (new HashSet<>(replicas).size() != replicas.size()) {
                throw new AdminException.InvalidReplicaAssignment("Duplicate replica assignment found: "
                        + e.getKey() + " -> " + replicas);
            }
            if (rf >= 0 && replicas.size() != rf) {
                throw new AdminException.InvalidReplicaAssignment("All partitions should have the same number of"
                        + " replicas.");
            }
            rf = replicas.size();
            Set<Integer> unknown = replicas.stream().filter(b -> !liveSet.contains(b)).collect(Collectors.toSet());
            if (!unknown.isEmpty()) {
                throw new AdminException.InvalidReplicaAssignment("Unknown broker(s) in replica assignment: " + unknown
                        + ".");
            }
        }
    }

    // ---------------------------------------------------------------- delete

    /**
     * Queues a topic for deletion by creating {@code /admin/delete_topics/<t>} (idempotent).
     *
     * @throws AdminException.UnknownTopicOrPartition no such topic
     */
    public void markForDeletion(String topic) {
        if (!topicExists(topic)) {
            throw new AdminException.UnknownTopicOrPartition("The topic '" + topic + "' does not exist.");
        }
        zk.createPersistentIfAbsent(ZkPaths.deleteTopic(topic));
        log.info("Topic {} queued for deletion", topic);
    }

    public boolean isMarkedForDeletion(String topic) {
        return zk.exists(ZkPaths.deleteTopic(topic));
    }

    /** Topics with a deletion marker, sorted. */
    public List<String> topicsPendingDeletion() {
        return zk.getChildren(ZkPaths.DELETE_TOPICS).stream().sorted().toList();
    }

    /**
     * Removes what ZooKeeper holds for a deleted topic: the assignment and state znodes, the
     * config overrides and, last, the deletion marker (so a crash half-way leaves the marker and
     * the deletion is simply completed again). Call it once the replicas have dropped their logs:
     * today the single broker does, later the controller after StopReplica. Idempotent.
     */
    public void completeDeletion(String topic) {
        zk.deleteRecursive(ZkPaths.topic(topic));
        zk.deleteRecursive(ZkPaths.topicConfig(topic));
        zk.deleteRecursive(ZkPaths.deleteTopic(topic));
        log.info("Topic {} deleted from ZooKeeper", topic);
    }

    // ---------------------------------------------------------------- helpers

    /** Registered broker ids, sorted. */
    public List<Integer> liveBrokerIds() {
        List<Integer> ids = new ArrayList<>();
        for (String child : zk.getChildren(ZkPaths.BROKER_IDS)) {
            try {
                ids.add(Integer.parseInt(child));
            } catch (NumberFormatException e) {
                log.warn("Ignoring non-numeric broker registration {}", child);
            }
        }
        ids.sort(null);
        return ids;
    }

    /** The epoch in /controller_epoch, or 0 before any controller was elected. */
    private int currentControllerEpoch() {
        return zk.getDataIfExists(ZkPaths.CONTROLLER_EPOCH).map(VersionedData::data)
                .map(d -> new String(d, java.nio.charset.StandardCharsets.UTF_8).trim())
                .filter(s -> !s.isEmpty())
                .map(Integer::parseInt)
                .orElse(0);
    }

    /** For callers that need a topic's id only. */
    public Optional<UUID> topicId(String topic) {
        return assignment(topic).map(TopicAssignment::topicId);
    }

    /** Topic name -&gt; assignment for all topics (metadata cache warm-up). */
    public Map<String, TopicAssignment> allAssignments() {
        Map<String, TopicAssignment> all = new LinkedHashMap<>();
        for (String topic : listTopics()) {
            assignment(topic).ifPresent(a -> all.put(topic, a));
        }
        return all;
    }
}
