package io.sluice.clients.admin;

import io.sluice.clients.common.TopicPartition;
import io.sluice.clients.consumer.OffsetAndMetadata;
import io.sluice.protocol.ApiKeys;
import io.sluice.protocol.Messages;
import io.sluice.protocol.Struct;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds the request bodies of the admin calls. Every field of every version is set; the protocol
 * writer leaves out what the negotiated version lacks, so one body serves all versions (where a
 * request changed shape between versions, e.g. FindCoordinator v4's key list or OffsetFetch v8's
 * group list, both shapes are filled in). Pure functions; thread-safe.
 */
final class AdminRequests {

    /** ListOffsets replica id of a client (not a follower). */
    static final int CONSUMER_REPLICA_ID = -1;

    private AdminRequests() {
    }

    static Struct createTopics(Collection<NewTopic> topics, int timeoutMs, boolean validateOnly) {
        Struct body = Messages.request(ApiKeys.CREATE_TOPICS).newStruct()
                .set("timeout_ms", timeoutMs)
                .set("validate_only", validateOnly);
        for (NewTopic topic : topics) {
            Struct t = body.addElement("topics")
                    .set("name", topic.name())
                    .set("num_partitions", topic.numPartitions())
                    .set("replication_factor", topic.replicationFactor());
            topic.configs().forEach((name, value) -> t.addElement("configs").set("name", name).set("value", value));
        }
        return body;
    }

    static Struct deleteTopics(Collection<String> names, int timeoutMs) {
        Struct body = Messages.request(ApiKeys.DELETE_TOPICS).newStruct()
                .set("timeout_ms", timeoutMs)
                .set("topic_names", List.copyOf(names));
        for (String name : names) {
            body.addElement("topics").set("name", name).set("topic_id", new java.util.UUID(0, 0));
        }
        return body;
    }

    /** Metadata of the given topics, or of all topics when {@code topics} is null; never auto-creates. */
    static Struct metadata(Collection<String> topics) {
        Struct body = Messages.request(ApiKeys.METADATA).newStruct()
                .set("allow_auto_topic_creation", false);
        if (topics == null) {
            body.set("topics", null);
        } else {
            for (String topic : topics) {
                body.addElement("topics").set("name", topic).set("topic_id", new java.util.UUID(0, 0));
            }
        }
        return body;
    }

    static Struct createPartitions(Map<String, Integer> totalCounts, int timeoutMs, boolean validateOnly) {
        Struct body = Messages.request(ApiKeys.CREATE_PARTITIONS).newStruct()
                .set("timeout_ms", timeoutMs)
                .set("validate_only", validateOnly);
        totalCounts.forEach((topic, count) -> body.addElement("topics")
                .set("name", topic).set("count", count).set("assignments", null));
        return body;
    }

    static Struct describeConfigs(Collection<ConfigResource> resources, boolean includeSynonyms) {
        Struct body = Messages.request(ApiKeys.DESCRIBE_CONFIGS).newStruct()
                .set("include_synonyms", includeSynonyms)
                .set("include_documentation", false);
        for (ConfigResource resource : resources) {
            body.addElement("resources")
                    .set("resource_type", resource.type().code())
                    .set("resource_name", resource.name())
                    .set("configuration_keys", null);
        }
        return body;
    }

    static Struct incrementalAlterConfigs(Map<ConfigResource, ? extends Collection<AlterConfigOp>> changes,
            boolean validateOnly) {
        Struct body = Messages.request(ApiKeys.INCREMENTAL_ALTER_CONFIGS).newStruct().set("validate_only", validateOnly);
        changes.forEach((resource, ops) -> {
            Struct r = body.addElement("resources")
                    .set("resource_type", resource.type().code())
                    .set("resource_name", resource.name());
            for (AlterConfigOp op : ops) {
                r.addElement("configs").set("name", op.name()).set("config_operation", op.op().code()).set("value", op.value());
            }
        });
        return body;
    }

    static Struct describeCluster() {
        return Messages.request(ApiKeys.DESCRIBE_CLUSTER).newStruct().set("include_cluster_authorized_operations", false);
    }

    /** FindCoordinator for a group (key type 0), in both the v0-3 and the v4+ shape. */
    static Struct findGroupCoordinator(String group) {
        return Messages.request(ApiKeys.FIND_COORDINATOR).newStruct()
                .set("key", group)
                .set("key_type", (byte) 0)
                .set("coordinator_keys", List.of(group));
    }

    static Struct listGroups() {
        return Messages.request(ApiKeys.LIST_GROUPS).newStruct()
                .set("states_filter", List.of())
                .set("types_filter", List.of());
    }

    static Struct describeGroups(Collection<String> groups) {
        return Messages.request(ApiKeys.DESCRIBE_GROUPS).newStruct()
                .set("groups", List.copyOf(groups))
                .set("include_authorized_operations", false);
    }

    /** OffsetFetch of all committed offsets of a group, in both the v0-7 and the v8+ shape. */
    static Struct offsetFetchAll(String group) {
        Struct body = Messages.request(ApiKeys.OFFSET_FETCH).newStruct()
                .set("group_id", group)
                .set("topics", null)
                .set("require_stable", false);
        body.addElement("groups").set("group_id", group).set("topics", null);
        return body;
    }

