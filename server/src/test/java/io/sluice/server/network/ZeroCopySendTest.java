package io.sluice.server.network;

import static io.sluice.server.network.NetworkTestSupport.config;
import static io.sluice.server.network.NetworkTestSupport.started;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.util.internal.PlatformDependent;
import io.sluice.common.Send;
import io.sluice.record.FileSlice;
import java.io.EOFException;
import java.io.IOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Proves that file slices go from the page cache to the socket without passing through the JVM heap: a
 * 256 MiB file is sent several times while the heap allocation of every thread and the direct memory in
 * use are measured, and the bytes received are checked against the file.
 *
 * <p>Response layout of the test handler: an 8-byte in-memory header {@code "FILEHEAD"}, then the slice.
 */
class ZeroCopySendTest {

    private static final int FILE_BYTES = 256 * 1024 * 1024;
    private static final int CHUNK = 1024 * 1024;
    private static final int SENDS = 3;
    private static final byte[] HEADER = "FILEHEAD".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    static Path directory;

    private static FileChannel log;
    private static long fileChecksum;

    @BeforeAll
    static void writeFile() throws IOException {
        Path file = directory.resolve("00000000000000000000.log");
        log = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, StandardOpenOption.READ);
        byte[] pattern = new byte[CHUNK];
        new Random(42).nextBytes(pattern);
        ByteBuffer chunk = ByteBuffer.allocateDirect(CHUNK);
        CRC32C crc = new CRC32C();
        for (int i = 0; i < FILE_BYTES / CHUNK; i++) {
            chunk.clear();
            chunk.put(pattern).putInt(0, i).flip(); // stamp each chunk so misordered data fails the checksum
            crc.update(chunk.duplicate());
            while (chunk.hasRemaining()) {
                log.write(chunk);
            }
        }
        fileChecksum = crc.getValue();
    }

    @AfterAll
    static void closeFile() throws IOException {
        log.close();
    }

    static List<Transport> transports() {
        return NetworkTestSupport.transports();
    }

    /** Answers "WARM" with a 1 MiB slice and anything else with the whole file. */
    private static CompletableFuture<Send> fileHandler(RequestContext context, ByteBuffer frame) {
        int length = frame.get(0) == 'W' ? CHUNK : FILE_BYTES;
        return CompletableFuture.completedFuture(new Send().add(ByteBuffer.wrap(HEADER))
                .add(new FileSlice(log, 0, length)));
    }

    @ParameterizedTest
    @MethodSource("transports")
    void fileSlicesNeverEnterTheHeap(Transport transport) throws Exception {
        try (SocketServer server = started(config(), ZeroCopySendTest::fileHandler, transport);
                SocketChannel socket = SocketChannel.open(new InetSocketAddress("127.0.0.1",
                        server.boundPort("PLAINTEXT")))) {
            ByteBuffer buffer = ByteBuffer.allocateDirect(CHUNK);
            // Warm up every path (JIT, pooled arenas, thread-local caches) before measuring.
            request(socket, "WARM");
            receiveFile(socket, buffer, CHUNK);

            com.sun.management.ThreadMXBean threads =
                    (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            Map<Long, Long> heapBefore = allocatedBytesPerThread(threads);
            long directBefore = jdkDirectMemory();
            long nettyDirectBefore = PlatformDependent.usedDirectMemory();

            for (int i = 0; i < SENDS; i++) {
                request(socket, "FETCH");
                assertThat(receiveFile(socket, buffer, FILE_BYTES)).as("checksum of send %d", i).isEqualTo(fileChecksum);
            }

            long heapGrowth = heapGrowth(threads, heapBefore);
            long directGrowth = jdkDirectMemory() - directBefore;
            // Netty counts its own direct memory only when it allocates without JDK cleaners; otherwise (-1) its
            // buffers come from ByteBuffer.allocateDirect and are in the JDK figure above.
            long nettyDirectGrowth = nettyDirectBefore < 0 ? 0 : PlatformDependent.usedDirectMemory() - nettyDirectBefore;
            long sent = (long) SENDS * FILE_BYTES;
            System.out.printf("%s transport: sent %d file bytes; heap allocated by all threads %d bytes (%.4f%%), "
                    + "JDK direct memory growth %d, Netty direct memory growth %s%n", transport, sent, heapGrowth,
                    100.0 * heapGrowth / sent, directGrowth,
                    nettyDirectBefore < 0 ? "untracked (in the JDK figure)" : Long.toString(nettyDirectGrowth));

            assertThat(heapGrowth).as("heap bytes allocated while sending %d file bytes", sent).isLessThan(sent / 20);
            assertThat(directGrowth).as("JDK direct memory growth").isLessThan(sent / 20);
            assertThat(nettyDirectGrowth).as("Netty direct memory growth").isLessThan(sent / 20);
            // The counter moves when Netty reports the write complete, which may come just after the client has
            // read the last byte: wait for it rather than race it.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (server.stats().bytesSent() < sent && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(server.stats().bytesSent()).isGreaterThanOrEqualTo(sent);
        }
        assertThat(log.isOpen()).as("the log's channel must survive the file regions").isTrue();
    }

    private static void request(SocketChannel socket, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.US_ASCII);
        ByteBuffer frame = ByteBuffer.allocate(4 + bytes.length).putInt(bytes.length).put(bytes).flip();
        while (frame.hasRemaining()) {
            socket.write(frame);
        }
    }

    /** Reads one response, checks its framing and header, and returns the CRC-32C of the file part. */
    private static long receiveFile(SocketChannel socket, ByteBuffer buffer, int fileBytes) throws IOException {
        buffer.clear().limit(4 + HEADER.length);
        readFully(socket, buffer);
        buffer.flip();
        assertThat(buffer.getInt()).isEqualTo(HEADER.length + fileBytes);
        byte[] header = new byte[HEADER.length];
        buffer.get(header);
        assertThat(header).isEqualTo(HEADER);
        CRC32C crc = new CRC32C();
        long remaining = fileBytes;
        while (remaining > 0) {
            buffer.clear().limit((int) Math.min(buffer.capacity(), remaining));
            readFully(socket, buffer);
            buffer.flip();
            remaining -= buffer.remaining();
            crc.update(buffer);
        }
        return crc.getValue();
    }

    private static void readFully(SocketChannel socket, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            if (socket.read(buffer) < 0) {
                throw new EOFException("server closed the connection");
            }
        }
    }

    private static Map<Long, Long> allocatedBytesPerThread(com.sun.management.ThreadMXBean threads) {
        long[] ids = threads.getAllThreadIds();
        long[] bytes = threads.getThreadAllocatedBytes(ids);
        Map<Long, Long> perThread = new HashMap<>();
        for (int i = 0; i < ids.length; i++) {
            if (bytes[i] >= 0) {
                perThread.put(ids[i], bytes[i]);
            }
        }
        return perThread;
    }

    /** Heap allocated since {@code before} by threads alive now (threads started since count in full). */
    private static long heapGrowth(com.sun.management.ThreadMXBean threads, Map<Long, Long> before) {
        long growth = 0;
        for (Map.Entry<Long, Long> now : allocatedBytesPerThread(threads).entrySet()) {
            growth += now.getValue() - before.getOrDefault(now.getKey(), 0L);
        }
        return growth;
    }

    private static long jdkDirectMemory() {
        for (BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
            if (pool.getName().equals("direct")) {
                return pool.getMemoryUsed();
            }
        }
        throw new IllegalStateException("no direct buffer pool bean");
    }
}
