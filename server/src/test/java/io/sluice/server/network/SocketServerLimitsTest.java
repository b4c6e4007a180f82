package io.sluice.server.network;

import static io.sluice.server.network.NetworkTestSupport.awaitCondition;
import static io.sluice.server.network.NetworkTestSupport.config;
import static io.sluice.server.network.NetworkTestSupport.started;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.common.Send;
import io.sluice.server.config.BrokerConfig;
import io.sluice.server.config.EndPoint;
import io.sluice.server.config.SecurityProtocol;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Connection limits, idle closing, queued.max.requests, listeners and shutdown. */
class SocketServerLimitsTest {

    private static void assertEchoes(FrameClient client, String text) throws Exception {
        client.send(text.getBytes(StandardCharsets.US_ASCII));
        assertThat(new String(client.receive(), StandardCharsets.US_ASCII)).isEqualTo(text);
    }

    @Test
    void connectionsBeyondMaxPerIpAreRefused() throws Exception {
        try (SocketServer server = started(config("max.connections.per.ip", "3"), NetworkTestSupport::echo,
                Transport.best())) {
            int port = server.boundPort("PLAINTEXT");
            List<FrameClient> admitted = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                admitted.add(new FrameClient(port));
                assertEchoes(admitted.get(i), "client " + i);
            }
            try (FrameClient fourth = new FrameClient(port)) {
                fourth.send("hello".getBytes(StandardCharsets.US_ASCII));
                assertThat(fourth.isClosedByServer()).isTrue();
            }
            assertThat(server.stats().connectionsRefused()).isEqualTo(1);
            for (int i = 0; i < 3; i++) {
                assertEchoes(admitted.get(i), "still served " + i);
            }
            admitted.remove(0).close();
            awaitCondition("closed connection released", () -> server.stats().activeConnections() == 2);
            try (FrameClient replacement = new FrameClient(port)) {
                assertEchoes(replacement, "replacement");
            }
            for (FrameClient client : admitted) {
                client.close();
            }
        }
    }

    @Test
    void overridesReplaceTheDefaultLimitForTheirAddress() throws Exception {
        BrokerConfig config = config("max.connections.per.ip", "0", "max.connections.per.ip.overrides",
                "127.0.0.1:2");
        try (SocketServer server = started(config, NetworkTestSupport::echo, Transport.best());
                FrameClient first = new FrameClient(server.boundPort("PLAINTEXT"))) {
            // One at a time: connections land on different event loops, which admit them in any order.
            assertEchoes(first, "a");
            try (FrameClient second = new FrameClient(server.boundPort("PLAINTEXT"))) {
                assertEchoes(second, "b");
                try (FrameClient third = new FrameClient(server.boundPort("PLAINTEXT"))) {
                    assertThat(third.isClosedByServer()).isTrue();
                }
            }
            assertThat(server.stats().connectionsRefused()).isEqualTo(1);
        }
    }

    @Test
    void idleConnectionsAreClosedButBusyOnesAreNot() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        RequestHandler handler = (context, frame) -> {
            if (frame.remaining() > 0 && frame.get(0) == 'S') {
                // Parked like a long-poll fetch: answered only after several idle periods have passed.
                return CompletableFuture.supplyAsync(() -> {
                    try {
                        release.await(20, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return new Send().add(frame);
                });
            }
            return NetworkTestSupport.echo(context, frame);
        };
        try (SocketServer server = started(config("connections.max.idle.ms", "150"), handler, Transport.best());
                FrameClient idle = new FrameClient(server.boundPort("PLAINTEXT"));
                FrameClient busy = new FrameClient(server.boundPort("PLAINTEXT"))) {
            assertEchoes(idle, "then nothing");
            busy.send("Slow".getBytes(StandardCharsets.US_ASCII));
            assertThat(idle.isClosedByServer()).isTrue();
            Thread.sleep(500); // several more idle periods pass while the busy connection's request is parked
            release.countDown();
            assertThat(new String(busy.receive(), StandardCharsets.US_ASCII)).isEqualTo("Slow");
            assertThat(server.stats().idleConnectionsClosed()).isGreaterThanOrEqualTo(1);
        }
    }

    @Test
    void queuedMaxRequestsStopsReadingUntilTheHandlerPoolDrains() throws Exception {
        CountDownLatch unblock = new CountDownLatch(1);
        AtomicInteger started = new AtomicInteger();
        RequestHandler blocking = (context, frame) -> {
            started.incrementAndGet();
            try {
                unblock.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return NetworkTestSupport.echo(context, frame);
        };
        ExecutorService readers = Executors.newFixedThreadPool(5);
        try (SocketServer server = started(config("queued.max.requests", "2", "num.io.threads", "8"), blocking,
                Transport.best())) {
            List<FrameClient> clients = new ArrayList<>();
            List<Future<String>> answers = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                FrameClient client = new FrameClient(server.boundPort("PLAINTEXT"));
                clients.add(client);
                client.send(("request " + i).getBytes(StandardCharsets.US_ASCII));
                answers.add(readers.submit(() -> new String(client.receive(), StandardCharsets.US_ASCII)));
            }
            awaitCondition("two requests in the handler and three connections waiting for a slot",
                    () -> started.get() == 2 && server.connectionsWaitingForSlot() == 3);
            Thread.sleep(200); // a broken limit would let a third request into the handler by now
            assertThat(started).hasValue(2);
            assertThat(server.queuedRequests()).isEqualTo(2);
            unblock.countDown();
            for (int i = 0; i < 5; i++) {
                assertThat(answers.get(i).get(20, TimeUnit.SECONDS)).isEqualTo("request " + i);
            }
            assertThat(started).hasValue(5);
            assertThat(server.queuedRequests()).isZero();
            for (FrameClient client : clients) {
                client.close();
            }
        } finally {
            readers.shutdownNow();
        }
    }

    static List<Transport> transports() {
        return NetworkTestSupport.transports();
    }

    /**
     * A client pipelining megabytes behind a request in flight cannot make the broker read them: the
     * connection is muted, so the bytes wait in kernel buffers and the client's writes block.
     */
    @ParameterizedTest
    @MethodSource("transports")
    void pipelinedBytesStayInTheKernelWhileARequestIsInFlight(Transport transport) throws Exception {
        CountDownLatch unblock = new CountDownLatch(1);
        AtomicInteger handled = new AtomicInteger();
        RequestHandler handler = (context, frame) -> {
            if (handled.getAndIncrement() == 0) {
                try {
                    unblock.await(20, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return NetworkTestSupport.echo(context, frame);
        };
        int frames = 4096;
        byte[] body = new byte[1000];
        ExecutorService writer = Executors.newSingleThreadExecutor();
        try (SocketServer server = started(config(), handler, transport);
                FrameClient client = new FrameClient(server.boundPort("PLAINTEXT"))) {
            AtomicLong written = new AtomicLong();
            Future<?> writing = writer.submit(() -> {
                for (int i = 0; i < frames; i++) {
                    client.send(body);
                    written.addAndGet(4 + body.length);
                }
                return null;
            });
            awaitCondition("first request in the handler", () -> handled.get() == 1);
            Thread.sleep(1000); // give a broken (unmuted) server every chance to read ahead
            long read = server.stats().bytesReceived();
            System.out.printf("%s: client wrote %d bytes, server read %d while the first request was in flight%n",
                    transport, written.get(), read);
            assertThat(read).as("bytes read ahead of a request in flight").isLessThanOrEqualTo(128 * 1024);
            assertThat(written.get()).isGreaterThan(4 * read);
            unblock.countDown();
            for (int i = 0; i < frames; i++) {
                assertThat(client.receive()).hasSize(body.length);
            }
            writing.get();
            assertThat(handled).hasValue(frames);
        } finally {
            writer.shutdownNow();
        }
    }

    @Test
    void everyListenerIsBoundAndAdvertisedWithItsRealPort() throws Exception {
        BrokerConfig config = config("listeners", "PLAINTEXT://127.0.0.1:0,INTERNAL://127.0.0.1:0",
                "listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,INTERNAL:PLAINTEXT",
                "advertised.listeners", "PLAINTEXT://127.0.0.1:0,INTERNAL://broker.internal:19093");
        Set<String> listenersSeen = ConcurrentHashMap.newKeySet();
        RequestHandler handler = (context, frame) -> {
            listenersSeen.add(context.listenerName());
            assertThat(context.securityProtocol()).isEqualTo(SecurityProtocol.PLAINTEXT);
            assertThat(context.clientAddress().getHostAddress()).isEqualTo("127.0.0.1");
            assertThat(context.connectionId()).matches("127\\.0\\.0\\.1:\\d+-127\\.0\\.0\\.1:" + context.clientPort()
                    + "-\\d+");
            return NetworkTestSupport.echo(context, frame);
        };
        try (SocketServer server = started(config, handler, Transport.best())) {
            int plaintext = server.boundPort("PLAINTEXT");
            int internal = server.boundPort("INTERNAL");
            assertThat(plaintext).isPositive().isNotEqualTo(internal);
            assertThat(server.boundEndPoints()).containsExactly(
                    new EndPoint("PLAINTEXT", "127.0.0.1", plaintext, SecurityProtocol.PLAINTEXT),
                    new EndPoint("INTERNAL", "127.0.0.1", internal, SecurityProtocol.PLAINTEXT));
            assertThat(server.advertisedEndPoints()).containsExactly(
                    new EndPoint("PLAINTEXT", "127.0.0.1", plaintext, SecurityProtocol.PLAINTEXT),
                    new EndPoint("INTERNAL", "broker.internal", 19093, SecurityProtocol.PLAINTEXT));
            try (FrameClient a = new FrameClient(plaintext); FrameClient b = new FrameClient(internal)) {
                assertEchoes(a, "via plaintext");
                assertEchoes(b, "via internal");
            }
            assertThat(listenersSeen).containsExactlyInAnyOrder("PLAINTEXT", "INTERNAL");
        }
    }

    @Test
    void aPortInUseFailsStartWithTheListenerNamed() throws Exception {
        try (ServerSocket occupied = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            BrokerConfig config = config("listeners", "PLAINTEXT://127.0.0.1:" + occupied.getLocalPort());
            SocketServer server = new SocketServer(config, NetworkTestSupport::echo, Transport.best());
            assertThatThrownBy(server::start).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("PLAINTEXT://127.0.0.1:" + occupied.getLocalPort());
            server.shutdown(); // already stopped by the failed start; must be harmless
        }
    }

    @Test
    void shutdownFinishesTheRequestInFlightThenClosesEverything() throws Exception {
        CountDownLatch inHandler = new CountDownLatch(1);
        CompletableFuture<Send> parked = new CompletableFuture<>();
        RequestHandler handler = (context, frame) -> {
            if (frame.get(0) == 'P') {
                inHandler.countDown();
                return parked;
            }
            return NetworkTestSupport.echo(context, frame);
        };
        SocketServer server = started(config(), handler, Transport.best());
        int port = server.boundPort("PLAINTEXT");
        try (FrameClient busy = new FrameClient(port); FrameClient quiet = new FrameClient(port)) {
            assertEchoes(quiet, "hello");
            // The busy client pipelines a second request that must not be started once shutdown began.
            busy.sendRaw(concat(FrameClient.frame("Park".getBytes(StandardCharsets.US_ASCII)),
                    FrameClient.frame("after".getBytes(StandardCharsets.US_ASCII))));
            assertThat(inHandler.await(20, TimeUnit.SECONDS)).isTrue();
            Thread stopper = new Thread(() -> server.shutdown(Duration.ofSeconds(20)), "test-shutdown");
            stopper.start();
            assertThat(quiet.isClosedByServer()).isTrue();
            parked.complete(new Send().add(ByteBuffer.wrap("parked answer".getBytes(StandardCharsets.US_ASCII))));
            assertThat(new String(busy.receive(), StandardCharsets.US_ASCII)).isEqualTo("parked answer");
            assertThat(busy.isClosedByServer()).isTrue();
            stopper.join(30_000);
            assertThat(stopper.isAlive()).isFalse();
        }
        assertThat(server.stats().activeConnections()).isZero();
        assertThat(server.stats().requestsReceived()).isEqualTo(2);
        // The port is free again and nothing of the server is left running.
        try (ServerSocket reuse = new ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
            assertThat(reuse.getLocalPort()).isEqualTo(port);
        }
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().startsWith("sluice-"));
    }

    private static byte[] concat(byte[] first, byte[] second) {
        return ByteBuffer.allocate(first.length + second.length).put(first).put(second).array();
    }
}
