package io.sluice.clients.admin;

import io.sluice.clients.common.ApiException;
import io.sluice.clients.common.Node;
import io.sluice.clients.common.TopicPartition;
import io.sluice.clients.consumer.OffsetAndMetadata;
import io.sluice.protocol.Errors;
import io.sluice.protocol.Struct;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Reads the response bodies of the admin calls into the admin's result types. Per-key errors come
 * back as {@link ApiException}s carrying the Kafka error code and the broker's message. Pure
 * functions; thread-safe.
 */
final class AdminResponses {

    private static final UUID ZERO_UUID = new UUID(0, 0);

    private AdminResponses() {
    }

    /** The exception for an error code and optional message, or null for NONE. */
    static ApiException error(short code, String message) {
        Errors error = Errors.forCode(code);
        return error == Errors.NONE ? null : new ApiException(error, message);
    }

    static ApiException error(Struct struct) {
        String message = struct.schema().hasField("error_message") ? struct.getString("error_message") : null;
        return error(struct.getShort("error_code"), message);
    }

    /** name -> error (null for success) of an array of per-name results (CreateTopics, DeleteTopics, CreatePartitions). */
    static Map<String, ApiException> errorsByName(List<Struct> results, String nameField) {
        Map<String, ApiException> errors = new LinkedHashMap<>();
        for (Struct result : results) {
            errors.put(result.getString(nameField), error(result));
        }
        return errors;
    }

    static MetadataSnapshot metadata(Struct body) {
        Map<Integer, Node> brokers = new LinkedHashMap<>();
        for (Struct b : body.<Struct>getArray("brokers")) {
            int id = b.getInt("node_id");
            brokers.put(id, new Node(id, b.getString("host"), b.getInt("port"), b.getString("rack")));
        }
        Map<String, MetadataSnapshot.TopicMetadata> topics = new LinkedHashMap<>();
        for (Struct t : body.<Struct>getArray("topics")) {
            List<MetadataSnapshot.PartitionMetadata> partitions = new ArrayList<>();
            for (Struct p : t.<Struct>getArray("partitions")) {
                partitions.add(new MetadataSnapshot.PartitionMetadata(p.getInt("partition_index"),
                        Errors.forCode(p.getShort("error_code")), p.getInt("leader_id"), p.getInt("leader_epoch"),
                        List.copyOf(p.<Integer>getArray("replica_nodes")), List.copyOf(p.<Integer>getArray("isr_nodes"))));
            }
            partitions.sort(Comparator.comparingInt(MetadataSnapshot.PartitionMetadata::partition));
            UUID id = t.getUuid("topic_id");
            topics.put(t.getString("name"), new MetadataSnapshot.TopicMetadata(t.getString("name"),
                    Errors.forCode(t.getShort("error_code")), ZERO_UUID.equals(id) ? null : id, t.getBool("is_internal"),
                    partitions));
        }
        return new MetadataSnapshot(body.getString("cluster_id"), body.getInt("controller_id"), brokers, topics);
    }

    static TopicDescription topicDescription(MetadataSnapshot metadata, MetadataSnapshot.TopicMetadata topic) {
        List<TopicPartitionInfo> partitions = new ArrayList<>();
        for (MetadataSnapshot.PartitionMetadata p : topic.partitions()) {
            partitions.add(new TopicPartitionInfo(p.partition(), metadata.leader(p),
                    p.replicas().stream().map(metadata::node).toList(), p.isr().stream().map(metadata::node).toList()));
        }
        return new TopicDescription(topic.name(), topic.topicId(), topic.internal(), partitions);
    }

    /** DescribeConfigs results: a Config or an error per resource. v0 has is_default instead of a source. */
    static Map<ConfigResource, Object> describeConfigs(Struct body, short version) {
        Map<ConfigResource, Object> results = new LinkedHashMap<>();
        for (Struct r : body.<Struct>getArray("results")) {
            ConfigResource resource = new ConfigResource(ConfigResource.Type.forCode(r.getByte("resource_type")),
                    r.getString("resource_name"));
            ApiException error = error(r);
            if (error != null) {
                results.put(resource, error);
                continue;
            }
            List<ConfigEntry> entries = new ArrayList<>();
            for (Struct c : r.<Struct>getArray("configs")) {
                ConfigEntry.Source source = version == 0
                        ? (c.getBool("is_default") ? ConfigEntry.Source.DEFAULT_CONFIG : ConfigEntry.Source.UNKNOWN)
                        : ConfigEntry.Source.forCode(c.getByte("config_source"));
                List<ConfigEntry.Synonym> synonyms = new ArrayList<>();
                List<Struct> rawSynonyms = c.getArray("synonyms");
                if (rawSynonyms != null) {
                    for (Struct s : rawSynonyms) {
                        synonyms.add(new ConfigEntry.Synonym(s.getString("name"), s.getString("value"),
                                ConfigEntry.Source.forCode(s.getByte("source"))));
                    }
                }
                entries.add(new ConfigEntry(c.getString("name"), c.getString("value"), source, c.getBool("read_only"),
                        c.getBool("is_sensitive"), synonyms));
            }
            results.put(resource, new Config(entries));
        }
        return results;
    }

