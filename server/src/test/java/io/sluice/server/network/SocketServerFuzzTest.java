package io.sluice.server.network;

import static io.sluice.server.network.NetworkTestSupport.awaitCondition;
import static io.sluice.server.network.NetworkTestSupport.config;
import static io.sluice.server.network.NetworkTestSupport.started;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.common.Send;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Throws 20,000 random and mutated byte strings at a live socket server, one connection each, and checks
 * every answer against a model of the framing rules; afterwards a well-formed client is still served, no
 * server thread died, and the heap is back where it was.
 *
 * <h2>Toy protocol</h2>
 * <pre>
 *   request body  := magic:int16 (0x5A17) correlationId:int32 op:int8 payload
 *                    op 0 = echo, op 1 = no response; anything else, or a body under 7 bytes, is rejected
 *                    with CloseConnectionException
 *   response body := correlationId:int32 payload
 * </pre>
 * Inputs stay under 1 KiB so the server takes each in one socket read; the client half-closes after
 * writing, so every connection ends: with the server's answers to the frames before the first bad one.
 */
class SocketServerFuzzTest {

    private static final short MAGIC = 0x5A17;
    private static final int MAX_REQUEST = 512;
    private static final int INPUTS = 20_000;
    private static final int CLIENT_THREADS = 4;
    private static final int MAX_INPUT = 1024;

    /** What the toy application does with one complete frame body; shared by the server and the model. */
    private static ByteBuffer toyAnswer(ByteBuffer body) {
        if (body.remaining() < 7 || body.getShort(body.position()) != MAGIC) {
            throw new CloseConnectionException("not a toy request");
        }
        int correlationId = body.getInt(body.position() + 2);
        byte op = body.get(body.position() + 6);
        if (op == 1) {
            return null;
        }
        if (op != 0) {
            throw new CloseConnectionException("unknown op " + op);
        }
        ByteBuffer payload = body.slice(body.position() + 7, body.remaining() - 7);
        return ByteBuffer.allocate(4 + payload.remaining()).putInt(correlationId).put(payload).flip();
    }

    private static CompletableFuture<Send> toyHandler(RequestContext context, ByteBuffer frame) {
        ByteBuffer answer = toyAnswer(frame);
        return CompletableFuture.completedFuture(answer == null ? null : new Send().add(answer));
    }

    /** The bytes a correct server sends for this input before it closes the connection. */
    static byte[] expectedOutput(byte[] input) {
        ByteBuffer in = ByteBuffer.wrap(input);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (in.remaining() >= 4) {
            int size = in.getInt();
            if (size < 0 || size > MAX_REQUEST || in.remaining() < size) {
                break; // invalid size: closed; incomplete frame: never answered
            }
            ByteBuffer body = in.slice(in.position(), size);
            in.position(in.position() + size);
            ByteBuffer answer;
            try {
                answer = toyAnswer(body);
            } catch (CloseConnectionException e) {
                break;
            }
            if (answer != null) {
                out.writeBytes(ByteBuffer.allocate(4).putInt(answer.remaining()).array());
                out.writeBytes(Arrays.copyOfRange(answer.array(), answer.position(), answer.limit()));
            }
        }
        return out.toByteArray();
    }

