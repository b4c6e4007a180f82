package io.sluice.clients.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.clients.common.ApiException;
import io.sluice.clients.network.LoopbackBroker;
import io.sluice.clients.serialization.StringSerializer;
import io.sluice.protocol.ApiKeys;
import io.sluice.protocol.ApiVersionRange;
import io.sluice.protocol.Errors;
import io.sluice.protocol.Messages;
import io.sluice.protocol.Struct;
import io.sluice.record.RecordBatch;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The sender's error handling against scripted loopback brokers (real sockets and frames): leader
 * moves, duplicates, sequence errors, fatal errors. Broker 1 and 2 both answer Metadata from
 * {@link #leader}; Produce answers are scripted per test.
 */
class ProducerAgainstLoopbackBrokersTest {

    private final List<LoopbackBroker> brokers = new ArrayList<>();
    private final AtomicInteger leader = new AtomicInteger(1);
    private final List<AutoCloseable> closeables = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : closeables) {
            c.close();
        }
        for (LoopbackBroker broker : brokers) {
            broker.close();
        }
    }

    private void startBrokers() throws Exception {
        for (int i = 0; i < 2; i++) {
            LoopbackBroker broker = new LoopbackBroker(List.of(new ApiVersionRange(ApiKeys.API_VERSIONS, 0, 4),
                    new ApiVersionRange(ApiKeys.METADATA, 0, 12), new ApiVersionRange(ApiKeys.PRODUCE, 0, 11),
                    new ApiVersionRange(ApiKeys.INIT_PRODUCER_ID, 0, 5)));
            broker.handle(ApiKeys.METADATA, request -> CompletableFuture.completedFuture(metadata()));
            broker.handle(ApiKeys.INIT_PRODUCER_ID, request -> CompletableFuture.completedFuture(
                    Messages.response(ApiKeys.INIT_PRODUCER_ID).newStruct().set("producer_id", 4242L).set("producer_epoch", (short) 0)));
            brokers.add(broker);
        }
    }

    private Struct metadata() {
        Struct body = Messages.response(ApiKeys.METADATA).newStruct().set("controller_id", 1);
        for (int i = 0; i < brokers.size(); i++) {
            body.addElement("brokers").set("node_id", i + 1).set("host", "127.0.0.1").set("port", brokers.get(i).port());
        }
        body.addElement("topics").set("name", "t").addElement("partitions").set("partition_index", 0)
                .set("leader_id", leader.get()).set("leader_epoch", leader.get()).set("replica_nodes", List.of(1, 2))
                .set("isr_nodes", List.of(1, 2));
        return body;
    }

    private static Struct produceAnswer(Errors error, long baseOffset) {
        Struct response = Messages.response(ApiKeys.PRODUCE).newStruct();
        response.addElement("responses").set("name", "t").addElement("partition_responses").set("index", 0)
                .set("error_code", error.code()).set("base_offset", baseOffset);
        return response;
    }

    private static RecordBatch batchOf(LoopbackBroker.Received request) {
        ByteBuffer records = request.body().<Struct>getArray("topic_data").get(0).<Struct>getArray("partition_data").get(0)
                .getRecords("records");
        return RecordBatch.at(records);
    }

    private SluiceProducer<String, String> producer(Map<String, Object> extra) {
        Map<String, Object> config = new HashMap<>(Map.of("bootstrap.servers", "127.0.0.1:" + brokers.get(0).port(),
                "retry.backoff.ms", "10", "reconnect.backoff.ms", "10", "linger.ms", "0"));
        config.putAll(extra);
        SluiceProducer<String, String> producer = new SluiceProducer<>(config, new StringSerializer(), new StringSerializer());
        closeables.add(() -> producer.close(java.time.Duration.ofSeconds(10)));
        return producer;
    }

    private void handleProduce(int brokerIndex, Function<LoopbackBroker.Received, Struct> answer) {
        brokers.get(brokerIndex).handle(ApiKeys.PRODUCE, request -> CompletableFuture.completedFuture(answer.apply(request)));
    }

    @Test
    void aLeaderMoveRefreshesMetadataAndResendsTheSameBatchToTheNewLeader() throws Exception {
        startBrokers();
        handleProduce(0, request -> {
            leader.set(2); // the old leader learns it lost leadership
            return produceAnswer(Errors.NOT_LEADER_OR_FOLLOWER, -1);
        });
        handleProduce(1, request -> produceAnswer(Errors.NONE, 100));
        SluiceProducer<String, String> producer = producer(Map.of());

        RecordMetadata metadata = producer.send(new ProducerRecord<>("t", "k", "v")).get(30, TimeUnit.SECONDS);

        assertThat(metadata.offset()).isEqualTo(100);
        RecordBatch first = batchOf(brokers.get(0).receivedOf(ApiKeys.PRODUCE).get(0));
        RecordBatch resent = batchOf(brokers.get(1).receivedOf(ApiKeys.PRODUCE).get(0));
        assertThat(resent.buffer()).isEqualTo(first.buffer());
        assertThat(resent.producerId()).isEqualTo(4242);
        assertThat(resent.baseSequence()).isZero();
        assertThat(brokers.get(1).receivedOf(ApiKeys.PRODUCE).get(0).body().getShort("acks")).isEqualTo((short) -1);
    }

    @Test
    void aDuplicateSequenceAnswerCountsAsSuccess() throws Exception {
        startBrokers();
        handleProduce(0, request -> produceAnswer(Errors.DUPLICATE_SEQUENCE_NUMBER, -1));
        SluiceProducer<String, String> producer = producer(Map.of());

        RecordMetadata metadata = producer.send(new ProducerRecord<>("t", "v")).get(30, TimeUnit.SECONDS);

        assertThat(metadata.offset()).isEqualTo(-1);
        assertThat(brokers.get(0).receivedOf(ApiKeys.PRODUCE)).hasSize(1);
    }

    @Test
    void anOutOfOrderAnswerBehindAnUnresolvedBatchIsRetriedInOrder() throws Exception {
        startBrokers();
        // First attempt of sequence 0 fails retriably; sequence 1, already in flight behind it, then sees a gap.
        AtomicInteger calls = new AtomicInteger();
        List<Integer> sequencesSeen = java.util.Collections.synchronizedList(new ArrayList<>());
        CompletableFuture<Void> bothSent = new CompletableFuture<>();
        brokers.get(0).handle(ApiKeys.PRODUCE, request -> {
            int sequence = batchOf(request).baseSequence();
            sequencesSeen.add(sequence);
            int call = calls.incrementAndGet();
            if (call == 1) {
                return bothSent.thenApply(v -> produceAnswer(Errors.NOT_ENOUGH_REPLICAS, -1));
            }
            if (call == 2) {
                bothSent.complete(null);
                return CompletableFuture.completedFuture(produceAnswer(Errors.OUT_OF_ORDER_SEQUENCE_NUMBER, -1));
            }
            return CompletableFuture.completedFuture(produceAnswer(Errors.NONE, sequence == 0 ? 0 : 1));
        });
        SluiceProducer<String, String> producer = producer(Map.of());

        Future<RecordMetadata> first = producer.send(new ProducerRecord<>("t", "a"));
        Thread.sleep(50); // a separate batch for the second record
        Future<RecordMetadata> second = producer.send(new ProducerRecord<>("t", "b"));

        assertThat(first.get(30, TimeUnit.SECONDS).offset()).isZero();
        assertThat(second.get(30, TimeUnit.SECONDS).offset()).isEqualTo(1);
        assertThat(sequencesSeen).containsExactly(0, 1, 0, 1);
    }

    @Test
    void aNonRetriableErrorFailsTheRecordWithTheBrokersCode() throws Exception {
        startBrokers();
        handleProduce(0, request -> produceAnswer(Errors.TOPIC_AUTHORIZATION_FAILED, -1));
        SluiceProducer<String, String> producer = producer(Map.of("acks", "1"));

        Future<RecordMetadata> future = producer.send(new ProducerRecord<>("t", "v"));

        assertThatThrownBy(() -> future.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(ApiException.class)
                .satisfies(e -> assertThat(((ApiException) e).error()).isEqualTo(Errors.TOPIC_AUTHORIZATION_FAILED));
        assertThat(brokers.get(0).receivedOf(ApiKeys.INIT_PRODUCER_ID)).as("acks=1 turns idempotence off").isEmpty();
        assertThat(batchOf(brokers.get(0).receivedOf(ApiKeys.PRODUCE).get(0)).producerId()).isEqualTo(RecordBatch.NO_PRODUCER_ID);
    }

    @Test
    void retriesStopAtTheRetriesSetting() throws Exception {
        startBrokers();
        handleProduce(0, request -> produceAnswer(Errors.NOT_ENOUGH_REPLICAS, -1));
        SluiceProducer<String, String> producer = producer(Map.of("acks", "1", "retries", "2"));

        Future<RecordMetadata> future = producer.send(new ProducerRecord<>("t", "v"));

        assertThatThrownBy(() -> future.get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(ApiException.class)
                .hasMessageContaining("NOT_ENOUGH_REPLICAS");
        assertThat(brokers.get(0).receivedOf(ApiKeys.PRODUCE)).hasSize(3);
    }
}