    /** AlterConfigs / IncrementalAlterConfigs: resource -> error (null for success). */
    static Map<ConfigResource, ApiException> alterConfigs(Struct body) {
        Map<ConfigResource, ApiException> results = new LinkedHashMap<>();
        for (Struct r : body.<Struct>getArray("responses")) {
            results.put(new ConfigResource(ConfigResource.Type.forCode(r.getByte("resource_type")), r.getString("resource_name")),
                    error(r));
        }
        return results;
    }

    static ClusterDescription describeCluster(Struct body) {
        ApiException error = error(body);
        if (error != null) {
            throw error;
        }
        List<Node> nodes = new ArrayList<>();
        Node controller = null;
        int controllerId = body.getInt("controller_id");
        for (Struct b : body.<Struct>getArray("brokers")) {
            Node node = new Node(b.getInt("broker_id"), b.getString("host"), b.getInt("port"), b.getString("rack"));
            nodes.add(node);
            if (node.id() == controllerId) {
                controller = node;
            }
        }
        return new ClusterDescription(body.getString("cluster_id"), controller, nodes);
    }

    /** The coordinator node of a FindCoordinator response for one key (v0-3 top level, v4+ per key). */
    static Node findCoordinator(Struct body, short version) {
        if (version >= 4) {
            Struct c = body.<Struct>getArray("coordinators").get(0);
            ApiException error = error(c);
            if (error != null) {
                throw error;
            }
            return new Node(c.getInt("node_id"), c.getString("host"), c.getInt("port"));
        }
        ApiException error = error(body.getShort("error_code"), version >= 1 ? body.getString("error_message") : null);
        if (error != null) {
            throw error;
        }
        return new Node(body.getInt("node_id"), body.getString("host"), body.getInt("port"));
    }

    static List<ConsumerGroupListing> listGroups(Struct body, short version) {
        ApiException error = error(body.getShort("error_code"), null);
        if (error != null) {
            throw error;
        }
        List<ConsumerGroupListing> groups = new ArrayList<>();
        for (Struct g : body.<Struct>getArray("groups")) {
            groups.add(new ConsumerGroupListing(g.getString("group_id"), version >= 4 ? g.getString("group_state") : null,
                    g.getString("protocol_type")));
        }
        return groups;
    }

    /** DescribeGroups: group -> ConsumerGroupDescription, or an ApiException for that group. */
    static Map<String, Object> describeGroups(Struct body, Node coordinator) {
        Map<String, Object> results = new LinkedHashMap<>();
        for (Struct g : body.<Struct>getArray("groups")) {
            String groupId = g.getString("group_id");
            ApiException error = error(g.getShort("error_code"), null);
            if (error != null) {
                results.put(groupId, error);
                continue;
            }
            String protocolType = g.getString("protocol_type");
            boolean consumer = "consumer".equals(protocolType);
            List<MemberDescription> members = new ArrayList<>();
            for (Struct m : g.<Struct>getArray("members")) {
                Set<TopicPartition> assignment = consumer ? consumerAssignment(m.getBytes("member_assignment")) : Set.of();
                members.add(new MemberDescription(m.getString("member_id"), m.getString("group_instance_id"),
                        m.getString("client_id"), m.getString("client_host"), assignment));
            }
            results.put(groupId, new ConsumerGroupDescription(groupId, protocolType == null || protocolType.isEmpty(), members,
                    g.getString("protocol_data"), g.getString("group_state"), coordinator));
        }
        return results;
    }

    /**
     * The partitions of a consumer protocol assignment (as the group leader's assignor wrote it):
     * int16 version, then [topic string, [partition int32]], then user data bytes (ignored). Empty for
     * an empty or unreadable assignment: a describe must not fail on one member's bytes.
     */
    static Set<TopicPartition> consumerAssignment(ByteBuffer bytes) {
        Set<TopicPartition> partitions = new HashSet<>();
        if (bytes == null || bytes.remaining() < 2) {
            return partitions;
        }
        ByteBuffer in = bytes.duplicate();
        try {
            in.getShort(); // version: the topic/partition layout is the same in v0 to v3
            int topics = in.getInt();
            for (int i = 0; i < topics; i++) {
                short length = in.getShort();
                byte[] name = new byte[length];
                in.get(name);
                String topic = new String(name, StandardCharsets.UTF_8);
                int count = in.getInt();
                for (int j = 0; j < count; j++) {
                    partitions.add(new TopicPartition(topic, in.getInt()));
                }
            }
        } catch (RuntimeException e) {
            return Set.of();
        }
        return partitions;
    }

