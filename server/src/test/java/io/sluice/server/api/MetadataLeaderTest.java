package io.sluice.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.protocol.ApiKeys;
import io.sluice.protocol.Errors;
import io.sluice.protocol.Struct;
import io.sluice.server.cluster.SluiceTestCluster;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A partition whose leader's broker is gone is reported without a leader, and the dead broker is left out. */
class MetadataLeaderTest {

    @Test
    void aPartitionLedByAStoppedBrokerHasNoLeader() throws Exception {
        try (SluiceTestCluster cluster = SluiceTestCluster.start(2)) {
            cluster.broker(0).services().topicStore().createTopicWithAssignment("split",
                    Map.of(0, List.of(0), 1, List.of(1)), Map.of());
            cluster.stopBroker(1);
            var cache = cluster.broker(0).services().metadataCache();
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (cache.isAlive(1) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            try (RawApiClient client = new RawApiClient(cluster.broker(0).boundPort())) {
                Struct request = RawApiClient.newRequest(ApiKeys.METADATA);
                request.addElement("topics").set("name", "split");
                Struct response = client.send(ApiKeys.METADATA, 9, request);
                assertThat(response.<Struct>getArray("brokers")).extracting(b -> b.getInt("node_id"))
                        .containsExactly(0);
                List<Struct> partitions = response.<Struct>getArray("topics").get(0).getArray("partitions");
                assertThat(partitions.get(0).getShort("error_code")).isZero();
                assertThat(partitions.get(0).getInt("leader_id")).isEqualTo(0);
                assertThat(partitions.get(1).getShort("error_code")).isEqualTo(Errors.LEADER_NOT_AVAILABLE.code());
                assertThat(partitions.get(1).getInt("leader_id")).isEqualTo(-1);
                assertThat(partitions.get(1).<Integer>getArray("replica_nodes")).containsExactly(1);
            }
        }
    }

    @Test
    void theAdvertisedVersionsAreThoseOfTheProtocolNotes() throws Exception {
        try (SluiceTestCluster cluster = SluiceTestCluster.start(1);
             RawApiClient client = new RawApiClient(cluster.broker(0).boundPort())) {
            Struct response = client.send(ApiKeys.API_VERSIONS, 3, RawApiClient.newRequest(ApiKeys.API_VERSIONS)
                    .set("client_software_name", "test").set("client_software_version", "1"));
            Map<Short, String> ranges = new java.util.HashMap<>();
            for (Struct key : response.<Struct>getArray("api_keys")) {
                ranges.put(key.getShort("api_key"), key.getShort("min_version") + "-" + key.getShort("max_version"));
            }
            assertThat(ranges).containsEntry((short) 3, "0-12").containsEntry((short) 19, "2-7")
                    .containsEntry((short) 20, "1-6").containsEntry((short) 32, "1-4")
                    .containsEntry((short) 33, "0-2").containsEntry((short) 37, "0-3")
                    .containsEntry((short) 44, "0-1").containsEntry((short) 60, "0-1");
        }
    }
}
