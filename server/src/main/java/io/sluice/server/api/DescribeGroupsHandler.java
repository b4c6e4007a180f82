package io.sluice.server.api;

import io.sluice.protocol.ApiKeys;
import io.sluice.protocol.Errors;
import io.sluice.protocol.Struct;
import io.sluice.server.group.CoordinatorException;
import io.sluice.server.group.OffsetManager;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * DescribeGroups (15), advertised v0-v5. Groups here have no members (membership is not implemented):
 * a group with offsets is described as Kafka describes such a group (state Empty, protocol type and
 * protocol "", no members), an unknown group as state Dead with NONE, as Kafka answers it; a group
 * coordinated elsewhere gets NOT_COORDINATOR, an empty id INVALID_GROUP_ID.
 */
public final class DescribeGroupsHandler implements ApiHandler {

    private final OffsetManager offsets;

    public DescribeGroupsHandler(OffsetManager offsets) {
        this.offsets = offsets;
    }

    @Override
    public ApiKeys api() {
        return ApiKeys.DESCRIBE_GROUPS;
    }

    @Override
    public short minVersion() {
        return 0;
    }

    @Override
    public short maxVersion() {
        return 5;
    }

    @Override
    public CompletableFuture<Struct> handle(ApiRequest request) {
        short version = request.version();
        boolean withOperations = version >= 3 && request.body().getBool("include_authorized_operations");
        Struct response = request.newResponse();
        if (version >= 1) {
            response.set("throttle_time_ms", 0);
        }
        for (String group : request.body().<String>getArray("groups")) {
            Errors error = Errors.NONE;
            String state = "Dead";
            if (group == null || group.isEmpty()) {
                error = Errors.INVALID_GROUP_ID;
            } else {
                try {
                    state = offsets.groupExists(group) ? "Empty" : "Dead";
                } catch (CoordinatorException e) {
                    error = e.error();
                }
            }
            Struct entry = response.addElement("groups").set("error_code", error.code())
                    .set("group_id", group == null ? "" : group).set("group_state", error == Errors.NONE ? state : "")
                    .set("protocol_type", "").set("protocol_data", "").set("members", List.of());
            if (version >= 3) {
                entry.set("authorized_operations", withOperations && error == Errors.NONE
                        ? AuthorizedOperations.GROUP : AuthorizedOperations.NOT_REQUESTED);
            }
        }
        return CompletableFuture.completedFuture(response);
    }
}
