package io.sluice.server.api;

import io.sluice.protocol.ApiKeys;
import io.sluice.protocol.Errors;
import io.sluice.protocol.Struct;
import io.sluice.server.group.GroupCoordinator;
import io.sluice.server.group.GroupCoordinator.GroupListing;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * ListGroups (16), advertised v0-v5: the groups this broker coordinates with their protocol type and
 * (v4+) state, from {@link GroupCoordinator#listGroups}; every group here is a classic group (v5+ type).
 * The v4 states filter and v5 types filter match case-insensitively; an empty filter matches everything.
 */
public final class ListGroupsHandler implements ApiHandler {

    private static final String TYPE = "classic";

    private final GroupCoordinator coordinator;

    public ListGroupsHandler(GroupCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public ApiKeys api() {
        return ApiKeys.LIST_GROUPS;
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
        Struct response = request.newResponse().set("error_code", Errors.NONE.code());
        if (version >= 1) {
            response.set("throttle_time_ms", 0);
        }
        List<String> states = version >= 4 ? request.body().getArray("states_filter") : null;
        boolean typeWanted = version < 5 || matches(request.body().getArray("types_filter"), TYPE);
        if (typeWanted) {
            for (GroupListing group : coordinator.listGroups()) {
                if (!matches(states, group.state())) {
                    continue;
                }
                Struct entry = response.addElement("groups").set("group_id", group.groupId())
                        .set("protocol_type", group.protocolType());
                if (version >= 4) {
                    entry.set("group_state", group.state());
                }
                if (version >= 5) {
                    entry.set("group_type", TYPE);
                }
            }
        }
        return CompletableFuture.completedFuture(response);
    }

    private static boolean matches(List<String> filter, String value) {
        return filter == null || filter.isEmpty() || filter.stream().anyMatch(value::equalsIgnoreCase);
    }
}
