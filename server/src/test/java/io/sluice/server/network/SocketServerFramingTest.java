package io.sluice.server.network;

import static io.sluice.server.network.NetworkTestSupport.awaitCondition;
import static io.sluice.server.network.NetworkTestSupport.config;
import static io.sluice.server.network.NetworkTestSupport.started;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.common.Send;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad frames and failing requests close the connection that caused them, and only that one: a second
 * connection opened before the trouble keeps being served afterwards.
 *
 * <p>Test handler: the first body byte picks the behaviour: 'E' echo, 'T' throw from handle(), 'C' complete
 * with {@link CloseConnectionException}, 'F' complete with a bug-like exception.
 */
class SocketServerFramingTest {

    private static final int MAX_REQUEST = 1000;

    private final AtomicInteger handled = new AtomicInteger();

    static List<Transport> transports() {
        return NetworkTestSupport.transports();
    }

    private CompletableFuture<Send> handler(RequestContext context, ByteBuffer frame) {
        handled.incrementAndGet();
        int kind = frame.remaining() == 0 ? 'E' : frame.get(0);
        return switch (kind) {
            case 'T' -> throw new IllegalStateException("handler bug, thrown");
            case 'C' -> CompletableFuture.failedFuture(new CloseConnectionException("unknown api key 999"));
            case 'F' -> CompletableFuture.supplyAsync(() -> {
                throw new IllegalArgumentException("handler bug, completed");
            });
            default -> CompletableFuture.completedFuture(new Send().add(frame));
        };
    }

    private SocketServer start(Transport transport) {
        return started(config("socket.request.max.bytes", Integer.toString(MAX_REQUEST)), this::handler, transport);
    }

    private static byte[] echoBody(String text) {
        return ("E" + text).getBytes(StandardCharsets.US_ASCII);
    }

    private static void assertServed(FrameClient client, String text) throws Exception {
        client.send(echoBody(text));
        assertThat(new String(client.receive(), StandardCharsets.US_ASCII)).isEqualTo("E" + text);
    }

    private static byte[] sizePrefix(int size) {
        return ByteBuffer.allocate(4).putInt(size).array();
    }

    @ParameterizedTest
    @MethodSource("transports")
    void invalidSizePrefixClosesOnlyThatConnection(Transport transport) throws Exception {
        try (SocketServer server = start(transport); FrameClient bystander = new FrameClient(server.boundPort("PLAINTEXT"))) {
            int port = server.boundPort("PLAINTEXT");
            assertServed(bystander, "before");
            int[] badSizes = {Integer.MAX_VALUE, Integer.MIN_VALUE, -1, MAX_REQUEST + 1, 0x80000000 + 5};
            for (int size : badSizes) {
                try (FrameClient offender = new FrameClient(port)) {
                    assertServed(offender, "fine so far");
                    offender.sendRaw(sizePrefix(size));
                    assertThat(offender.isClosedByServer()).as("closed after size %d", size).isTrue();
                }
                assertServed(bystander, "after " + size);
            }
            try (FrameClient atLimit = new FrameClient(port)) {
                byte[] body = new byte[MAX_REQUEST];
                body[0] = 'E';
                atLimit.send(body);
                assertThat(atLimit.receive()).isEqualTo(body);
            }
            assertThat(server.stats().invalidFrames()).isEqualTo(badSizes.length);
        }
    }

    @ParameterizedTest
    @MethodSource("transports")
    void garbageAfterAValidFrameIsAnsweredUpToTheGarbage(Transport transport) throws Exception {
        try (SocketServer server = start(transport); FrameClient bystander = new FrameClient(server.boundPort("PLAINTEXT"))) {
            int port = server.boundPort("PLAINTEXT");
            try (FrameClient http = new FrameClient(port)) {
                // A valid frame, then an HTTP request line: "GET " read as a size is 1195725856.
                byte[] valid = FrameClient.frame(echoBody("valid"));
                byte[] garbage = "GET / HTTP/1.1\r\nHost: broker\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
                http.sendRaw(concat(valid, garbage));
                assertThat(new String(http.receive(), StandardCharsets.US_ASCII)).isEqualTo("Evalid");
                assertThat(http.isClosedByServer()).isTrue();
            }
            try (FrameClient wrongHeader = new FrameClient(port)) {
                // A well-sized frame whose content the handler rejects.
                wrongHeader.sendRaw(concat(FrameClient.frame(echoBody("ok")), FrameClient.frame("C???".getBytes(
                        StandardCharsets.US_ASCII)), FrameClient.frame(echoBody("never"))));
                assertThat(new String(wrongHeader.receive(), StandardCharsets.US_ASCII)).isEqualTo("Eok");
                assertThat(wrongHeader.isClosedByServer()).isTrue();
            }
            assertServed(bystander, "still here");
        }
    }

    @ParameterizedTest
    @MethodSource("transports")
    void clientDisconnectingMidFrameIsForgotten(Transport transport) throws Exception {
        try (SocketServer server = start(transport); FrameClient bystander = new FrameClient(server.boundPort("PLAINTEXT"))) {
            int port = server.boundPort("PLAINTEXT");
            assertServed(bystander, "first");
            int handledBefore = handled.get();
            try (FrameClient quitter = new FrameClient(port)) {
                quitter.sendRaw(concat(sizePrefix(500), new byte[] {'E', 1, 2, 3}));
            }
            try (FrameClient halfPrefix = new FrameClient(port)) {
                halfPrefix.sendRaw(new byte[] {0, 0});
                halfPrefix.shutdownOutput();
                assertThat(halfPrefix.isClosedByServer()).isTrue();
            }
            awaitCondition("both quitters closed", () -> server.stats().activeConnections() == 1);
            assertThat(handled.get()).isEqualTo(handledBefore);
            assertServed(bystander, "second");
        }
    }

    @ParameterizedTest
    @MethodSource("transports")
    void halfClosedClientStillGetsItsAnswers(Transport transport) throws Exception {
        try (SocketServer server = start(transport); FrameClient client = new FrameClient(server.boundPort("PLAINTEXT"))) {
            client.sendRaw(concat(FrameClient.frame(echoBody("one")), FrameClient.frame(echoBody("two"))));
            client.shutdownOutput();
            assertThat(new String(client.receive(), StandardCharsets.US_ASCII)).isEqualTo("Eone");
            assertThat(new String(client.receive(), StandardCharsets.US_ASCII)).isEqualTo("Etwo");
            assertThat(client.isClosedByServer()).isTrue();
        }
    }

    @ParameterizedTest
    @MethodSource("transports")
    void handlerFailuresCloseOnlyThatConnection(Transport transport) throws Exception {
        try (SocketServer server = start(transport); FrameClient bystander = new FrameClient(server.boundPort("PLAINTEXT"))) {
            int port = server.boundPort("PLAINTEXT");
            for (String kind : new String[] {"T", "C", "F"}) {
                try (FrameClient failing = new FrameClient(port)) {
                    assertServed(failing, "works");
                    failing.send(kind.getBytes(StandardCharsets.US_ASCII));
                    assertThat(failing.isClosedByServer()).as("closed after %s", kind).isTrue();
                }
                assertServed(bystander, "after " + kind);
            }
            assertThat(server.stats().handlerCloses()).isEqualTo(3);
        }
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        ByteBuffer all = ByteBuffer.allocate(length);
        for (byte[] part : parts) {
            all.put(part);
        }
        return all.array();
    }
}
