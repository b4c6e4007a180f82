package io.sluice.server.api;

import io.sluice.protocol.ApiKeys;
import io.sluice.protocol.Errors;
import io.sluice.protocol.Struct;
import io.sluice.server.group.GroupCoordinator;
import io.sluice.server.group.GroupCoordinator.LeaveMember;
import io.sluice.server.group.GroupCoordinator.MemberLeaveResult;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * LeaveGroup (13), advertised v0-v5, through {@link GroupCoordinator#leaveGroup}. v0-v2 name one member
 * and answer with its error at the top level; v3+ name a batch of members (a static one by instance id,
 * with or without its member id) and answer each, the top-level error being kept for whole-group errors.
 */
public final class LeaveGroupHandler implements ApiHandler {

    private final GroupCoordinator coordinator;

    public LeaveGroupHandler(GroupCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public ApiKeys api() {
        return ApiKeys.LEAVE_GROUP;
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
        List<LeaveMember> leaving = new ArrayList<>();
        if (version >= 3) {
            List<Struct> members = body.getArray("members");
            if (members != null) {
                for (Struct member : members) {
                    leaving.add(new LeaveMember(member.getString("member_id"), member.getString("group_instance_id")));
                }
            }
        } else {
            leaving.add(new LeaveMember(body.getString("member_id"), null));
        }
        return coordinator.leaveGroup(body.getString("group_id"), leaving).thenApply(result -> {
            Struct response = request.newResponse();
            if (version >= 1) {
                response.set("throttle_time_ms", 0);
            }
            Errors top = result.error();
            if (version >= 3) {
                for (MemberLeaveResult member : result.members()) {
                    response.addElement("members").set("member_id", member.memberId() == null ? "" : member.memberId())
                            .set("group_instance_id", member.groupInstanceId())
                            .set("error_code", member.error().code());
                }
            } else if (top == Errors.NONE && !result.members().isEmpty()) {
                top = result.members().get(0).error();
            }
            return response.set("error_code", top.code());
        });
    }
}
