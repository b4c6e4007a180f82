package io.sluice.server.api;

import io.sluice.protocol.ApiKeys;
import io.sluice.protocol.Errors;
import io.sluice.protocol.Struct;
import io.sluice.server.group.OffsetManager;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * ListGroups (16), advertised v0-v5: the groups this broker coordinates. Groups here have no members
 * (membership is not implemented), so each is listed as Kafka lists such a group: protocol type "",
 * state Empty (v4+), type classic (v5+). The v4 states filter and v5 types filter match
 * case-insensitively; an empty filter matches everything.
 */
public final class ListGroupsHandler implements ApiHandler {

    private static final String STATE = "Empty";
    private static final String TYPE = "classic";

    private final OffsetManager offsets;

    public ListGroupsHandler(OffsetManager offsets) {
        this.offsets = offsets;
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
        boolean wanted = (version < 4 || matches(request.body().getArray("states_filter"), STATE))
                && (version < 5 || matches(request.body().getArray("types_filter"), TYPE));
        if (wanted) {
            for (String group : offsets.listGroups()) {
                Struct entry = response.addElement("groups").set("group_id", group).set("protocol_type", "");
                if (version >= 4) {
                    entry.set("group_state", STATE);
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
