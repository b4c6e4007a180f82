package io.sluice.clients.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.clients.common.ClientConfig;
import io.sluice.clients.common.TopicPartition;
import io.sluice.clients.metadata.Metadata;
import io.sluice.clients.metadata.PartitionInfo;
import io.sluice.clients.network.ClientRequest;
import io.sluice.clients.network.ClientResponse;
import io.sluice.clients.network.NetworkClient;
import io.sluice.clients.network.NetworkClientOptions;
import io.sluice.protocol.ApiKeys;
import io.sluice.protocol.Errors;
import io.sluice.protocol.Messages;
import io.sluice.protocol.Struct;
import io.sluice.record.CompressionType;
import io.sluice.record.RecordBatchBuilder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The network layer and metadata against a real broker: negotiation, metadata, a raw Produce. */
class NetworkLayerTest extends Brokers.PerClass {

    @ParameterizedTest
    @EnumSource(BrokerUnderTest.class)
    void negotiatesFetchesMetadataAndProduces(BrokerUnderTest kind) throws Exception {
        TestBroker broker = broker(kind);
        String topic = "network-layer-" + kind;
        broker.createTopic(topic, 2);
        ClientConfig config = new ClientConfig(Map.of("bootstrap.servers", broker.bootstrapServers()));
        try (NetworkClient client = new NetworkClient(NetworkClientOptions.from(config, "it", 5))) {
            Metadata metadata = new Metadata(client, config, false);

            List<PartitionInfo> partitions = metadata.awaitPartitions(topic, 60_000);

            assertThat(partitions).hasSize(2);
            assertThat(partitions.get(0).leader()).isNotNull();
            assertThat(metadata.cluster().controller()).isNotNull();
            PartitionInfo p1 = metadata.cluster().partition(new TopicPartition(topic, 1));

            Struct body = Messages.request(ApiKeys.PRODUCE).newStruct().set("acks", -1).set("timeout_ms", 30_000);
            body.addElement("topic_data").set("name", topic).addElement("partition_data").set("index", 1)
                    .set("records", new RecordBatchBuilder(CompressionType.NONE)
                            .append(System.currentTimeMillis(), null, "hello".getBytes(StandardCharsets.UTF_8)).build());
            ClientResponse response = client.send(p1.leader(), ClientRequest.of(ApiKeys.PRODUCE, body).versions(3, 11))
                    .get(60, TimeUnit.SECONDS);

            assertThat(response.apiVersion()).isEqualTo(client.apiVersions(p1.leader().id()).choose(ApiKeys.PRODUCE, (short) 3, (short) 11));
            assertThat(response.apiVersion()).isGreaterThanOrEqualTo((short) 9);
            Struct partition = response.body().<Struct>getArray("responses").get(0).<Struct>getArray("partition_responses").get(0);
            assertThat(Errors.forCode(partition.getShort("error_code"))).isEqualTo(Errors.NONE);
            assertThat(partition.getLong("base_offset")).isZero();
        }
    }
}
