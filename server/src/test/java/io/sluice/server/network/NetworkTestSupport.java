package io.sluice.server.network;

import io.sluice.common.Send;
import io.sluice.server.config.BrokerConfig;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

/** Configurations, handlers and waiting helpers shared by the socket server tests. */
final class NetworkTestSupport {

    private NetworkTestSupport() {
    }

    /**
     * A loopback-only configuration on an ephemeral port. zookeeper.connect is required by BrokerConfig but
     * never contacted by the socket server, so any well-formed value does.
     */
    static BrokerConfig config(String... overrides) {
        Properties properties = new Properties();
        properties.setProperty("broker.id", "0");
        properties.setProperty("zookeeper.connect", "127.0.0.1:2181");
        properties.setProperty("listeners", "PLAINTEXT://127.0.0.1:0");
        properties.setProperty("num.network.threads", "2");
        properties.setProperty("num.io.threads", "4");
        for (int i = 0; i < overrides.length; i += 2) {
            properties.setProperty(overrides[i], overrides[i + 1]);
        }
        return new BrokerConfig(properties);
    }

    /** The transports to run transport-sensitive tests on: NIO always, epoll where it loads. */
    static List<Transport> transports() {
        List<Transport> transports = new ArrayList<>();
        transports.add(Transport.NIO);
        if (Transport.best() == Transport.EPOLL) {
            transports.add(Transport.EPOLL);
        }
        return transports;
    }

    /** Answers each frame with its own bytes. */
    static CompletableFuture<Send> echo(RequestContext context, ByteBuffer frame) {
        return CompletableFuture.completedFuture(new Send().add(frame));
    }

    static SocketServer started(BrokerConfig config, RequestHandler handler, Transport transport) {
        SocketServer server = new SocketServer(config, handler, transport);
        server.start();
        return server;
    }

    /**
     * Waits for a condition the server reaches on its own threads (a close, a counter). The limit is generous
     * and only stops a broken test from hanging; passing never depends on speed.
     */
    static void awaitCondition(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out waiting for: " + what);
            }
            Thread.sleep(5);
        }
    }
}
