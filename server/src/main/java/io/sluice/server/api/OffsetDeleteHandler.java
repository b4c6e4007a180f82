package io.sluice.server.api;

import io.sluice.protocol.ApiKeys;
import io.sluice.protocol.Errors;
import io.sluice.protocol.Struct;
import io.sluice.server.group.CoordinatorException;
import io.sluice.server.group.GroupCoordinator;
import io.sluice.server.log.TopicPartition;
import io.sluice.server.metadata.MetadataCache;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * OffsetDelete (47), v0: deletes committed offsets of a group through {@link GroupCoordinator#deleteOffsets}
 * (partitions of topics an active consumer group subscribes to get GROUP_SUBSCRIBED_TO_TOPIC). A group
 * error (GROUP_ID_NOT_FOUND, NON_EMPTY_GROUP, NOT_COORDINATOR...) goes in the top-level error code;
 * partitions of unknown topics get UNKNOWN_TOPIC_OR_PARTITION.
 */
public final class OffsetDeleteHandler implements ApiHandler {

    private final GroupCoordinator coordinator;
    private final MetadataCache metadataCache;

    public OffsetDeleteHandler(GroupCoordinator coordinator, MetadataCache metadataCache) {
        this.coordinator = coordinator;
        this.metadataCache = metadataCache;
    }

    @Override
    public ApiKeys api() {
        return ApiKeys.OFFSET_DELETE;
    }

    @Override
    public short minVersion() {
        return 0;
    }

    @Override
    public short maxVersion() {
        return 0;
    }

    @Override
    public CompletableFuture<Struct> handle(ApiRequest request) {
        Struct body = request.body();
        String groupId = body.getString("group_id");
        Map<TopicPartition, Errors> errors = new LinkedHashMap<>();
        List<TopicPartition> deletable = new ArrayList<>();
        for (Struct topic : body.<Struct>getArray("topics")) {
            for (Struct partition : topic.<Struct>getArray("partitions")) {
                TopicPartition tp = new TopicPartition(topic.getString("name"), partition.getInt("partition_index"));
                if (metadataCache.partition(tp.topic(), tp.partition()).isEmpty()) {
                    errors.put(tp, Errors.UNKNOWN_TOPIC_OR_PARTITION);
                } else {
                    deletable.add(tp);
                }
            }
        }
        if (groupId == null || groupId.isEmpty()) {
            return CompletableFuture.completedFuture(response(request, Errors.INVALID_GROUP_ID, Map.of()));
        }
        try {
            return coordinator.deleteOffsets(groupId, deletable).thenApply(outcome -> {
                if (outcome.error() != Errors.NONE) {
                    return response(request, outcome.error(), Map.of());
                }
                errors.putAll(outcome.partitions());
                return response(request, Errors.NONE, errors);
            });
        } catch (CoordinatorException e) {
            return CompletableFuture.completedFuture(response(request, e.error(), Map.of()));
        }
    }

    private static Struct response(ApiRequest request, Errors error, Map<TopicPartition, Errors> errors) {
        Struct response = request.newResponse().set("error_code", error.code()).set("throttle_time_ms", 0);
        Map<String, Struct> topics = new LinkedHashMap<>();
        errors.forEach((tp, e) -> topics.computeIfAbsent(tp.topic(),
                        name -> response.addElement("topics").set("name", name))
                .addElement("partitions").set("partition_index", tp.partition()).set("error_code", e.code()));
        return response;
    }
}
