package io.sluice.server.network;

import static io.sluice.server.network.NetworkTestSupport.config;
import static io.sluice.server.network.NetworkTestSupport.started;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.common.Send;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Requests of one connection are handled one at a time and answered in order, even though the handler
 * completes its futures late and on other threads, and other connections are served meanwhile.
 *
 * <p>Test frame: {@code seq:int32 flags:int8 payload}; flags bit 0 = "no response" (like acks=0).
 * Response: {@code seq:int32 payload}.
 */
class SocketServerOrderingTest {

    private static final int FRAMES_PER_CONNECTION = 1000;
    private static final int CONNECTIONS = 4;

    private final ScheduledExecutorService completer = Executors.newScheduledThreadPool(3);
    private final ExecutorService clients = Executors.newCachedThreadPool();
    private final Map<String, AtomicInteger> concurrentPerConnection = new ConcurrentHashMap<>();
    private final Map<String, List<Integer>> handledOrder = new ConcurrentHashMap<>();
    private final AtomicInteger overlaps = new AtomicInteger();

    @AfterEach
    void stopThreads() {
        completer.shutdownNow();
        clients.shutdownNow();
    }

    static List<Transport> transports() {
        return NetworkTestSupport.transports();
    }

    /** Completes each request after a random delay on a scheduler thread, or at once on the pool thread. */
    private CompletableFuture<Send> delayedEcho(RequestContext context, ByteBuffer frame) {
        AtomicInteger busy = concurrentPerConnection.computeIfAbsent(context.connectionId(), id -> new AtomicInteger());
        if (busy.incrementAndGet() != 1) {
            overlaps.incrementAndGet();
        }
        int seq = frame.getInt();
        boolean noResponse = (frame.get() & 1) != 0;
        handledOrder.computeIfAbsent(context.connectionId(), id -> new ArrayList<>()).add(seq);
        ByteBuffer payload = frame.slice();
        CompletableFuture<Send> result = new CompletableFuture<>();
        Runnable complete = () -> {
            busy.decrementAndGet();
            result.complete(noResponse ? null : new Send().add(ByteBuffer.allocate(4).putInt(0, seq)).add(payload));
        };
        int delayMicros = ThreadLocalRandom.current().nextInt(-300, 1500);
        if (delayMicros <= 0) {
            complete.run();
        } else {
            completer.schedule(complete, delayMicros, TimeUnit.MICROSECONDS);
        }
        return result;
    }

    private static boolean skipped(int seq) {
        return seq % 7 == 3;
    }

    @ParameterizedTest
    @MethodSource("transports")
    void pipelinedRequestsAreAnsweredInOrderAndSkippedOnesProceed(Transport transport) throws Exception {
        try (SocketServer server = started(config("num.io.threads", "3"), this::delayedEcho, transport)) {
            int port = server.boundPort("PLAINTEXT");
            List<Future<List<Integer>>> results = new ArrayList<>();
            for (int c = 0; c < CONNECTIONS; c++) {
                results.add(clients.submit(() -> pipeline(port)));
            }
            List<Integer> expected = new ArrayList<>();
            for (int seq = 0; seq < FRAMES_PER_CONNECTION; seq++) {
                if (!skipped(seq)) {
                    expected.add(seq);
                }
            }
            for (Future<List<Integer>> result : results) {
                assertThat(result.get()).isEqualTo(expected);
            }
            assertThat(overlaps).as("requests of one connection handled concurrently").hasValue(0);
            assertThat(handledOrder).hasSize(CONNECTIONS);
            for (List<Integer> order : handledOrder.values()) {
                assertThat(order).hasSize(FRAMES_PER_CONNECTION).isSorted();
            }
            assertThat(server.stats().requestsReceived()).isEqualTo((long) CONNECTIONS * FRAMES_PER_CONNECTION);
            assertThat(server.stats().responsesSkipped()).isEqualTo((long) CONNECTIONS
                    * (FRAMES_PER_CONNECTION - expected.size()));
        }
    }

    /** Writes every frame without waiting (one big burst, as kafka-python and the Java producer do) and reads. */
    private List<Integer> pipeline(int port) throws Exception {
        try (FrameClient client = new FrameClient(port)) {
            ByteArrayOutputStream burst = new ByteArrayOutputStream();
            int answered = 0;
            for (int seq = 0; seq < FRAMES_PER_CONNECTION; seq++) {
                byte[] payload = new byte[seq % 50];
                ByteBuffer body = ByteBuffer.allocate(5 + payload.length).putInt(seq)
                        .put((byte) (skipped(seq) ? 1 : 0)).put(payload);
                burst.write(FrameClient.frame(body.array()));
                if (!skipped(seq)) {
                    answered++;
                }
            }
            Future<?> writer = clients.submit(() -> {
                client.sendRaw(burst.toByteArray());
                return null;
            });
            List<Integer> seen = new ArrayList<>();
            for (int i = 0; i < answered; i++) {
                ByteBuffer response = ByteBuffer.wrap(client.receive());
                int seq = response.getInt();
                assertThat(response.remaining()).as("payload of %d", seq).isEqualTo(seq % 50);
                seen.add(seq);
            }
            writer.get();
            return seen;
        }
    }
}
