package io.sluice.server.api;

import io.sluice.protocol.ApiKeys;
import io.sluice.protocol.Errors;
import io.sluice.protocol.Struct;
import io.sluice.server.group.CoordinatorException;
import io.sluice.server.group.GroupCoordinator;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * DeleteGroups (42), advertised v0-v2: deletes each named group through {@link GroupCoordinator#deleteGroup}
 * (tombstones for its offsets and metadata) and answers per group: NONE, NON_EMPTY_GROUP while it has
 * members, GROUP_ID_NOT_FOUND, INVALID_GROUP_ID for an empty id, NOT_COORDINATOR when another broker
 * coordinates it.
 */
public final class DeleteGroupsHandler implements ApiHandler {

    private final GroupCoordinator coordinator;

    public DeleteGroupsHandler(GroupCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public ApiKeys api() {
        return ApiKeys.DELETE_GROUPS;
    }

    @Override
    public short minVersion() {
        return 0;
    }

    @Override
    public short maxVersion() {
        return 2;
    }

    @Override
    public CompletableFuture<Struct> handle(ApiRequest request) {
        List<String> groups = request.body().getArray("groups_names");
        List<CompletableFuture<Errors>> results = new ArrayList<>(groups.size());
        for (String group : groups) {
            if (group == null || group.isEmpty()) {
                results.add(CompletableFuture.completedFuture(Errors.INVALID_GROUP_ID));
                continue;
            }
            try {
                results.add(coordinator.deleteGroup(group));
            } catch (CoordinatorException e) {
                results.add(CompletableFuture.completedFuture(e.error()));
            }
        }
        return CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).thenApply(done -> {
            Struct response = request.newResponse().set("throttle_time_ms", 0);
            for (int i = 0; i < groups.size(); i++) {
                response.addElement("results").set("group_id", groups.get(i))
                        .set("error_code", results.get(i).join().code());
            }
            return response;
        });
    }
}
