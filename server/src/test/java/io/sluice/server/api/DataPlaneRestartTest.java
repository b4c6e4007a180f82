package io.sluice.server.api;

import static io.sluice.server.api.DataPlaneProtocolTest.copy;
import static io.sluice.server.api.DataPlaneProtocolTest.produce;
import static io.sluice.server.api.DataPlaneProtocolTest.record;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.server.cluster.SluiceTestCluster;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.MemoryRecords;
import org.junit.jupiter.api.Test;

/** What a restarted broker still knows: the records, the leader epoch history, and each producer's last batches. */
class DataPlaneRestartTest {

    @Test
    void aRetryAfterARestartIsStillRecognisedAsADuplicate() throws Exception {
        try (SluiceTestCluster cluster = SluiceTestCluster.start(1)) {
            DataPlaneProtocolTest.createTopic(cluster.broker(0), "restart-wire", 1, Map.of());
            MemoryRecords batch;
            long pid;
            try (KafkaWireClient client = new KafkaWireClient(cluster.broker(0).boundPort())) {
                pid = DataPlaneProtocolTest.initProducerId(client);
                produce(client, (short) 11, (short) -1, "restart-wire", 0, MemoryRecords.withIdempotentRecords(
                        Compression.NONE, pid, (short) 0, 0, record(1, "a", "a")));
                batch = MemoryRecords.withIdempotentRecords(Compression.NONE, pid, (short) 0, 1, record(2, "b", "b"));
                assertThat(produce(client, (short) 11, (short) -1, "restart-wire", 0, copy(batch)).baseOffset())
                        .isEqualTo(1);
            }
            cluster.stopBroker(0);
            cluster.startBroker(0);
            try (KafkaWireClient client = new KafkaWireClient(cluster.broker(0).boundPort())) {
                // The response to the last batch was lost in the restart: the producer retries it.
                var retry = produce(client, (short) 11, (short) -1, "restart-wire", 0, copy(batch));
                assertThat(Errors.forCode(retry.errorCode())).isEqualTo(Errors.NONE);
                assertThat(retry.baseOffset()).isEqualTo(1);
                var next = produce(client, (short) 11, (short) -1, "restart-wire", 0, MemoryRecords.withIdempotentRecords(
                        Compression.NONE, pid, (short) 0, 2, record(3, "c", "c")));
                assertThat(next.baseOffset()).isEqualTo(2);
                var data = DataPlaneProtocolTest.fetch(client, (short) 12, "restart-wire", 0, 0, 1 << 20,
                        Optional.empty());
                assertThat(data.highWatermark()).isEqualTo(3);
                assertThat(DataPlaneProtocolTest.records(data)).extracting(r -> DataPlaneProtocolTest.string(r.value()))
                        .containsExactly("a", "b", "c");
            }
        }
    }
}
