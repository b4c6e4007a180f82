package io.sluice.server.api;

import io.sluice.protocol.ApiKeys;
import io.sluice.protocol.Struct;
import io.sluice.server.group.GroupCoordinator;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * SyncGroup (14), advertised v0-v5, through {@link GroupCoordinator#syncGroup}: the leader brings every
 * member's assignment, which is stored and handed out byte for byte; followers that come first wait for
 * it. v3+ carries the static member's instance id, v5 the protocol type and name both ways (checked
 * against the group's: INCONSISTENT_GROUP_PROTOCOL).
 */
public final class SyncGroupHandler implements ApiHandler {

    private final GroupCoordinator coordinator;

    public SyncGroupHandler(GroupCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public ApiKeys api() {
        return ApiKeys.SYNC_GROUP;
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
        Struct body = request.body();
        Map<String, byte[]> assignments = new HashMap<>();
        List<Struct> wire = body.getArray("assignments");
        if (wire != null) {
            for (Struct assignment : wire) {
                assignments.put(assignment.getString("member_id"), JoinGroupHandler.bytes(assignment.getBytes("assignment")));
            }
        }
        return coordinator.syncGroup(body.getString("group_id"), body.getInt("generation_id"),
                        body.getString("member_id"), version >= 3 ? body.getString("group_instance_id") : null,
                        version >= 5 ? body.getString("protocol_type") : null,
                        version >= 5 ? body.getString("protocol_name") : null, assignments)
                .thenApply(result -> {
                    Struct response = request.newResponse();
                    if (version >= 1) {
                        response.set("throttle_time_ms", 0);
                    }
                    response.set("error_code", result.error().code())
                            .set("assignment", ByteBuffer.wrap(result.assignment()));
                    if (version >= 5) {
                        response.set("protocol_type", result.protocolType()).set("protocol_name", result.protocolName());
                    }
                    return response;
                });
    }
}