    /**
     * OffsetFetch: the committed offsets of one group (v0-7 top level, v8+ in the group list).
     * Partitions without a committed offset (offset -1) are left out, as Kafka's Admin does.
     */
    static Map<TopicPartition, OffsetAndMetadata> offsetFetch(Struct body, short version) {
        List<Struct> topics;
        if (version >= 8) {
            Struct group = body.<Struct>getArray("groups").get(0);
            ApiException error = error(group.getShort("error_code"), null);
            if (error != null) {
                throw error;
            }
            topics = group.getArray("topics");
        } else {
            ApiException error = version >= 2 ? error(body.getShort("error_code"), null) : null;
            if (error != null) {
                throw error;
            }
            topics = body.getArray("topics");
        }
        Map<TopicPartition, OffsetAndMetadata> offsets = new LinkedHashMap<>();
        for (Struct t : topics) {
            for (Struct p : t.<Struct>getArray("partitions")) {
                ApiException error = error(p.getShort("error_code"), null);
                if (error != null) {
                    throw error;
                }
                long offset = p.getLong("committed_offset");
                if (offset >= 0) {
                    offsets.put(new TopicPartition(t.getString("name"), p.getInt("partition_index")),
                            new OffsetAndMetadata(offset, leaderEpoch(p.getInt("committed_leader_epoch")), p.getString("metadata")));
                }
            }
        }
        return offsets;
    }

    /** Per-partition error codes of OffsetCommit, OffsetDelete and DeleteRecords (arrays topics/partitions). */
    static Map<TopicPartition, ApiException> partitionErrors(Struct body) {
        Map<TopicPartition, ApiException> errors = new LinkedHashMap<>();
        for (Struct t : body.<Struct>getArray("topics")) {
            for (Struct p : t.<Struct>getArray("partitions")) {
                errors.put(new TopicPartition(t.getString("name"), p.getInt("partition_index")),
                        error(p.getShort("error_code"), null));
            }
        }
        return errors;
    }

    /** ElectLeaders: partition -> empty (elected) or its error. */
    static Map<TopicPartition, Optional<ApiException>> electLeaders(Struct body) {
        Map<TopicPartition, Optional<ApiException>> results = new LinkedHashMap<>();
        for (Struct t : body.<Struct>getArray("replica_election_results")) {
            for (Struct p : t.<Struct>getArray("partition_result")) {
                results.put(new TopicPartition(t.getString("topic"), p.getInt("partition_id")), Optional.ofNullable(error(p)));
            }
        }
        return results;
    }

    /** AlterPartitionReassignments: partition -> error (null for accepted). */
    static Map<TopicPartition, ApiException> alterPartitionReassignments(Struct body) {
        Map<TopicPartition, ApiException> errors = new LinkedHashMap<>();
        for (Struct t : body.<Struct>getArray("responses")) {
            for (Struct p : t.<Struct>getArray("partitions")) {
                errors.put(new TopicPartition(t.getString("name"), p.getInt("partition_index")), error(p));
            }
        }
        return errors;
    }

    /** ListPartitionReassignments: the ongoing reassignments. */
    static Map<TopicPartition, PartitionReassignment> listPartitionReassignments(Struct body) {
        Map<TopicPartition, PartitionReassignment> ongoing = new LinkedHashMap<>();
        for (Struct t : body.<Struct>getArray("topics")) {
            for (Struct p : t.<Struct>getArray("partitions")) {
                ongoing.put(new TopicPartition(t.getString("name"), p.getInt("partition_index")), new PartitionReassignment(
                        p.getArray("replicas"), p.getArray("adding_replicas"), p.getArray("removing_replicas")));
            }
        }
        return ongoing;
    }

    /** DeleteRecords: partition -> new low watermark, or an ApiException. */
    static Map<TopicPartition, Object> deleteRecords(Struct body) {
        Map<TopicPartition, Object> results = new LinkedHashMap<>();
        for (Struct t : body.<Struct>getArray("topics")) {
            for (Struct p : t.<Struct>getArray("partitions")) {
                TopicPartition tp = new TopicPartition(t.getString("name"), p.getInt("partition_index"));
                ApiException error = error(p.getShort("error_code"), null);
                results.put(tp, error != null ? error : (Object) p.getLong("low_watermark"));
            }
        }
        return results;
    }

    /** ListOffsets (v1+): partition -> ListedOffset, or an ApiException. */
    static Map<TopicPartition, Object> listOffsets(Struct body) {
        Map<TopicPartition, Object> results = new LinkedHashMap<>();
        for (Struct t : body.<Struct>getArray("topics")) {
            for (Struct p : t.<Struct>getArray("partitions")) {
                TopicPartition tp = new TopicPartition(t.getString("name"), p.getInt("partition_index"));
                ApiException error = error(p.getShort("error_code"), null);
                results.put(tp, error != null ? error
                        : new ListedOffset(p.getLong("offset"), p.getLong("timestamp"), p.getInt("leader_epoch")));
            }
        }
        return results;
    }

    /** A committed leader epoch from the wire: -1 means unknown. */
    private static Optional<Integer> leaderEpoch(int epoch) {
        return epoch < 0 ? Optional.empty() : Optional.of(epoch);
    }
}