    /** OffsetCommit outside of group membership (generation -1, empty member id), as an admin does. */
    static Struct offsetCommit(String group, Map<TopicPartition, OffsetAndMetadata> offsets) {
        Struct body = Messages.request(ApiKeys.OFFSET_COMMIT).newStruct()
                .set("group_id", group)
                .set("generation_id_or_member_epoch", -1)
                .set("member_id", "");
        byTopic(offsets.keySet()).forEach((topic, partitions) -> {
            Struct t = body.addElement("topics").set("name", topic);
            for (TopicPartition tp : partitions) {
                OffsetAndMetadata offset = offsets.get(tp);
                t.addElement("partitions")
                        .set("partition_index", tp.partition())
                        .set("committed_offset", offset.offset())
                        .set("committed_leader_epoch", offset.leaderEpoch().orElse(-1))
                        .set("committed_metadata", offset.metadata());
            }
        });
        return body;
    }

    static Struct offsetDelete(String group, Collection<TopicPartition> partitions) {
        Struct body = Messages.request(ApiKeys.OFFSET_DELETE).newStruct().set("group_id", group);
        byTopic(partitions).forEach((topic, tps) -> {
            Struct t = body.addElement("topics").set("name", topic);
            for (TopicPartition tp : tps) {
                t.addElement("partitions").set("partition_index", tp.partition());
            }
        });
        return body;
    }

    static Struct deleteGroups(Collection<String> groups) {
        return Messages.request(ApiKeys.DELETE_GROUPS).newStruct().set("groups_names", List.copyOf(groups));
    }

    static Struct deleteRecords(Map<TopicPartition, Long> beforeOffsets, int timeoutMs) {
        Struct body = Messages.request(ApiKeys.DELETE_RECORDS).newStruct().set("timeout_ms", timeoutMs);
        byTopic(beforeOffsets.keySet()).forEach((topic, tps) -> {
            Struct t = body.addElement("topics").set("name", topic);
            for (TopicPartition tp : tps) {
                t.addElement("partitions").set("partition_index", tp.partition()).set("offset", beforeOffsets.get(tp));
            }
        });
        return body;
    }

    static Struct listOffsets(Map<TopicPartition, OffsetSpec> specs, byte isolationLevel) {
        Struct body = Messages.request(ApiKeys.LIST_OFFSETS).newStruct()
                .set("replica_id", CONSUMER_REPLICA_ID)
                .set("isolation_level", isolationLevel);
        byTopic(specs.keySet()).forEach((topic, tps) -> {
            Struct t = body.addElement("topics").set("name", topic);
            for (TopicPartition tp : tps) {
                t.addElement("partitions")
                        .set("partition_index", tp.partition())
                        .set("current_leader_epoch", -1)
                        .set("timestamp", specs.get(tp).timestamp());
            }
        });
        return body;
    }

    /** ElectLeaders of {@code partitions}, or of every partition when null; v0 ignores the election type. */
    static Struct electLeaders(ElectionType type, Collection<TopicPartition> partitions, int timeoutMs) {
        Struct body = Messages.request(ApiKeys.ELECT_LEADERS).newStruct()
                .set("election_type", type.code())
                .set("timeout_ms", timeoutMs);
        if (partitions == null) {
            body.set("topic_partitions", null);
        } else {
            byTopic(partitions).forEach((topic, tps) -> body.addElement("topic_partitions")
                    .set("topic", topic)
                    .set("partitions", tps.stream().map(TopicPartition::partition).toList()));
        }
        return body;
    }

    /** AlterPartitionReassignments: the target replicas per partition; an empty Optional (null replicas) cancels. */
    static Struct alterPartitionReassignments(Map<TopicPartition, Optional<List<Integer>>> reassignments, int timeoutMs) {
        Struct body = Messages.request(ApiKeys.ALTER_PARTITION_REASSIGNMENTS).newStruct().set("timeout_ms", timeoutMs);
        byTopic(reassignments.keySet()).forEach((topic, tps) -> {
            Struct t = body.addElement("topics").set("name", topic);
            for (TopicPartition tp : tps) {
                t.addElement("partitions")
                        .set("partition_index", tp.partition())
                        .set("replicas", reassignments.get(tp).map(List::copyOf).orElse(null));
            }
        });
        return body;
    }

    /** ListPartitionReassignments of {@code partitions}, or of every partition when null. */
    static Struct listPartitionReassignments(Collection<TopicPartition> partitions, int timeoutMs) {
        Struct body = Messages.request(ApiKeys.LIST_PARTITION_REASSIGNMENTS).newStruct().set("timeout_ms", timeoutMs);
        if (partitions == null) {
            body.set("topics", null);
        } else {
            byTopic(partitions).forEach((topic, tps) -> body.addElement("topics")
                    .set("name", topic)
                    .set("partition_indexes", tps.stream().map(TopicPartition::partition).toList()));
        }
        return body;
    }

    /** Groups partitions by topic, keeping the first-seen order of topics and partitions. */
    static Map<String, List<TopicPartition>> byTopic(Collection<TopicPartition> partitions) {
        Map<String, List<TopicPartition>> byTopic = new LinkedHashMap<>();
        for (TopicPartition tp : partitions) {
            byTopic.computeIfAbsent(tp.topic(), t -> new java.util.ArrayList<>()).add(tp);
        }
        return byTopic;
    }
}
