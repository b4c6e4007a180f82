package io.sluice.clients.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.clients.common.TimeoutException;
import io.sluice.clients.common.TopicPartition;
import io.sluice.clients.network.LoopbackBroker;
import io.sluice.clients.network.NetworkClient;
import io.sluice.clients.network.NetworkClientOptions;
import io.sluice.protocol.ApiKeys;
import io.sluice.protocol.ApiVersionRange;
import io.sluice.protocol.Errors;
import io.sluice.protocol.Messages;
import io.sluice.protocol.Struct;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MetadataTest {

    private LoopbackBroker broker;
    private NetworkClient client;

    @AfterEach
    void tearDown() throws Exception {
        if (client != null) {
            client.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    private static Struct response(int port, int leaderEpoch, Errors topicError, int partitions) {
        Struct body = Messages.response(ApiKeys.METADATA).newStruct().set("cluster_id", "c1").set("controller_id", 7);
        body.addElement("brokers").set("node_id", 7).set("host", "127.0.0.1").set("port", port);
        Struct topic = body.addElement("topics").set("name", "orders").set("error_code", topicError.code());
        for (int p = 0; p < partitions; p++) {
            topic.addElement("partitions").set("partition_index", p).set("leader_id", 7).set("leader_epoch", leaderEpoch)
                    .set("replica_nodes", List.of(7)).set("isr_nodes", List.of(7));
        }
        return body;
    }

    private Metadata metadata(int port) {
        client = new NetworkClient(NetworkClientOptions.defaults("test"));
        return new Metadata(client, List.of(new InetSocketAddress("127.0.0.1", port)), 300_000, 20, true);
    }

    @Test
    void waitsForATopicThatIsBeingCreatedAndReturnsItsLeaders() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        broker = new LoopbackBroker(List.of(new ApiVersionRange(ApiKeys.METADATA, 0, 12), new ApiVersionRange(ApiKeys.API_VERSIONS, 0, 4)));
        broker.handle(ApiKeys.METADATA, request -> CompletableFuture.completedFuture(calls.incrementAndGet() < 3
                ? response(broker.port(), 0, Errors.LEADER_NOT_AVAILABLE, 0) : response(broker.port(), 4, Errors.NONE, 3)));
        Metadata metadata = metadata(broker.port());

        List<PartitionInfo> partitions = metadata.awaitPartitions("orders", 30_000);

        assertThat(partitions).extracting(PartitionInfo::partition).containsExactly(0, 1, 2);
        assertThat(partitions.get(1).leader().id()).isEqualTo(7);
        assertThat(partitions.get(1).leaderEpoch()).isEqualTo(4);
        assertThat(metadata.cluster().controller().id()).isEqualTo(7);
        assertThat(metadata.cluster().clusterId()).isEqualTo("c1");
        Struct sent = broker.receivedOf(ApiKeys.METADATA).get(0).body();
        assertThat(sent.<Struct>getArray("topics")).extracting(t -> t.getString("name")).containsExactly("orders");
        assertThat(sent.getBool("allow_auto_topic_creation")).isTrue();
        assertThat(broker.receivedOf(ApiKeys.METADATA).get(0).header().apiVersion()).isEqualTo((short) 12);
    }

    @Test
    void keepsANewerLeaderEpochWhenALaggingBrokerAnswersWithAnOlderOne() throws Exception {
        AtomicInteger epoch = new AtomicInteger(5);
        broker = new LoopbackBroker(List.of(new ApiVersionRange(ApiKeys.METADATA, 0, 12), new ApiVersionRange(ApiKeys.API_VERSIONS, 0, 4)));
        broker.handle(ApiKeys.METADATA, request -> CompletableFuture.completedFuture(response(broker.port(), epoch.get(), Errors.NONE, 1)));
        Metadata metadata = metadata(broker.port());
        metadata.awaitPartitions("orders", 30_000);

        epoch.set(3);
        metadata.awaitUpdate(30_000);
        assertThat(metadata.cluster().partition(new TopicPartition("orders", 0)).leaderEpoch()).isEqualTo(5);

        epoch.set(6);
        metadata.onPartitionError(new TopicPartition("orders", 0), Errors.NOT_LEADER_OR_FOLLOWER);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (metadata.cluster().partition(new TopicPartition("orders", 0)).leaderEpoch() != 6 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(metadata.cluster().partition(new TopicPartition("orders", 0)).leaderEpoch()).isEqualTo(6);
    }

    @Test
    void anUnreachableBootstrapServerGivesAClearTimeout() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        Metadata metadata = metadata(closedPort);

        assertThatThrownBy(() -> metadata.awaitPartitions("orders", 500))
                .isInstanceOf(TimeoutException.class)
                .hasMessageContaining("Topic orders not present in metadata after 500 ms")
                .hasMessageContaining("could not get metadata from any of [bootstrap -1 (127.0.0.1:" + closedPort + ")]")
                .hasMessageContaining("Connection refused");
    }

    @Test
    void aMissingTopicTimesOutNamingTheBrokersAnswer() throws Exception {
        broker = new LoopbackBroker(List.of(new ApiVersionRange(ApiKeys.METADATA, 0, 12), new ApiVersionRange(ApiKeys.API_VERSIONS, 0, 4)));
        broker.handle(ApiKeys.METADATA, request -> CompletableFuture.completedFuture(
                response(broker.port(), 0, Errors.UNKNOWN_TOPIC_OR_PARTITION, 0)));
        Metadata metadata = metadata(broker.port());

        assertThatThrownBy(() -> metadata.awaitPartitions("orders", 300))
                .isInstanceOf(TimeoutException.class)
                .hasMessageContaining("UNKNOWN_TOPIC_OR_PARTITION");
    }
}