    @Test
    void survivesRandomAndMutatedInput() throws Exception {
        long seed = System.nanoTime();
        System.out.println("Fuzz seed " + seed);
        ExecutorService clients = Executors.newFixedThreadPool(CLIENT_THREADS);
        try (SocketServer server = started(config("socket.request.max.bytes", Integer.toString(MAX_REQUEST),
                "num.network.threads", "2", "num.io.threads", "4"), SocketServerFuzzTest::toyHandler,
                Transport.best())) {
            int port = server.boundPort("PLAINTEXT");
            FrameClient steady = new FrameClient(port);
            List<FrameClient> warmUp = new ArrayList<>();
            for (int i = 0; i < 4; i++) { // start every network event loop before taking the thread census
                warmUp.add(new FrameClient(port));
                assertToyServed(warmUp.get(i), i);
            }
            assertToyServed(steady, 100);
            Map<String, Thread> threadsBefore = serverThreads();
            assertThat(threadsBefore.keySet()).anyMatch(name -> name.startsWith("sluice-network-b0-1"))
                    .anyMatch(name -> name.startsWith("sluice-request-handler-b0-3"));
            long heapBefore = usedHeapAfterGc();

            List<Future<List<String>>> results = new ArrayList<>();
            for (int t = 0; t < CLIENT_THREADS; t++) {
                long threadSeed = seed + t;
                results.add(clients.submit(() -> fuzz(port, new Random(threadSeed), INPUTS / CLIENT_THREADS)));
            }
            List<String> mismatches = new ArrayList<>();
            for (Future<List<String>> result : results) {
                mismatches.addAll(result.get());
            }
            assertThat(mismatches).as("inputs answered differently from the model (seed %d)", seed).isEmpty();

            assertToyServed(steady, 101);
            try (FrameClient late = new FrameClient(port)) {
                assertToyServed(late, 102);
            }
            Map<String, Thread> threadsAfter = serverThreads();
            assertThat(threadsAfter.keySet()).as("no server thread replaced").isEqualTo(threadsBefore.keySet());
            assertThat(threadsBefore.values()).allMatch(Thread::isAlive);

            for (FrameClient client : warmUp) {
                client.close();
            }
            steady.close();
            awaitCondition("all fuzz connections closed", () -> server.stats().activeConnections() == 0);
            assertThat(server.stats().connectionsAccepted()).isGreaterThanOrEqualTo(INPUTS);
            long heapAfter = usedHeapAfterGc();
            System.out.printf("Fuzz: %d inputs, %s; used heap after GC %d -> %d bytes%n", INPUTS, server.stats(),
                    heapBefore, heapAfter);
            assertThat(heapAfter).as("heap after the fuzz").isLessThan(heapBefore + 64L * 1024 * 1024);
        } finally {
            clients.shutdownNow();
        }
    }

    private static void assertToyServed(FrameClient client, int correlationId) throws IOException {
        byte[] payload = ("steady " + correlationId).getBytes(StandardCharsets.US_ASCII);
        ByteBuffer body = ByteBuffer.allocate(7 + payload.length).putShort(MAGIC).putInt(correlationId)
                .put((byte) 0).put(payload);
        client.send(body.array());
        ByteBuffer answer = ByteBuffer.wrap(client.receive());
        assertThat(answer.getInt()).isEqualTo(correlationId);
        assertThat(answer.slice()).isEqualTo(ByteBuffer.wrap(payload));
    }

