package io.sluice.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.protocol.ApiKeys;
import io.sluice.protocol.Errors;
import io.sluice.protocol.Struct;
import io.sluice.server.cluster.SluiceTestCluster;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * OffsetCommit and OffsetFetch at the versions old and new clients use (kafka-python's OffsetCommit v2
 * and OffsetFetch v1, Java's v8/v9), and Kafka's acceptance rules for groups without members.
 */
class OffsetCommitFetchProtocolTest {

    private static SluiceTestCluster cluster;

    @BeforeAll
    static void start() throws Exception {
        cluster = SluiceTestCluster.start(1, Map.of("offsets.topic.num.partitions", "3"));
        try (RawApiClient client = client()) {
            Struct create = RawApiClient.newRequest(ApiKeys.CREATE_TOPICS).set("timeout_ms", 30_000);
            create.addElement("topics").set("name", "t").set("num_partitions", 2).set("replication_factor", (short) 1);
            assertThat(client.send(ApiKeys.CREATE_TOPICS, 7, create).<Struct>getArray("topics").get(0)
                    .getShort("error_code")).isZero();
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

    private static short commit(int version, String group, int generation, String topic, int partition, long offset,
                                int leaderEpoch, String metadata) throws Exception {
        Struct request = RawApiClient.newRequest(ApiKeys.OFFSET_COMMIT).set("group_id", group)
                .set("generation_id_or_member_epoch", generation).set("member_id", "");
        Struct p = request.addElement("topics").set("name", topic).addElement("partitions")
                .set("partition_index", partition).set("committed_offset", offset).set("committed_metadata", metadata);
        if (version >= 6) {
            p.set("committed_leader_epoch", leaderEpoch);
        }
        try (RawApiClient client = client()) {
            Struct response = client.send(ApiKeys.OFFSET_COMMIT, version, request);
            return response.<Struct>getArray("topics").get(0).<Struct>getArray("partitions").get(0).getShort("error_code");
        }
    }

    @Test
    void kafkaPythonVersionsCommitAndFetch() throws Exception {
        assertThat(commit(2, "py-group", -1, "t", 1, 42, -1, "meta")).isEqualTo(Errors.NONE.code());
        Struct fetch = RawApiClient.newRequest(ApiKeys.OFFSET_FETCH).set("group_id", "py-group");
        fetch.addElement("topics").set("name", "t").set("partition_indexes", List.of(0, 1));
        try (RawApiClient client = client()) {
            List<Struct> partitions = client.send(ApiKeys.OFFSET_FETCH, 1, fetch).<Struct>getArray("topics").get(0)
                    .getArray("partitions");
            assertThat(partitions).hasSize(2);
            assertThat(partitions.get(0).getLong("committed_offset")).isEqualTo(-1);
            assertThat(partitions.get(0).getString("metadata")).isEmpty();
            assertThat(partitions.get(0).getShort("error_code")).isZero();
            assertThat(partitions.get(1).getLong("committed_offset")).isEqualTo(42);
            assertThat(partitions.get(1).getString("metadata")).isEqualTo("meta");
        }
    }

    @Test
    void leaderEpochIsStoredAndReturned() throws Exception {
        assertThat(commit(8, "epoch-group", -1, "t", 0, 9, 4, null)).isEqualTo(Errors.NONE.code());
        Struct fetch = RawApiClient.newRequest(ApiKeys.OFFSET_FETCH).set("group_id", "epoch-group").set("topics", null);
        try (RawApiClient client = client()) {
            Struct response = client.send(ApiKeys.OFFSET_FETCH, 5, fetch);
            assertThat(response.getShort("error_code")).isZero();
            Struct partition = response.<Struct>getArray("topics").get(0).<Struct>getArray("partitions").get(0);
            assertThat(partition.getLong("committed_offset")).isEqualTo(9);
            assertThat(partition.getInt("committed_leader_epoch")).isEqualTo(4);
            assertThat(partition.getString("metadata")).isEmpty();
        }
    }

    @Test
    void generationBasedCommitsAreRefusedAsKafkaRefusesThemForGroupsWithoutMembers() throws Exception {
        assertThat(commit(7, "never-seen", 3, "t", 0, 1, -1, "")).isEqualTo(Errors.ILLEGAL_GENERATION.code());
        assertThat(commit(7, "simple", -1, "t", 0, 1, -1, "")).isEqualTo(Errors.NONE.code());
        assertThat(commit(7, "simple", 3, "t", 0, 2, -1, "")).isEqualTo(Errors.UNKNOWN_MEMBER_ID.code());
    }

    @Test
    void badPartitionsAndMetadataAreRefusedOneByOne() throws Exception {
        assertThat(commit(2, "bad", -1, "no-such-topic", 0, 1, -1, "")).isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
        char[] big = new char[4097];
        Arrays.fill(big, 'x');
        assertThat(commit(2, "bad", -1, "t", 0, 1, -1, new String(big))).isEqualTo(Errors.OFFSET_METADATA_TOO_LARGE.code());
        assertThat(commit(2, "", -1, "t", 0, 1, -1, "")).isEqualTo(Errors.INVALID_GROUP_ID.code());
    }

    @Test
    void batchedFetchAnswersEachGroup() throws Exception {
        assertThat(commit(9, "multi-a", -1, "t", 0, 5, -1, "")).isEqualTo(Errors.NONE.code());
        assertThat(commit(9, "multi-a", -1, "t", 1, 6, -1, "")).isEqualTo(Errors.NONE.code());
        Struct fetch = RawApiClient.newRequest(ApiKeys.OFFSET_FETCH).set("require_stable", true);
        fetch.addElement("groups").set("group_id", "multi-a").set("topics", null);
        fetch.addElement("groups").set("group_id", "multi-empty").addElement("topics").set("name", "t")
                .set("partition_indexes", List.of(0));
        try (RawApiClient client = client()) {
            List<Struct> groups = client.send(ApiKeys.OFFSET_FETCH, 8, fetch).getArray("groups");
            assertThat(groups).extracting(g -> g.getString("group_id")).containsExactly("multi-a", "multi-empty");
            assertThat(groups.get(0).getShort("error_code")).isZero();
            assertThat(groups.get(0).<Struct>getArray("topics").get(0).<Struct>getArray("partitions"))
                    .extracting(p -> p.getInt("partition_index") + "@" + p.getLong("committed_offset"))
                    .containsExactlyInAnyOrder("0@5", "1@6");
            assertThat(groups.get(1).<Struct>getArray("topics").get(0).<Struct>getArray("partitions").get(0)
                    .getLong("committed_offset")).isEqualTo(-1);
        }
    }

    @Test
    void memberlessGroupsAreListedEmptyAndUnknownOnesDescribedDead() throws Exception {
        assertThat(commit(2, "listed", -1, "t", 0, 1, -1, "")).isEqualTo(Errors.NONE.code());
        try (RawApiClient client = client()) {
            Struct all = client.send(ApiKeys.LIST_GROUPS, 0, RawApiClient.newRequest(ApiKeys.LIST_GROUPS));
            assertThat(all.<Struct>getArray("groups")).extracting(g -> g.getString("group_id")).contains("listed");
            Struct empty = client.send(ApiKeys.LIST_GROUPS, 5, RawApiClient.newRequest(ApiKeys.LIST_GROUPS)
                    .set("states_filter", List.of("empty")).set("types_filter", List.of()));
            assertThat(empty.<Struct>getArray("groups")).anySatisfy(g -> {
                assertThat(g.getString("group_id")).isEqualTo("listed");
                assertThat(g.getString("group_state")).isEqualTo("Empty");
                assertThat(g.getString("group_type")).isEqualTo("classic");
                assertThat(g.getString("protocol_type")).isEmpty();
            });
            Struct stable = client.send(ApiKeys.LIST_GROUPS, 4, RawApiClient.newRequest(ApiKeys.LIST_GROUPS)
                    .set("states_filter", List.of("Stable")));
            assertThat(stable.<Struct>getArray("groups")).isEmpty();

            Struct describe = client.send(ApiKeys.DESCRIBE_GROUPS, 5, RawApiClient.newRequest(ApiKeys.DESCRIBE_GROUPS)
                    .set("groups", List.of("listed", "unknown-group")).set("include_authorized_operations", true));
            List<Struct> groups = describe.getArray("groups");
            assertThat(groups.get(0).getString("group_state")).isEqualTo("Empty");
            assertThat(groups.get(0).getInt("authorized_operations")).isEqualTo((1 << 3) | (1 << 6) | (1 << 8));
            assertThat(groups.get(1).getShort("error_code")).isZero();
            assertThat(groups.get(1).getString("group_state")).isEqualTo("Dead");
        }
    }
}
