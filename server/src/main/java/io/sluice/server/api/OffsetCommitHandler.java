package io.sluice.server.api;

import io.sluice.protocol.ApiKeys;
import io.sluice.protocol.Errors;
import io.sluice.protocol.Struct;
import io.sluice.server.group.CoordinatorException;
import io.sluice.server.group.GroupRecords.OffsetValue;
import io.sluice.server.group.GroupCoordinator;
import io.sluice.server.log.TopicPartition;
import io.sluice.server.metadata.MetadataCache;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * OffsetCommit (8), advertised v2-v9: stores a group's offsets through {@link GroupCoordinator#commitOffsets}
 * (which checks generation, member and instance id against the group) and answers once they are
 * replicated. Partitions of unknown topics get UNKNOWN_TOPIC_OR_PARTITION, an empty group
 * id INVALID_GROUP_ID; a whole-request failure (NOT_COORDINATOR...) is reported on every partition, as
 * the protocol has no top-level error. {@code retention_time_ms} (v2-v4) is ignored, as Kafka does since
 * offsets expire by {@code offsets.retention.minutes}.
 */
public final class OffsetCommitHandler implements ApiHandler {

    private final GroupCoordinator coordinator;
    private final MetadataCache metadataCache;

    public OffsetCommitHandler(GroupCoordinator coordinator, MetadataCache metadataCache) {
        this.coordinator = coordinator;
        this.metadataCache = metadataCache;
    }

    @Override
    public ApiKeys api() {
        return ApiKeys.OFFSET_COMMIT;
    }

    @Override
    public short minVersion() {
        return 2;
    }

    @Override
    public short maxVersion() {
        return 9;
    }

    @Override
    public CompletableFuture<Struct> handle(ApiRequest request) {
        Struct body = request.body();
        String groupId = body.getString("group_id");
        long now = System.currentTimeMillis();
        Map<TopicPartition, Errors> errors = new LinkedHashMap<>();
        Map<TopicPartition, OffsetValue> wanted = new LinkedHashMap<>();
        for (Struct topic : body.<Struct>getArray("topics")) {
            String name = topic.getString("name");
            for (Struct partition : topic.<Struct>getArray("partitions")) {
                TopicPartition tp = new TopicPartition(name, partition.getInt("partition_index"));
                if (groupId == null || groupId.isEmpty()) {
                    errors.put(tp, Errors.INVALID_GROUP_ID);
                } else if (metadataCache.partition(name, tp.partition()).isEmpty()) {
                    errors.put(tp, Errors.UNKNOWN_TOPIC_OR_PARTITION);
                } else {
                    int epoch = request.version() >= 6 ? partition.getInt("committed_leader_epoch") : -1;
                    wanted.put(tp, new OffsetValue(partition.getLong("committed_offset"), epoch,
                            partition.getString("committed_metadata"), now));
                    errors.put(tp, Errors.NONE);
                }
            }
        }
        if (wanted.isEmpty()) {
            return CompletableFuture.completedFuture(response(request, errors));
        }
        CompletableFuture<Map<TopicPartition, Errors>> committed;
        try {
            committed = coordinator.commitOffsets(groupId, body.getInt("generation_id_or_member_epoch"),
                    body.getString("member_id"), request.version() >= 7 ? body.getString("group_instance_id") : null,
                    wanted);
        } catch (CoordinatorException e) {
            wanted.keySet().forEach(tp -> errors.put(tp, e.error()));
            return CompletableFuture.completedFuture(response(request, errors));
        }
        return committed.thenApply(result -> {
            errors.putAll(result);
            return response(request, errors);
        });
    }

    private static Struct response(ApiRequest request, Map<TopicPartition, Errors> errors) {
        Struct response = request.newResponse();
        if (request.version() >= 3) {
            response.set("throttle_time_ms", 0);
        }
        Map<String, Struct> topics = new LinkedHashMap<>();
        errors.forEach((tp, error) -> topics.computeIfAbsent(tp.topic(),
                        name -> response.addElement("topics").set("name", name))
                .addElement("partitions").set("partition_index", tp.partition()).set("error_code", error.code()));
        return response;
    }
}