    private static List<String> fuzz(int port, Random random, int count) throws IOException {
        List<String> mismatches = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            byte[] input = randomInput(random);
            byte[] expected = expectedOutput(input);
            byte[] actual = exchange(port, input);
            if (!Arrays.equals(expected, actual) && mismatches.size() < 10) {
                HexFormat hex = HexFormat.of();
                mismatches.add("input " + hex.formatHex(input) + " expected " + hex.formatHex(expected) + " got "
                        + hex.formatHex(actual));
            }
        }
        return mismatches;
    }

    /** Sends the input, half-closes, and collects everything the server sends until it closes. */
    private static byte[] exchange(int port, byte[] input) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            socket.setSoTimeout(20_000);
            try {
                socket.getOutputStream().write(input);
                socket.shutdownOutput();
            } catch (SocketException e) {
                // The server may close before all bytes are taken (e.g. after a bad size); read what it sent.
            }
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[4096];
            try {
                int read;
                while ((read = in.read(buffer)) >= 0) {
                    received.write(buffer, 0, read);
                }
            } catch (SocketException e) {
                // Reset after the server closed: everything it sent before is already in `received`.
            }
            socket.setSoLinger(true, 0); // no TIME_WAIT pile-up over 20,000 connections
            return received.toByteArray();
        }
    }

    private static byte[] randomInput(Random random) {
        byte[] input;
        switch (random.nextInt(4)) {
            case 0 -> {
                input = new byte[random.nextInt(64) == 0 ? random.nextInt(MAX_INPUT) : random.nextInt(24)];
                random.nextBytes(input);
            }
            case 1 -> input = validFrames(random);
            default -> {
                input = validFrames(random);
                int mutations = 1 + random.nextInt(3);
                for (int m = 0; m < mutations; m++) {
                    input = mutate(input, random);
                }
            }
        }
        return input.length > MAX_INPUT ? Arrays.copyOf(input, MAX_INPUT) : input;
    }

    private static byte[] validFrames(Random random) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int frames = 1 + random.nextInt(5);
        for (int f = 0; f < frames; f++) {
            byte[] payload = new byte[random.nextInt(random.nextInt(8) == 0 ? 150 : 12)];
            random.nextBytes(payload);
            ByteBuffer body = ByteBuffer.allocate(7 + payload.length).putShort(MAGIC).putInt(random.nextInt())
                    .put((byte) (random.nextInt(5) == 0 ? 1 : 0)).put(payload);
            out.writeBytes(FrameClient.frame(body.array()));
        }
        return out.toByteArray();
    }

    private static final int[] INTERESTING_SIZES = {0, 1, 6, 7, 8, MAX_REQUEST - 1, MAX_REQUEST, MAX_REQUEST + 1,
        -1, Integer.MIN_VALUE, Integer.MAX_VALUE, 0x00010000, 0x5A17};

    private static byte[] mutate(byte[] input, Random random) {
        if (input.length == 0) {
            return new byte[] {(byte) random.nextInt()};
        }
        switch (random.nextInt(7)) {
            case 0 -> { // flip bits in a few bytes
                byte[] copy = input.clone();
                for (int i = 0, n = 1 + random.nextInt(3); i < n; i++) {
                    copy[random.nextInt(copy.length)] ^= (byte) (1 + random.nextInt(255));
                }
                return copy;
            }
            case 1 -> { // truncate
                return Arrays.copyOf(input, random.nextInt(input.length));
            }
            case 2 -> { // insert random bytes
                int at = random.nextInt(input.length + 1);
                byte[] inserted = new byte[1 + random.nextInt(16)];
                random.nextBytes(inserted);
                return splice(input, at, at, inserted);
            }
            case 3 -> { // an interesting size prefix at the front or at a random offset
                int at = random.nextBoolean() ? 0 : random.nextInt(input.length);
                byte[] size = ByteBuffer.allocate(4).putInt(INTERESTING_SIZES[random.nextInt(INTERESTING_SIZES.length)])
                        .array();
                return splice(input, at, Math.min(input.length, at + 4), size);
            }
            case 4 -> { // append garbage
                byte[] garbage = new byte[1 + random.nextInt(40)];
                random.nextBytes(garbage);
                return splice(input, input.length, input.length, garbage);
            }
            case 5 -> { // repeat a slice
                int from = random.nextInt(input.length);
                int to = from + random.nextInt(input.length - from + 1);
                return splice(input, to, to, Arrays.copyOfRange(input, from, to));
            }
            default -> { // corrupt the op or magic of the first frame
                byte[] copy = input.clone();
                int at = 4 + random.nextInt(7);
                if (at < copy.length) {
                    copy[at] = (byte) random.nextInt();
                }
                return copy;
            }
        }
    }

    private static byte[] splice(byte[] input, int from, int to, byte[] replacement) {
        ByteBuffer out = ByteBuffer.allocate(input.length - (to - from) + replacement.length);
        out.put(input, 0, from).put(replacement).put(input, to, input.length - to);
        return out.array();
    }

    private static Map<String, Thread> serverThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().startsWith("sluice-"))
                .collect(Collectors.toMap(Thread::getName, thread -> thread));
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        Runtime runtime = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
        }
        return runtime.totalMemory() - runtime.freeMemory();
    }
}
