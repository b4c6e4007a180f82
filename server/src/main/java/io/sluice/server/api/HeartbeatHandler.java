package io.sluice.server.api;

import io.sluice.protocol.ApiKeys;
import io.sluice.protocol.Struct;
import io.sluice.server.group.GroupCoordinator;
import java.util.concurrent.CompletableFuture;

/**
 * Heartbeat (12), advertised v0-v4, through {@link GroupCoordinator#heartbeat}: NONE while the group is
 * Stable or CompletingRebalance, REBALANCE_IN_PROGRESS while it prepares a rebalance (the member then
 * rejoins), ILLEGAL_GENERATION, UNKNOWN_MEMBER_ID, FENCED_INSTANCE_ID (v3+ carries the instance id).
 */
public final class HeartbeatHandler implements ApiHandler {

    private final GroupCoordinator coordinator;

    public HeartbeatHandler(GroupCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public ApiKeys api() {
        return ApiKeys.HEARTBEAT;
    }

    @Override
    public short minVersion() {
        return 0;
    }

    @Override
    public short maxVersion() {
        return 4;
    }

    @Override
    public CompletableFuture<Struct> handle(ApiRequest request) {
        Struct body = request.body();
        short version = request.version();
        return coordinator.heartbeat(body.getString("group_id"), body.getString("member_id"),
                        version >= 3 ? body.getString("group_instance_id") : null, body.getInt("generation_id"))
                .thenApply(error -> {
                    Struct response = request.newResponse();
                    if (version >= 1) {
                        response.set("throttle_time_ms", 0);
                    }
                    return response.set("error_code", error.code());
                });
    }
}
