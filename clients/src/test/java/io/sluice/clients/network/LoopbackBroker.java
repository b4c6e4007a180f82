package io.sluice.clients.network;

import io.sluice.common.Send;
import io.sluice.protocol.ApiKeys;
import io.sluice.protocol.ApiVersionRange;
import io.sluice.protocol.Frames;
import io.sluice.protocol.Messages;
import io.sluice.protocol.RequestHeader;
import io.sluice.protocol.Struct;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A tiny broker on a loopback socket for network-layer tests: it speaks real frames through
 * io.sluice.protocol, answers ApiVersions with the ranges it is given, and hands every other request
 * to a handler whose future decides when (and whether) the answer goes out. Answers on a connection
 * are written in request order, as a real broker does. Records every request header it reads.
 */
public final class LoopbackBroker implements AutoCloseable {

    /** A request as received. */
    public record Received(RequestHeader header, Struct body) {
    }

    private final ServerSocketChannel server;
    private final List<ApiVersionRange> ranges;
    private final Map<ApiKeys, Function<Received, CompletableFuture<Struct>>> handlers = new ConcurrentHashMap<>();
    public final List<Received> received = new CopyOnWriteArrayList<>();
    final AtomicInteger unanswered = new AtomicInteger();
    final AtomicInteger maxUnanswered = new AtomicInteger();
    final AtomicInteger connections = new AtomicInteger();
    private final List<SocketChannel> sockets = new CopyOnWriteArrayList<>();
    private volatile boolean rejectApiVersionsAbove = false;
    private volatile short apiVersionsMax = 4;

    public LoopbackBroker(List<ApiVersionRange> ranges) throws IOException {
        this.ranges = List.copyOf(ranges);
        this.server = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
        Thread acceptor = new Thread(this::accept, "loopback-broker-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Answer ApiVersions versions above {@code max} with UNSUPPORTED_VERSION (v0 body), as brokers do. */
    LoopbackBroker apiVersionsUpTo(int max) {
        this.apiVersionsMax = (short) max;
        this.rejectApiVersionsAbove = true;
        return this;
    }

    public LoopbackBroker handle(ApiKeys api, Function<Received, CompletableFuture<Struct>> handler) {
        handlers.put(api, handler);
        return this;
    }

    public int port() {
        try {
            return ((InetSocketAddress) server.getLocalAddress()).getPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Closes every accepted connection (the listening socket stays open). */
    public void dropConnections() throws IOException {
        for (SocketChannel socket : sockets) {
            socket.close();
        }
        sockets.clear();
    }

    private void accept() {
        while (server.isOpen()) {
            try {
                SocketChannel socket = server.accept();
                sockets.add(socket);
                connections.incrementAndGet();
                BlockingQueue<Object[]> answers = new LinkedBlockingQueue<>();
                Thread reader = new Thread(() -> read(socket, answers), "loopback-broker-read");
                Thread writer = new Thread(() -> write(socket, answers), "loopback-broker-write");
                reader.setDaemon(true);
                writer.setDaemon(true);
                reader.start();
                writer.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void read(SocketChannel socket, BlockingQueue<Object[]> answers) {
        try {
            ByteBuffer size = ByteBuffer.allocate(4);
            while (true) {
                size.clear();
                readFully(socket, size);
                ByteBuffer frame = ByteBuffer.allocate(size.getInt(0));
                readFully(socket, frame);
                frame.flip();
                RequestHeader header = RequestHeader.read(frame);
                if (header.api() == ApiKeys.API_VERSIONS && rejectApiVersionsAbove && header.apiVersion() > apiVersionsMax) {
                    received.add(new Received(header, null));
                    List<ApiVersionRange> advertised = new ArrayList<>();
                    for (ApiVersionRange range : ranges) {
                        advertised.add(range.apiKey() == ApiKeys.API_VERSIONS.id()
                                ? new ApiVersionRange(ApiKeys.API_VERSIONS, 0, apiVersionsMax) : range);
                    }
                    answers.put(new Object[] {header, CompletableFuture.completedFuture(
                            Frames.unsupportedApiVersionsResponse(header.correlationId(), advertised))});
                    continue;
                }
                Struct body = Messages.request(header.api()).read(frame, header.apiVersion());
                Received request = new Received(header, body);
                received.add(request);
                CompletableFuture<Struct> response;
                if (header.api() == ApiKeys.API_VERSIONS) {
                    Struct versions = Messages.response(ApiKeys.API_VERSIONS).newStruct().set("error_code", 0);
                    for (ApiVersionRange range : ranges) {
                        versions.addElement("api_keys").set("api_key", range.apiKey())
                                .set("min_version", range.minVersion()).set("max_version", range.maxVersion());
                    }
                    response = CompletableFuture.completedFuture(versions);
                } else {
                    int now = unanswered.incrementAndGet();
                    maxUnanswered.accumulateAndGet(now, Math::max);
                    Function<Received, CompletableFuture<Struct>> handler = handlers.get(header.api());
                    response = handler == null ? new CompletableFuture<>() : handler.apply(request);
                }
                answers.put(new Object[] {header, response});
            }
        } catch (IOException | InterruptedException e) {
            // connection closed
        }
    }

    @SuppressWarnings("unchecked")
    private void write(SocketChannel socket, BlockingQueue<Object[]> answers) {
        try {
            while (socket.isOpen()) {
                Object[] next = answers.take();
                RequestHeader header = (RequestHeader) next[0];
                Object answer = ((CompletableFuture<Object>) next[1]).join();
                if (header.api() != ApiKeys.API_VERSIONS) {
                    unanswered.decrementAndGet();
                }
                if (answer == null) {
                    continue; // no response (acks=0)
                }
                Send send = answer instanceof Send s ? s : Frames.response(header, (Struct) answer);
                ByteBuffer bytes = send.toByteBuffer();
                ByteBuffer prefix = ByteBuffer.allocate(4).putInt(0, bytes.remaining());
                while (prefix.hasRemaining() || bytes.hasRemaining()) {
                    socket.write(new ByteBuffer[] {prefix, bytes});
                }
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            // connection closed
        }
    }

    private static void readFully(SocketChannel socket, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            if (socket.read(buffer) < 0) {
                throw new IOException("closed");
            }
        }
    }

    public List<Received> receivedOf(ApiKeys api) {
        List<Received> out = new ArrayList<>();
        for (Received r : received) {
            if (r.header().api() == api) {
                out.add(r);
            }
        }
        return out;
    }

    @Override
    public void close() throws IOException {
        server.close();
        dropConnections();
    }
}
