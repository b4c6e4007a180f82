package io.sluice.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.protocol.ApiKeys;
import io.sluice.protocol.Errors;
import io.sluice.protocol.Struct;
import io.sluice.server.cluster.SluiceTestCluster;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * JoinGroup, SyncGroup, Heartbeat, LeaveGroup, DescribeGroups and ListGroups on the wire at the versions
 * old and new clients send: kafka-python's v0-v2 membership (no MEMBER_ID_REQUIRED round, single-member
 * LeaveGroup with a top-level error) and Java's v9/v5 (member id required, protocol type and name in the
 * answers, batched LeaveGroup with per-member errors). Metadata and assignment bytes come back verbatim.
 */
class MembershipProtocolTest {

    private static SluiceTestCluster cluster;

    @BeforeAll
    static void start() throws Exception {
        cluster = SluiceTestCluster.start(1, Map.of("offsets.topic.num.partitions", "1"));
        try (RawApiClient client = client()) {
            while (client.send(ApiKeys.FIND_COORDINATOR, 0, RawApiClient.newRequest(ApiKeys.FIND_COORDINATOR)
                    .set("key", "any")).getShort("error_code") != Errors.NONE.code()) {
                Thread.sleep(20);
            }
        }
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static RawApiClient client() throws Exception {
        return new RawApiClient(cluster.broker(0).boundPort());
    }

    private static ByteBuffer bytes(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String string(ByteBuffer b) {
        ByteBuffer copy = b.duplicate();
        byte[] out = new byte[copy.remaining()];
        copy.get(out);
        return new String(out, StandardCharsets.UTF_8);
    }

    private static Struct joinRequest(String group, String memberId, int version) {
        Struct join = RawApiClient.newRequest(ApiKeys.JOIN_GROUP).set("group_id", group)
                .set("session_timeout_ms", 10_000).set("member_id", memberId).set("protocol_type", "consumer");
        if (version >= 1) {
            join.set("rebalance_timeout_ms", 20_000);
        }
        join.addElement("protocols").set("name", "range").set("metadata", bytes("subscription-" + version));
        return join;
    }

    @Test
    void kafkaPythonStyleMembershipAtVersionZero() throws Exception {
        String group = "old-client";
        try (RawApiClient client = client()) {
            Struct joined = client.send(ApiKeys.JOIN_GROUP, 0, joinRequest(group, "", 0));
            assertThat(joined.getShort("error_code")).isEqualTo(Errors.NONE.code()); // no MEMBER_ID_REQUIRED below v4
            String memberId = joined.getString("member_id");
            assertThat(memberId).isNotEmpty();
            assertThat(joined.getInt("generation_id")).isEqualTo(1);
            assertThat(joined.getString("leader")).isEqualTo(memberId);
            assertThat(joined.getString("protocol_name")).isEqualTo("range");
            List<Struct> members = joined.getArray("members");
            assertThat(members).singleElement().satisfies(m -> {
                assertThat(m.getString("member_id")).isEqualTo(memberId);
                assertThat(string(m.getBytes("metadata"))).isEqualTo("subscription-0");
            });

            Struct sync = RawApiClient.newRequest(ApiKeys.SYNC_GROUP).set("group_id", group).set("generation_id", 1)
                    .set("member_id", memberId);
            sync.addElement("assignments").set("member_id", memberId).set("assignment", bytes("assignment-0"));
            Struct synced = client.send(ApiKeys.SYNC_GROUP, 0, sync);
            assertThat(synced.getShort("error_code")).isZero();
            assertThat(string(synced.getBytes("assignment"))).isEqualTo("assignment-0");

            Struct heartbeat = RawApiClient.newRequest(ApiKeys.HEARTBEAT).set("group_id", group).set("generation_id", 1)
                    .set("member_id", memberId);
            assertThat(client.send(ApiKeys.HEARTBEAT, 0, heartbeat).getShort("error_code")).isZero();
            assertThat(client.send(ApiKeys.HEARTBEAT, 0, heartbeat.set("generation_id", 5)).getShort("error_code"))
                    .isEqualTo(Errors.ILLEGAL_GENERATION.code());

            Struct described = client.send(ApiKeys.DESCRIBE_GROUPS, 0,
                    RawApiClient.newRequest(ApiKeys.DESCRIBE_GROUPS).set("groups", List.of(group)))
                    .<Struct>getArray("groups").get(0);
            assertThat(described.getString("group_state")).isEqualTo("Stable");
            assertThat(described.getString("protocol_type")).isEqualTo("consumer");
            assertThat(described.getString("protocol_data")).isEqualTo("range");
            assertThat(described.<Struct>getArray("members")).singleElement().satisfies(m -> {
                assertThat(string(m.getBytes("member_metadata"))).isEqualTo("subscription-0");
                assertThat(string(m.getBytes("member_assignment"))).isEqualTo("assignment-0");
                assertThat(m.getString("client_host")).contains("127.0.0.1");
            });

            Struct leave = RawApiClient.newRequest(ApiKeys.LEAVE_GROUP).set("group_id", group).set("member_id", memberId);
            assertThat(client.send(ApiKeys.LEAVE_GROUP, 0, leave).getShort("error_code")).isZero();
            assertThat(client.send(ApiKeys.LEAVE_GROUP, 0, leave).getShort("error_code"))
                    .isEqualTo(Errors.UNKNOWN_MEMBER_ID.code());
            assertThat(client.send(ApiKeys.HEARTBEAT, 0, heartbeat.set("generation_id", 1)).getShort("error_code"))
                    .isEqualTo(Errors.UNKNOWN_MEMBER_ID.code());
        }
    }

    @Test
    void javaStyleMembershipAtTheLatestVersions() throws Exception {
        String group = "new-client";
        try (RawApiClient client = client()) {
            Struct required = client.send(ApiKeys.JOIN_GROUP, 9, joinRequest(group, "", 9).set("reason", "test"));
            assertThat(required.getShort("error_code")).isEqualTo(Errors.MEMBER_ID_REQUIRED.code());
            String memberId = required.getString("member_id");
            assertThat(memberId).matches(".*-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"); // clientId-UUID

            Struct joined = client.send(ApiKeys.JOIN_GROUP, 9, joinRequest(group, memberId, 9));
            assertThat(joined.getShort("error_code")).isZero();
            assertThat(joined.getString("protocol_type")).isEqualTo("consumer");
            assertThat(joined.getString("protocol_name")).isEqualTo("range");
            assertThat(joined.getBool("skip_assignment")).isFalse();
            assertThat(joined.getString("member_id")).isEqualTo(memberId);
            int generation = joined.getInt("generation_id");

            Struct sync = RawApiClient.newRequest(ApiKeys.SYNC_GROUP).set("group_id", group)
                    .set("generation_id", generation).set("member_id", memberId).set("protocol_type", "consumer")
                    .set("protocol_name", "roundrobin");
            assertThat(client.send(ApiKeys.SYNC_GROUP, 5, sync).getShort("error_code"))
                    .isEqualTo(Errors.INCONSISTENT_GROUP_PROTOCOL.code());
            sync.set("protocol_name", "range");
            sync.addElement("assignments").set("member_id", memberId).set("assignment", bytes("mine"));
            Struct synced = client.send(ApiKeys.SYNC_GROUP, 5, sync);
            assertThat(synced.getShort("error_code")).isZero();
            assertThat(synced.getString("protocol_type")).isEqualTo("consumer");
            assertThat(synced.getString("protocol_name")).isEqualTo("range");
            assertThat(string(synced.getBytes("assignment"))).isEqualTo("mine");

            Struct listed = client.send(ApiKeys.LIST_GROUPS, 4,
                    RawApiClient.newRequest(ApiKeys.LIST_GROUPS).set("states_filter", List.of("stable")));
            assertThat(listed.<Struct>getArray("groups")).anySatisfy(g -> {
                assertThat(g.getString("group_id")).isEqualTo(group);
                assertThat(g.getString("group_state")).isEqualTo("Stable");
                assertThat(g.getString("protocol_type")).isEqualTo("consumer");
            });
            Struct emptyOnly = client.send(ApiKeys.LIST_GROUPS, 4,
                    RawApiClient.newRequest(ApiKeys.LIST_GROUPS).set("states_filter", List.of("Empty")));
            assertThat(emptyOnly.<Struct>getArray("groups")).noneMatch(g -> g.getString("group_id").equals(group));

            Struct deleted = client.send(ApiKeys.DELETE_GROUPS, 2,
                    RawApiClient.newRequest(ApiKeys.DELETE_GROUPS).set("groups_names", List.of(group)));
            assertThat(deleted.<Struct>getArray("results").get(0).getShort("error_code"))
                    .isEqualTo(Errors.NON_EMPTY_GROUP.code());

            Struct leave = RawApiClient.newRequest(ApiKeys.LEAVE_GROUP).set("group_id", group);
            leave.addElement("members").set("member_id", memberId).set("reason", "done");
            leave.addElement("members").set("member_id", "stranger");
            Struct left = client.send(ApiKeys.LEAVE_GROUP, 5, leave);
            assertThat(left.getShort("error_code")).isZero();
            assertThat(left.<Struct>getArray("members")).extracting(m -> m.getShort("error_code"))
                    .containsExactly(Errors.NONE.code(), Errors.UNKNOWN_MEMBER_ID.code());

            Struct described = client.send(ApiKeys.DESCRIBE_GROUPS, 5,
                    RawApiClient.newRequest(ApiKeys.DESCRIBE_GROUPS).set("groups", List.of(group)))
                    .<Struct>getArray("groups").get(0);
            assertThat(described.getString("group_state")).isEqualTo("Empty");
            assertThat(described.<Struct>getArray("members")).isEmpty();
            assertThat(client.send(ApiKeys.DELETE_GROUPS, 2,
                    RawApiClient.newRequest(ApiKeys.DELETE_GROUPS).set("groups_names", List.of(group)))
                    .<Struct>getArray("results").get(0).getShort("error_code")).isZero();
        }
    }
}
