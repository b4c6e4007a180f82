package io.sluice.server.api;

import io.sluice.protocol.ApiKeys;
import io.sluice.protocol.Errors;
import io.sluice.protocol.Struct;
import io.sluice.server.group.CoordinatorException;
import io.sluice.server.group.GroupRecords.OffsetValue;
import io.sluice.server.group.OffsetManager;
import io.sluice.server.log.TopicPartition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * OffsetFetch (9), advertised v1-v9: a group's committed offsets from {@link OffsetManager}. A requested
 * partition without a commit answers offset -1, empty metadata and NONE; null topics (v2+) ask for every
 * committed partition. v8+ carries several groups, each with its own error; v2-v7 report a group error
 * at the top level, v1 (which has no such field) on every requested partition. {@code require_stable}
 * (v7+) needs no waiting here: without transactions no offset is ever pending.
 */
public final class OffsetFetchHandler implements ApiHandler {

    private final OffsetManager offsets;

    public OffsetFetchHandler(OffsetManager offsets) {
        this.offsets = offsets;
    }

    @Override
    public ApiKeys api() {
        return ApiKeys.OFFSET_FETCH;
    }

    @Override
    public short minVersion() {
        return 1;
    }

    @Override
    public short maxVersion() {
        return 9;
    }

    @Override
    public CompletableFuture<Struct> handle(ApiRequest request) {
        short version = request.version();
        Struct body = request.body();
        Struct response = request.newResponse();
        if (version >= 3) {
            response.set("throttle_time_ms", 0);
        }
        if (version >= 8) {
            for (Struct group : body.<Struct>getArray("groups")) {
                Struct answer = response.addElement("groups").set("group_id", group.getString("group_id"));
                Errors error = fill(answer, group.getString("group_id"), requested(group.getArray("topics")), true);
                answer.set("error_code", error.code());
            }
        } else {
            List<TopicPartition> requested = requested(body.getArray("topics"));
            Errors error = fill(response, body.getString("group_id"), requested, version >= 2);
            if (version >= 2) {
                response.set("error_code", error.code());
            }
        }
        return CompletableFuture.completedFuture(response);
    }

    private static List<TopicPartition> requested(List<Struct> topics) {
        if (topics == null) {
            return null;
        }
        List<TopicPartition> partitions = new ArrayList<>();
        for (Struct topic : topics) {
            for (Integer partition : topic.<Integer>getArray("partition_indexes")) {
                partitions.add(new TopicPartition(topic.getString("name"), partition));
            }
        }
        return partitions;
    }

    /**
     * Adds the topics of one group's answer to {@code target} and returns the group's error. With
     * {@code groupLevelError} false (v1) a group error goes on every requested partition instead.
     */
    private Errors fill(Struct target, String groupId, List<TopicPartition> requested, boolean groupLevelError) {
        Map<TopicPartition, OffsetValue> found;
        Errors partitionError = Errors.NONE;
        try {
            if (groupId == null || groupId.isEmpty()) {
                throw new CoordinatorException(Errors.INVALID_GROUP_ID, "Empty group id");
            }
            found = offsets.fetch(groupId, requested);
        } catch (CoordinatorException e) {
            if (groupLevelError) {
                return e.error();
            }
            found = Map.of();
            partitionError = e.error();
        }
        List<TopicPartition> answered = requested != null ? requested : new ArrayList<>(found.keySet());
        Map<String, Struct> topics = new LinkedHashMap<>();
        for (TopicPartition tp : answered) {
            OffsetValue value = found.get(tp);
            topics.computeIfAbsent(tp.topic(), name -> target.addElement("topics").set("name", name))
                    .addElement("partitions").set("partition_index", tp.partition())
                    .set("committed_offset", value == null ? -1L : value.offset())
                    .set("committed_leader_epoch", value == null ? -1 : value.leaderEpoch())
                    .set("metadata", value == null ? "" : value.metadata())
                    .set("error_code", partitionError.code());
        }
        return Errors.NONE;
    }
}
