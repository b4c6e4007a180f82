package io.sluice.clients.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.clients.common.NetworkException;
import io.sluice.clients.common.Node;
import io.sluice.clients.common.TimeoutException;
import io.sluice.clients.common.UnsupportedVersionException;
import io.sluice.protocol.ApiKeys;
import io.sluice.protocol.ApiVersionRange;
import io.sluice.protocol.Messages;
import io.sluice.protocol.Struct;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class NetworkClientTest {

    private final List<AutoCloseable> closeables = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : closeables) {
            c.close();
        }
    }

    private LoopbackBroker broker(ApiVersionRange... ranges) throws IOException {
        List<ApiVersionRange> all = new ArrayList<>(List.of(ranges));
        all.add(new ApiVersionRange(ApiKeys.API_VERSIONS, 0, 4));
        LoopbackBroker broker = new LoopbackBroker(all);
        closeables.add(broker);
        // Echo: the response's cluster_id is the first topic the request named, to check correlation.
        broker.handle(ApiKeys.METADATA, request -> CompletableFuture.completedFuture(echo(request.body())));
        return broker;
    }

    private static Struct echo(Struct metadataRequest) {
        List<Struct> topics = metadataRequest.getArray("topics");
        String name = topics == null || topics.isEmpty() ? null : topics.get(0).getString("name");
        return Messages.response(ApiKeys.METADATA).newStruct().set("cluster_id", name);
    }

    private NetworkClient client(NetworkClientOptions options) {
        NetworkClient client = new NetworkClient(options);
        closeables.add(client);
        return client;
    }

    private static Node node(LoopbackBroker broker) {
        return new Node(1, "127.0.0.1", broker.port());
    }

    private static ClientRequest metadata(String topic) {
        Struct body = Messages.request(ApiKeys.METADATA).newStruct();
        body.addElement("topics").set("name", topic);
        return ClientRequest.of(ApiKeys.METADATA, body);
    }

    @Test
    void picksTheHighestVersionBothSidesSupportWithinTheCallersRange() throws Exception {
        LoopbackBroker broker = broker(new ApiVersionRange(ApiKeys.METADATA, 1, 5));
        NetworkClient client = client(NetworkClientOptions.defaults("test"));

        ClientResponse wide = client.send(node(broker), metadata("a").versions(0, 12)).get(30, TimeUnit.SECONDS);
        ClientResponse narrow = client.send(node(broker), metadata("b").versions(0, 3)).get(30, TimeUnit.SECONDS);

        assertThat(wide.apiVersion()).isEqualTo((short) 5);
        assertThat(narrow.apiVersion()).isEqualTo((short) 3);
        assertThat(wide.body().getString("cluster_id")).isEqualTo("a");
        assertThat(broker.receivedOf(ApiKeys.METADATA)).extracting(r -> r.header().apiVersion()).containsExactly((short) 5, (short) 3);
        assertThat(broker.receivedOf(ApiKeys.METADATA).get(0).header().clientId()).isEqualTo("test");
        assertThat(client.apiVersions(1).brokerMax(ApiKeys.METADATA)).isEqualTo((short) 5);
        assertThat(client.isReady(1)).isTrue();
    }

    @Test
    void failsWithUnsupportedVersionWhenTheRangesDoNotMeet() throws Exception {
        LoopbackBroker broker = broker(new ApiVersionRange(ApiKeys.METADATA, 1, 5));
        NetworkClient client = client(NetworkClientOptions.defaults("test"));

        CompletableFuture<ClientResponse> tooNew = client.send(node(broker), metadata("a").versions(7, 12));
        CompletableFuture<ClientResponse> notAdvertised = client.send(node(broker),
                ClientRequest.of(ApiKeys.FETCH, Messages.request(ApiKeys.FETCH).newStruct()));

        assertThatThrownBy(() -> tooNew.get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(UnsupportedVersionException.class);
        assertThatThrownBy(() -> notAdvertised.get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(UnsupportedVersionException.class);
        // The connection stays usable.
        assertThat(client.send(node(broker), metadata("c")).get(30, TimeUnit.SECONDS).body().getString("cluster_id")).isEqualTo("c");
    }

    @Test
    void retriesApiVersionsWithTheVersionTheBrokerNames() throws Exception {
        LoopbackBroker broker = broker(new ApiVersionRange(ApiKeys.METADATA, 0, 12)).apiVersionsUpTo(2);
        NetworkClient client = client(NetworkClientOptions.defaults("test"));

        ClientResponse response = client.send(node(broker), metadata("a")).get(30, TimeUnit.SECONDS);

        assertThat(response.apiVersion()).isEqualTo((short) 12);
        assertThat(broker.receivedOf(ApiKeys.API_VERSIONS)).extracting(r -> r.header().apiVersion())
                .containsExactly((short) 4, (short) 2);
    }

    @Test
    void keepsAtMostMaxInFlightUnansweredAndMatchesEveryResponseToItsRequest() throws Exception {
        LoopbackBroker broker = broker(new ApiVersionRange(ApiKeys.METADATA, 0, 12));
        CountDownLatch release = new CountDownLatch(1);
        broker.handle(ApiKeys.METADATA, request -> CompletableFuture.supplyAsync(() -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return echo(request.body());
        }));
        NetworkClient client = client(NetworkClientOptions.defaults("test").withMaxInFlightPerConnection(3));

        List<CompletableFuture<ClientResponse>> futures = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            futures.add(client.send(node(broker), metadata("t" + i)));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (broker.unanswered.get() < 3 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(client.pendingRequests(1)).isEqualTo(20);
        release.countDown();
        for (int i = 0; i < 20; i++) {
            assertThat(futures.get(i).get(30, TimeUnit.SECONDS).body().getString("cluster_id")).isEqualTo("t" + i);
        }
        assertThat(broker.maxUnanswered.get()).isEqualTo(3);
        assertThat(broker.receivedOf(ApiKeys.METADATA)).extracting(r -> r.body().<Struct>getArray("topics").get(0).getString("name"))
                .containsExactly(futures.stream().map(f -> f.join().body().getString("cluster_id")).toArray(String[]::new));
    }

    @Test
    void anUnansweredRequestTimesOutAndTheNextRequestReconnects() throws Exception {
        LoopbackBroker broker = broker(new ApiVersionRange(ApiKeys.METADATA, 0, 12));
        broker.handle(ApiKeys.METADATA, request -> "never".equals(echo(request.body()).getString("cluster_id"))
                ? new CompletableFuture<>() : CompletableFuture.completedFuture(echo(request.body())));
        NetworkClient client = client(NetworkClientOptions.defaults("test").withRequestTimeoutMs(300));

        CompletableFuture<ClientResponse> lost = client.send(node(broker), metadata("never"));

        assertThatThrownBy(() -> lost.get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(TimeoutException.class)
                .hasMessageContaining("timed out after 300 ms");
        ClientResponse next = client.send(node(broker), metadata("ok")).get(30, TimeUnit.SECONDS);
        assertThat(next.body().getString("cluster_id")).isEqualTo("ok");
        assertThat(broker.connections.get()).isEqualTo(2);
    }

    @Test
    void aBrokenConnectionFailsItsRequestsAndALaterRequestReconnects() throws Exception {
        LoopbackBroker broker = broker(new ApiVersionRange(ApiKeys.METADATA, 0, 12));
        NetworkClient client = client(NetworkClientOptions.defaults("test"));
        client.send(node(broker), metadata("first")).get(30, TimeUnit.SECONDS);
        broker.handle(ApiKeys.METADATA, request -> new CompletableFuture<>());
        CompletableFuture<ClientResponse> pending = client.send(node(broker), metadata("hangs"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (broker.receivedOf(ApiKeys.METADATA).size() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }

        broker.dropConnections();

        assertThatThrownBy(() -> pending.get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(NetworkException.class);
        broker.handle(ApiKeys.METADATA, request -> CompletableFuture.completedFuture(echo(request.body())));
        assertThat(client.send(node(broker), metadata("again")).get(30, TimeUnit.SECONDS).body().getString("cluster_id"))
                .isEqualTo("again");
        assertThat(broker.connections.get()).isEqualTo(2);
    }

    @Test
    void aNoResponseRequestCompletesOnceWrittenAndLaterResponsesStillMatch() throws Exception {
        LoopbackBroker broker = broker(new ApiVersionRange(ApiKeys.METADATA, 0, 12));
        broker.handle(ApiKeys.METADATA, request -> "silent".equals(echo(request.body()).getString("cluster_id"))
                ? CompletableFuture.completedFuture(null) : CompletableFuture.completedFuture(echo(request.body())));
        NetworkClient client = client(NetworkClientOptions.defaults("test"));

        ClientResponse silent = client.send(node(broker), metadata("silent").noResponse()).get(30, TimeUnit.SECONDS);
        ClientResponse answered = client.send(node(broker), metadata("answered")).get(30, TimeUnit.SECONDS);

        assertThat(silent.body()).isNull();
        assertThat(answered.body().getString("cluster_id")).isEqualTo("answered");
    }

    @Test
    void largeRecordBuffersAreSentIntact() throws Exception {
        LoopbackBroker broker = broker(new ApiVersionRange(ApiKeys.PRODUCE, 3, 11));
        broker.handle(ApiKeys.PRODUCE, request -> {
            ByteBuffer records = request.body().<Struct>getArray("topic_data").get(0).<Struct>getArray("partition_data").get(0)
                    .getRecords("records");
            Struct response = Messages.response(ApiKeys.PRODUCE).newStruct();
            response.addElement("responses").set("name", "sum").addElement("partition_responses")
                    .set("base_offset", (long) records.remaining()).set("log_start_offset", (long) records.get(records.limit() - 1));
            return CompletableFuture.completedFuture(response);
        });
        NetworkClient client = client(NetworkClientOptions.defaults("test"));
        ByteBuffer records = ByteBuffer.allocate(1 << 20);
        records.put(records.limit() - 1, (byte) 42);
        Struct body = Messages.request(ApiKeys.PRODUCE).newStruct().set("acks", 1).set("timeout_ms", 1000);
        body.addElement("topic_data").set("name", "t").addElement("partition_data").set("index", 0).set("records", records);

        ClientResponse response = client.send(node(broker), ClientRequest.of(ApiKeys.PRODUCE, body)).get(30, TimeUnit.SECONDS);

        Struct partition = response.body().<Struct>getArray("responses").get(0).<Struct>getArray("partition_responses").get(0);
        assertThat(response.apiVersion()).isEqualTo((short) 11);
        assertThat(partition.getLong("base_offset")).isEqualTo(1 << 20);
        assertThat(partition.getLong("log_start_offset")).isEqualTo(42);
        assertThat(records.position()).as("the caller's buffer is not consumed").isZero();
    }

    @Test
    void anUnreachableNodeFailsFastWithTheAddressInTheMessage() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        NetworkClient client = client(NetworkClientOptions.defaults("test"));
        Node node = Node.bootstrap(0, new InetSocketAddress("127.0.0.1", closedPort));

        CompletableFuture<ClientResponse> future = client.send(node, metadata("a"));

        assertThatThrownBy(() -> future.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(NetworkException.class).hasMessageContaining("127.0.0.1:" + closedPort);
        assertThat(client.lastConnectionError(-1)).isInstanceOf(NetworkException.class);
    }

    @Test
    void scheduledTasksRunOnTheIoThreadAndCanBeCancelled() throws Exception {
        NetworkClient client = client(NetworkClientOptions.defaults("test"));
        CompletableFuture<Boolean> ran = new CompletableFuture<>();
        CompletableFuture<Boolean> cancelled = new CompletableFuture<>();
        client.schedule(50, () -> ran.complete(client.isIoThread()));
        client.schedule(50, () -> cancelled.complete(true)).cancel();

        assertThat(ran.get(30, TimeUnit.SECONDS)).isTrue();
        Thread.sleep(100);
        assertThat(cancelled).isNotDone();
    }

    @Test
    void closeFailsWhatIsPending() throws Exception {
        LoopbackBroker broker = broker(new ApiVersionRange(ApiKeys.METADATA, 0, 12));
        broker.handle(ApiKeys.METADATA, request -> new CompletableFuture<>());
        NetworkClient client = new NetworkClient(NetworkClientOptions.defaults("test"));
        CompletableFuture<ClientResponse> pending = client.send(node(broker), metadata("a"));

        client.close();

        assertThatThrownBy(() -> pending.get(30, TimeUnit.SECONDS)).hasMessageContaining("closed");
        assertThatThrownBy(() -> client.send(node(broker), metadata("b")).get(30, TimeUnit.SECONDS)).hasMessageContaining("closed");
    }
}
