package io.sluice.server.network;

import static io.sluice.server.network.NetworkTestSupport.config;
import static io.sluice.server.network.NetworkTestSupport.started;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.common.Send;
import io.sluice.record.FileSlice;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Responses mixing in-memory buffers and file slices arrive as one frame with every part in order, the way
 * a fetch response interleaves partition headers and record data; a slice past the end of its file closes
 * the connection instead of sending a short frame.
 */
class SocketServerResponseTest {

    @TempDir
    Path directory;

    private FileChannel file;
    /** Slices handed out minus slices released: every slice's reference must come back exactly once. */
    private final java.util.concurrent.atomic.AtomicInteger heldSlices = new java.util.concurrent.atomic.AtomicInteger();

    private FileSlice slice(long position, int length) {
        heldSlices.incrementAndGet();
        java.util.concurrent.atomic.AtomicBoolean released = new java.util.concurrent.atomic.AtomicBoolean();
        return new FileSlice(file, position, length, () -> {
            if (released.compareAndSet(false, true)) {
                heldSlices.decrementAndGet();
            }
        });
    }

    @BeforeEach
    void writeFile() throws Exception {
        Path path = directory.resolve("segment.log");
        Files.write(path, "0123456789abcdefghijklmnopqrstuvwxyz".getBytes(StandardCharsets.US_ASCII));
        file = FileChannel.open(path, StandardOpenOption.READ);
    }

    @AfterEach
    void closeFile() throws Exception {
        file.close();
    }

    static List<Transport> transports() {
        return NetworkTestSupport.transports();
    }

    private static ByteBuffer ascii(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
    }

    private CompletableFuture<Send> respond(RequestContext context, ByteBuffer frame) {
        String request = StandardCharsets.US_ASCII.decode(frame).toString();
        Send send = new Send();
        switch (request) {
            case "mixed" -> send.add(ascii("[head]")).add(slice(0, 10)).add(ascii("[mid1]"))
                    .add(ascii("[mid2]")).add(slice(30, 6)).add(slice(10, 3))
                    .add(ascii("[tail]"));
            case "slice-only" -> send.add(slice(26, 10));
            case "empty" -> send.add(slice(0, 0));
            case "truncated" -> send.add(ascii("[head]")).add(slice(30, 100));
            default -> throw new CloseConnectionException("unknown request " + request);
        }
        return CompletableFuture.completedFuture(send);
    }

    @ParameterizedTest
    @MethodSource("transports")
    void partsArriveInOrderAsOneFrame(Transport transport) throws Exception {
        try (SocketServer server = started(config(), this::respond, transport);
                FrameClient client = new FrameClient(server.boundPort("PLAINTEXT"))) {
            client.send("mixed".getBytes(StandardCharsets.US_ASCII));
            assertThat(new String(client.receive(), StandardCharsets.US_ASCII))
                    .isEqualTo("[head]0123456789[mid1][mid2]uvwxyzabc[tail]");
            client.send("slice-only".getBytes(StandardCharsets.US_ASCII));
            assertThat(new String(client.receive(), StandardCharsets.US_ASCII)).isEqualTo("qrstuvwxyz");
            client.send("empty".getBytes(StandardCharsets.US_ASCII));
            assertThat(client.receive()).isEmpty();
            client.send("mixed".getBytes(StandardCharsets.US_ASCII));
            assertThat(new String(client.receive(), StandardCharsets.US_ASCII))
                    .isEqualTo("[head]0123456789[mid1][mid2]uvwxyzabc[tail]");
        }
        assertThat(file.isOpen()).isTrue();
        assertThat(heldSlices.get()).as("slices not released after their response was written").isZero();
    }

    @ParameterizedTest
    @MethodSource("transports")
    void aSlicePastTheEndOfItsFileClosesTheConnection(Transport transport) throws Exception {
        try (SocketServer server = started(config(), this::respond, transport);
                FrameClient client = new FrameClient(server.boundPort("PLAINTEXT"));
                FrameClient bystander = new FrameClient(server.boundPort("PLAINTEXT"))) {
            client.send("truncated".getBytes(StandardCharsets.US_ASCII));
            InputStream in = client.socket().getInputStream();
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            try {
                int read;
                while ((read = in.read()) >= 0) {
                    received.write(read);
                }
            } catch (java.net.SocketException reset) {
                // closed with a reset: fine, what matters is that the frame never completed
            }
            byte[] bytes = received.toByteArray();
            assertThat(ByteBuffer.wrap(bytes).getInt()).isEqualTo(106);
            assertThat(bytes.length).as("bytes of a frame announcing 106").isLessThan(4 + 106);

            bystander.send("slice-only".getBytes(StandardCharsets.US_ASCII));
            assertThat(new String(bystander.receive(), StandardCharsets.US_ASCII)).isEqualTo("qrstuvwxyz");
        }
        assertThat(file.isOpen()).isTrue();
        assertThat(heldSlices.get()).as("slices not released, the failed one included").isZero();
    }
}
