package io.sluice.clients.producer.internals;

import io.sluice.clients.common.ApiException;
import io.sluice.clients.common.Node;
import io.sluice.clients.common.RecordTooLargeException;
import io.sluice.clients.common.SluiceException;
import io.sluice.clients.common.UnsupportedVersionException;
import io.sluice.clients.metadata.Cluster;
import io.sluice.clients.metadata.Metadata;
import io.sluice.clients.network.ClientRequest;
import io.sluice.clients.network.ClientResponse;
import io.sluice.clients.network.NetworkClient;
import io.sluice.clients.producer.ProducerConfig;
import io.sluice.protocol.ApiKeys;
import io.sluice.protocol.Errors;
import io.sluice.protocol.Messages;
import io.sluice.protocol.Struct;
import io.sluice.record.RecordBatch;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The producer's sender thread: turns ready batches into Produce requests and their answers into
 * completed, retried or failed batches.
 *
 * <p>One loop turn: handle the answers that arrived (they are queued by the network I/O thread, so
 * batch state and user callbacks stay on this thread); get a producer id first if idempotent; ask
 * the accumulator which leaders have sendable batches; drain them for leaders with fewer than
 * {@code max.in.flight.requests.per.connection} requests outstanding; send one Produce request per
 * leader (v3..11, the highest both sides support); expire batches past {@code delivery.timeout.ms};
 * then sleep until woken (new or full batch, an answer, a metadata update, flush, close) or until the
 * next linger/backoff deadline.
 *
 * <h2>Errors</h2>
 * <ul>
 *   <li>NONE, and DUPLICATE_SEQUENCE_NUMBER (the broker already has the batch): success.</li>
 *   <li>Retriable codes and connection failures/timeouts: retried after {@code retry.backoff.ms}
 *       (doubling up to {@code retry.backoff.max.ms}) while {@code retries} and {@code delivery.timeout.ms}
 *       allow; leader errors (NOT_LEADER_OR_FOLLOWER, UNKNOWN_TOPIC_OR_PARTITION, ...) and connection
 *       failures also refresh the metadata, so the retry goes to the new leader.</li>
 *   <li>OUT_OF_ORDER_SEQUENCE_NUMBER: if an earlier batch of the partition is unresolved, the gap is
 *       that batch's and this one is retried after it; if this batch is the next one the broker should
 *       expect, the gap is real: the batch fails, queued retries of the partition fail, and the
 *       partition restarts at sequence 0 with epoch + 1 (see {@link IdempotenceState}).
 *       UNKNOWN_PRODUCER_ID is handled the same way.</li>
 *   <li>MESSAGE_TOO_LARGE: {@link RecordTooLargeException} (batches are not split).</li>
 *   <li>Anything else: the batch fails with {@link ApiException}.</li>
 * </ul>
 */
