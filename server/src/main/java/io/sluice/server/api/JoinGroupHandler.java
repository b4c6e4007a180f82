package io.sluice.server.api;

import io.sluice.protocol.ApiKeys;
import io.sluice.protocol.Struct;
import io.sluice.server.group.ClassicGroupMember.Protocol;
import io.sluice.server.group.GroupCoordinator;
import io.sluice.server.group.GroupCoordinator.JoinMember;
import io.sluice.server.group.GroupCoordinator.JoinRequest;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * JoinGroup (11), advertised v0-v9, through {@link GroupCoordinator#joinGroup}; the answer may be held
 * for a whole rebalance. v0 has no rebalance timeout (the session timeout stands for it), v4+ makes a new
 * member without an instance id come back with the id it is given (MEMBER_ID_REQUIRED), v5+ carries the
 * static member's instance id, v7+ the protocol type and name in the answer, v9 skip_assignment. Protocol
 * metadata is copied out of the request frame and returned to the leader verbatim.
 */
public final class JoinGroupHandler implements ApiHandler {

    private final GroupCoordinator coordinator;

    public JoinGroupHandler(GroupCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public ApiKeys api() {
        return ApiKeys.JOIN_GROUP;
    }

    @Override
    public short minVersion() {
        return 0;
    }

    @Override
    public short maxVersion() {
        return 9;
    }

    @Override
    public CompletableFuture<Struct> handle(ApiRequest request) {
        short version = request.version();
        Struct body = request.body();
        List<Protocol> protocols = new ArrayList<>();
        List<Struct> wire = body.getArray("protocols");
        if (wire != null) {
            for (Struct protocol : wire) {
                protocols.add(new Protocol(protocol.getString("name"), bytes(protocol.getBytes("metadata"))));
            }
        }
        int sessionTimeout = body.getInt("session_timeout_ms");
        int rebalanceTimeout = version >= 1 ? body.getInt("rebalance_timeout_ms") : sessionTimeout;
        String memberId = body.getString("member_id");
        JoinRequest join = new JoinRequest(body.getString("group_id"), memberId == null ? "" : memberId,
                version >= 5 ? body.getString("group_instance_id") : null, version >= 4, version >= 9,
                request.clientId() == null ? "" : request.clientId(),
                String.valueOf(request.context().clientAddress()), rebalanceTimeout, sessionTimeout,
                body.getString("protocol_type"), protocols);
        return coordinator.joinGroup(join).thenApply(result -> {
            Struct response = request.newResponse();
            if (version >= 2) {
                response.set("throttle_time_ms", 0);
            }
            response.set("error_code", result.error().code())
                    .set("generation_id", result.generation())
                    .set("leader", result.leaderId() == null ? "" : result.leaderId())
                    .set("member_id", result.memberId());
            if (version >= 7) {
                response.set("protocol_type", result.protocolType()).set("protocol_name", result.protocolName());
            } else {
                response.set("protocol_name", result.protocolName() == null ? "" : result.protocolName());
            }
            if (version >= 9) {
                response.set("skip_assignment", result.skipAssignment());
            }
            for (JoinMember member : result.members()) {
                Struct entry = response.addElement("members").set("member_id", member.memberId())
                        .set("metadata", ByteBuffer.wrap(member.metadata()));
                if (version >= 5) {
                    entry.set("group_instance_id", member.groupInstanceId());
                }
            }
            return response;
        });
    }

    static byte[] bytes(ByteBuffer buffer) {
        if (buffer == null) {
            return new byte[0];
        }
        byte[] copy = new byte[buffer.remaining()];
        buffer.duplicate().get(copy);
        return copy;
    }
}
