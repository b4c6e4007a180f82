package io.sluice.server.api;

import io.sluice.protocol.ApiKeys;
import io.sluice.protocol.Errors;
import io.sluice.protocol.Struct;
import io.sluice.server.group.CoordinatorException;
import io.sluice.server.group.GroupCoordinator;
import io.sluice.server.group.GroupCoordinator.GroupSummary;
import io.sluice.server.group.GroupCoordinator.MemberSummary;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

/**
 * DescribeGroups (15), advertised v0-v5, from {@link GroupCoordinator#describeGroup}: state, protocol
 * type, protocol and members as Kafka shows them. Member metadata and assignment are the clients' bytes,
 * verbatim, and only given in Stable (Kafka leaves them empty, and the protocol too, in other states);
 * v4+ adds each member's instance id. A group with offsets but no group management is Empty with protocol
 * type "", an unknown group Dead with NONE; a group coordinated elsewhere gets NOT_COORDINATOR, an empty
 * id INVALID_GROUP_ID.
 */
public final class DescribeGroupsHandler implements ApiHandler {

    private final GroupCoordinator coordinator;

    public DescribeGroupsHandler(GroupCoordinator coordinator) {
        this.coordinator = coordinator;
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
            GroupSummary summary = null;
            if (group == null || group.isEmpty()) {
                error = Errors.INVALID_GROUP_ID;
            } else {
                try {
                    summary = coordinator.describeGroup(group);
                } catch (CoordinatorException e) {
                    error = e.error();
                }
            }
            Struct entry = response.addElement("groups").set("error_code", error.code())
                    .set("group_id", group == null ? "" : group)
                    .set("group_state", summary == null ? "" : summary.state())
                    .set("protocol_type", summary == null ? "" : summary.protocolType())
                    .set("protocol_data", summary == null ? "" : summary.protocol());
            if (summary != null) {
                for (MemberSummary member : summary.members()) {
                    Struct m = entry.addElement("members").set("member_id", member.memberId())
                            .set("client_id", member.clientId()).set("client_host", member.clientHost())
                            .set("member_metadata", ByteBuffer.wrap(member.metadata()))
                            .set("member_assignment", ByteBuffer.wrap(member.assignment()));
                    if (version >= 4) {
                        m.set("group_instance_id", member.groupInstanceId());
                    }
                }
            }
            if (version >= 3) {
                entry.set("authorized_operations", withOperations && error == Errors.NONE
                        ? AuthorizedOperations.GROUP : AuthorizedOperations.NOT_REQUESTED);
            }
        }
        return CompletableFuture.completedFuture(response);
    }
}