public final class Sender implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(Sender.class);
    private static final long MAX_SLEEP_MS = 100;

    private final ProducerConfig config;
    private final NetworkClient client;
    private final Metadata metadata;
    private final RecordAccumulator accumulator;
    private final ConcurrentLinkedQueue<Runnable> completions = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean wakeupPending = new AtomicBoolean();
    private final Map<Integer, Integer> inFlightRequests = new HashMap<>();
    private volatile Thread thread;
    private volatile boolean running = true;
    private volatile boolean forceClose;
    private volatile RuntimeException fatalError;

    private volatile IdempotenceState idempotence;
    private boolean initInFlight;
    private long initRetryAfterNanos;
    private int totalInFlight;

    public Sender(ProducerConfig config, NetworkClient client, Metadata metadata, RecordAccumulator accumulator) {
        this.config = config;
        this.client = client;
        this.metadata = metadata;
        this.accumulator = accumulator;
    }

    /** Starts the thread. */
    public void start(String name) {
        Thread t = new Thread(this, name);
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    public Thread thread() {
        return thread;
    }

    /** A fatal error (e.g. the broker cannot give a producer id); sends fail with it. Null if none. */
    public RuntimeException fatalError() {
        return fatalError;
    }

    /** The producer id and epoch, once known (idempotent producer). */
    public IdempotenceState idempotence() {
        return idempotence;
    }

    /** Wakes the sender thread if it sleeps; cheap when it is awake already. */
    public void wakeup() {
        if (!wakeupPending.getAndSet(true)) {
            Thread t = thread;
            if (t != null) {
                LockSupport.unpark(t);
            }
        }
    }

    /** Stop after everything queued and in flight is done. */
    public void initiateClose() {
        running = false;
        accumulator.beginClose();
        wakeup();
    }

    /** Stop now, failing what is not done. */
    public void forceClose() {
        forceClose = true;
        running = false;
        wakeup();
    }

    @Override
    public void run() {
        try {
            while (running) {
                runOnce();
            }
            while (!forceClose && (accumulator.hasIncomplete() || totalInFlight > 0)) {
                runOnce();
            }
        } catch (Throwable t) {
            log.error("Producer sender thread of {} died", config.clientId(), t);
            fatalError = new SluiceException("The producer's sender thread died", t);
        } finally {
            accumulator.abortAll(forceClose ? new SluiceException("Producer is closed forcefully.")
                    : fatalError != null ? fatalError : new SluiceException("Producer closed"), true);
        }
    }

    void runOnce() {
        Runnable completion;
        while ((completion = completions.poll()) != null) {
            completion.run();
        }
        long now = System.nanoTime();
        long sleepMs = MAX_SLEEP_MS;
        if (fatalError != null) {
            accumulator.abortAll(fatalError);
        } else if (config.idempotent() && idempotence == null) {
            sleepMs = maybeInitProducerId(now);
        } else {
            sleepMs = sendReady(now);
        }
        accumulator.expire(now);
        sleep(sleepMs);
    }

    private long sendReady(long now) {
        Cluster cluster = metadata.cluster();
        RecordAccumulator.ReadyCheck ready = accumulator.ready(cluster, now);
        if (!ready.unknownLeaderTopics().isEmpty()) {
            metadata.addTopics(ready.unknownLeaderTopics());
            metadata.requestRefresh();
        }
        Set<Node> nodes = ready.readyNodes();
        if (!nodes.isEmpty()) {
            nodes.removeIf(node -> inFlightRequests.getOrDefault(node.id(), 0) >= config.maxInFlight());
            Map<Integer, List<ProducerBatch>> drained = accumulator.drain(cluster, nodes, config.maxRequestSize(),
                    config.idempotent() ? idempotence : null, now);
            for (Map.Entry<Integer, List<ProducerBatch>> entry : drained.entrySet()) {
                Node node = cluster.node(entry.getKey());
                send(node, entry.getValue());
            }
        }
        return Math.min(MAX_SLEEP_MS, ready.nextCheckDelayMs());
    }

    private void sleep(long ms) {
        if (ms <= 0 || !completions.isEmpty()) {
            wakeupPending.set(false);
            return;
        }
        if (!wakeupPending.getAndSet(false)) {
            LockSupport.parkNanos(this, ms * 1_000_000L);
            wakeupPending.set(false);
        }
    }

    // ------------------------------------------------------------ InitProducerId

    private long maybeInitProducerId(long now) {
        if (initInFlight) {
            return MAX_SLEEP_MS;
        }
        if (now - initRetryAfterNanos < 0) {
            return Math.max(1, (initRetryAfterNanos - now) / 1_000_000L);
        }
        Cluster cluster = metadata.cluster();
        Node node = client.leastLoadedNode(cluster.nodes().isEmpty() ? metadata.bootstrapNodes() : cluster.nodes());
        if (node == null) {
            initRetryAfterNanos = now + config.retryBackoffMs() * 1_000_000L;
            return config.retryBackoffMs();
        }
        Struct body = Messages.request(ApiKeys.INIT_PRODUCER_ID).newStruct()
                .set("transactional_id", null)
                .set("transaction_timeout_ms", Integer.MAX_VALUE)
                .set("producer_id", -1L)
                .set("producer_epoch", (short) -1);
        initInFlight = true;
        client.send(node, ClientRequest.of(ApiKeys.INIT_PRODUCER_ID, body).versions(0, 5))
                .whenComplete((response, error) -> {
                    completions.add(() -> onInitProducerId(node, response, error));
                    wakeup();
                });
        return MAX_SLEEP_MS;
    }

    private void onInitProducerId(Node node, ClientResponse response, Throwable error) {
        initInFlight = false;
        long now = System.nanoTime();
        Throwable cause = unwrap(error);
        if (cause instanceof UnsupportedVersionException) {
            fatalError = new UnsupportedVersionException("The broker does not support INIT_PRODUCER_ID, needed for enable.idempotence");
            return;
        }
        if (cause != null) {
            log.debug("InitProducerId to {} failed: {}", node, cause.getMessage());
            initRetryAfterNanos = now + config.retryBackoffMs() * 1_000_000L;
            return;
        }
        Errors code = Errors.forCode(response.body().getShort("error_code"));
        if (code == Errors.NONE) {
            idempotence = new IdempotenceState(response.body().getLong("producer_id"), response.body().getShort("producer_epoch"));
            log.debug("Producer {} got producer id {} epoch {}", config.clientId(), idempotence.producerId(), idempotence.epoch());
        } else if (code.retriable() || code == Errors.COORDINATOR_NOT_AVAILABLE || code == Errors.NOT_COORDINATOR
                || code == Errors.COORDINATOR_LOAD_IN_PROGRESS) {
            initRetryAfterNanos = now + config.retryBackoffMs() * 1_000_000L;
        } else {
            fatalError = new ApiException(code, "InitProducerId failed");
        }
    }

    // ------------------------------------------------------------ Produce

    private void send(Node node, List<ProducerBatch> batches) {
        Struct body = Messages.request(ApiKeys.PRODUCE).newStruct()
                .set("transactional_id", null)
                .set("acks", config.acks())
                .set("timeout_ms", config.requestTimeoutMs());
        Map<String, Struct> topics = new LinkedHashMap<>();
        for (ProducerBatch batch : batches) {
            Struct topic = topics.computeIfAbsent(batch.topicPartition().topic(),
                    name -> body.addElement("topic_data").set("name", name));
            topic.addElement("partition_data")
                    .set("index", batch.topicPartition().partition())
                    .set("records", batch.buffer());
        }
        ClientRequest request = ClientRequest.of(ApiKeys.PRODUCE, body).versions(3, 11);
        if (config.acks() == 0) {
            request = request.noResponse();
        }
        inFlightRequests.merge(node.id(), 1, Integer::sum);
        totalInFlight++;
        client.send(node, request).whenComplete((response, error) -> {
            completions.add(() -> onProduceResponse(node, batches, response, error));
            wakeup();
        });
    }

    private void onProduceResponse(Node node, List<ProducerBatch> batches, ClientResponse response, Throwable error) {
        inFlightRequests.merge(node.id(), -1, Integer::sum);
        totalInFlight--;
        long now = System.nanoTime();
        Throwable cause = unwrap(error);
        if (cause != null) {
            RuntimeException failure = cause instanceof RuntimeException r ? r : new SluiceException(cause.getMessage(), cause);
            if (ApiException.isRetriable(failure)) {
                metadata.onNodeFailure(node.id());
            }
            for (ProducerBatch batch : batches) {
                onBatchError(batch, failure, null, now);
            }
            return;
        }
        if (response.body() == null) {
            for (ProducerBatch batch : batches) {
                accumulator.complete(batch, -1, -1); // acks=0: written to the socket, no offsets
            }
            return;
        }
        Map<String, Map<Integer, Struct>> answers = new HashMap<>();
        for (Struct topic : response.body().<Struct>getArray("responses")) {
            Map<Integer, Struct> partitions = answers.computeIfAbsent(topic.getString("name"), t -> new HashMap<>());
            for (Struct partition : topic.<Struct>getArray("partition_responses")) {
                partitions.put(partition.getInt("index"), partition);
            }
        }
        for (ProducerBatch batch : batches) {
            Struct answer = answers.getOrDefault(batch.topicPartition().topic(), Map.of()).get(batch.topicPartition().partition());
            if (answer == null) {
                onBatchError(batch, new ApiException(Errors.UNKNOWN_SERVER_ERROR, "no answer for " + batch.topicPartition()), null, now);
                continue;
            }
            Errors code = Errors.forCode(answer.getShort("error_code"));
            if (code == Errors.NONE || code == Errors.DUPLICATE_SEQUENCE_NUMBER) {
                accumulator.complete(batch, answer.getLong("base_offset"), answer.getLong("log_append_time_ms"));
            } else {
                String message = answer.getString("error_message");
                RuntimeException failure = code == Errors.MESSAGE_TOO_LARGE
                        ? new RecordTooLargeException("The batch for " + batch.topicPartition() + " (" + batch.sizeInBytes()
                                + " bytes) is larger than the broker accepts" + (message == null ? "" : ": " + message))
                        : new ApiException(code, message);
                onBatchError(batch, failure, code, now);
            }
        }
    }

    private void onBatchError(ProducerBatch batch, RuntimeException failure, Errors code, long now) {
        if (code != null && (code == Errors.NOT_LEADER_OR_FOLLOWER || code == Errors.UNKNOWN_TOPIC_OR_PARTITION
                || code == Errors.LEADER_NOT_AVAILABLE || code == Errors.NOT_ENOUGH_REPLICAS
                || code == Errors.KAFKA_STORAGE_ERROR || code.retriable())) {
            metadata.onPartitionError(batch.topicPartition(), code);
        }
        boolean sequenced = batch.baseSequence != RecordBatch.NO_SEQUENCE;
        if (sequenced && (code == Errors.OUT_OF_ORDER_SEQUENCE_NUMBER || code == Errors.UNKNOWN_PRODUCER_ID)) {
            RecordAccumulator.PartitionQueue queue = accumulator.partitionState(batch.topicPartition());
            boolean realGap;
            synchronized (queue) {
                realGap = queue.resetPending || queue.isNextExpected(batch) || code == Errors.UNKNOWN_PRODUCER_ID;
                if (realGap) {
                    queue.resetPending = true;
                }
            }
            if (!realGap && canRetry(batch, now)) {
                accumulator.reenqueue(batch, now);
                return;
            }
            log.warn("Sequence gap on {} ({}): failing the batch and restarting the partition's sequence with a new epoch",
                    batch.topicPartition(), code);
            accumulator.fail(batch, failure, true);
            for (ProducerBatch queued : accumulator.removeSequencedQueued(queue)) {
                accumulator.fail(queued, failure, false);
            }
            return;
        }
        if (ApiException.isRetriable(failure) && canRetry(batch, now)) {
            log.debug("Retrying {} after {}", batch, failure.getMessage());
            accumulator.reenqueue(batch, now);
        } else {
            accumulator.fail(batch, failure, true);
        }
    }

    private boolean canRetry(ProducerBatch batch, long now) {
        return batch.attempts < config.retries() && !accumulator.deliveryTimedOut(batch, now) && !forceClose;
    }

    private static Throwable unwrap(Throwable error) {
        while (error instanceof CompletionException && error.getCause() != null) {
            error = error.getCause();
        }
        return error;
    }

    /** Requests in flight per node id; for tests. */
    Map<Integer, Integer> inFlightRequests() {
        return new HashMap<>(inFlightRequests);
    }

    List<Runnable> pendingCompletions() {
        return new ArrayList<>(completions);
    }
}
