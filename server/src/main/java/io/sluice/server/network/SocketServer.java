package io.sluice.server.network;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.timeout.IdleStateHandler;
import io.sluice.server.config.BrokerConfig;
import io.sluice.server.config.EndPoint;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker's network layer: accepts connections on every configured listener, cuts their bytes into
 * request frames, hands each frame to a {@link RequestHandler} and writes the responses back, in order.
 * It knows frames, not APIs.
 *
 * <h2>Threads</h2>
 * <ul>
 *   <li>{@code sluice-acceptor-b<id>-N}: one event loop per listener, accepting only.</li>
 *   <li>{@code sluice-network-b<id>-N}: {@code num.network.threads} event loops doing all socket I/O,
 *       framing and response writing; each connection lives on one of them.</li>
 *   <li>{@code sluice-request-handler-b<id>-N}: {@code num.io.threads} pool threads that call
 *       {@link RequestHandler#handle}. Handler futures may complete on any thread; the result is moved back
 *       to the connection's event loop to be written.</li>
 * </ul>
 *
 * <h2>Bounds</h2>
 * A connection holds at most one request in flight and one partial frame of at most
 * {@code socket.request.max.bytes}; a frame announcing more is refused before anything is allocated. At
 * most {@code queued.max.requests} requests wait for or run on the handler pool; beyond that, connections
 * with a complete frame stop reading until a slot frees. {@code max.connections.per.ip} (and its overrides)
 * caps connections per client address; {@code connections.max.idle.ms} closes idle ones.
 *
 * <h2>Lifecycle</h2>
 * {@link #start()} once, then {@link #shutdown()} (idempotent; {@link #close()} does the same). Bound ports
 * are known after start, so port 0 works for tests. Thread-safe.
 */
public final class SocketServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SocketServer.class);

    /** How long {@link #shutdown()} waits for requests in flight before closing their connections anyway. */
    public static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofSeconds(30);

    private enum State { NEW, STARTED, STOPPED }

    private final BrokerConfig config;
    private final RequestHandler handler;
    private final Transport transport;
    private final NetworkStats stats = new NetworkStats();
    private final ConnectionQuotas quotas;
    private final RequestSlots slots;
    private final AtomicLong nextConnectionIndex = new AtomicLong();
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    private final AtomicReference<State> state = new AtomicReference<>(State.NEW);
    private final Map<String, Channel> serverChannels = new LinkedHashMap<>();

    // Written by start(), read by shutdown(), which may run on another thread.
    private final List<NamedThreadFactory> threadFactories = new CopyOnWriteArrayList<>();
    private volatile EventLoopGroup acceptorGroup;
    private volatile EventLoopGroup networkGroup;
    private volatile ThreadPoolExecutor requestPool;

    /** A server on the best transport available here (epoll on Linux, else NIO). */
    public SocketServer(BrokerConfig config, RequestHandler handler) {
        this(config, handler, Transport.best());
    }

    public SocketServer(BrokerConfig config, RequestHandler handler, Transport transport) {
        this.config = config;
        this.handler = handler;
        this.transport = transport;
        this.quotas = new ConnectionQuotas(config.maxConnectionsPerIp(), config.maxConnectionsPerIpOverrides());
        this.slots = new RequestSlots(config.queuedMaxRequests());
    }

    /**
     * Binds every listener and starts serving.
     *
     * @throws IllegalStateException if called twice, or if a listener cannot be bound (everything already
     *     started is shut down again before the exception is thrown)
     */
    public void start() {
        if (!state.compareAndSet(State.NEW, State.STARTED)) {
            throw new IllegalStateException("Socket server was already started");
        }
        int brokerId = config.brokerId();
        if (transport == Transport.NIO && Transport.epollUnavailabilityCause() != null) {
            log.info("Native epoll is not available ({}); using NIO",
                    String.valueOf(Transport.epollUnavailabilityCause()));
        }
        log.info("Starting socket server of broker {} on the {} transport: {} network threads, {} request "
                + "handler threads, listeners {}", brokerId, transport, config.numNetworkThreads(),
                config.numIoThreads(), config.listeners());
        acceptorGroup = transport.newEventLoopGroup(config.listeners().size(),
                threadFactory("sluice-acceptor-b" + brokerId, true));
        networkGroup = transport.newEventLoopGroup(config.numNetworkThreads(),
                threadFactory("sluice-network-b" + brokerId, true));
        // Unbounded queue on purpose: RequestSlots already caps what is queued at queued.max.requests.
        requestPool = new ThreadPoolExecutor(config.numIoThreads(), config.numIoThreads(), 0, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(), threadFactory("sluice-request-handler-b" + brokerId, false));
        requestPool.prestartAllCoreThreads();
        try {
            for (EndPoint endPoint : config.listeners()) {
                bind(endPoint);
            }
        } catch (RuntimeException e) {
            shutdown(Duration.ZERO);
            throw e;
        }
        log.info("Socket server of broker {} listening on {}", brokerId, boundEndPoints());
    }

    private NamedThreadFactory threadFactory(String prefix, boolean nettyThreads) {
        NamedThreadFactory factory = new NamedThreadFactory(prefix, nettyThreads);
        threadFactories.add(factory);
        return factory;
    }

    private void bind(EndPoint endPoint) {
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(acceptorGroup, networkGroup)
                .channel(transport.serverChannelClass())
                .option(ChannelOption.SO_BACKLOG, config.socketListenBacklogSize())
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                // Answer what a half-closed client sent before closing; Connection closes when done.
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        admit(channel, endPoint);
                    }
                });
        if (config.socketSendBufferBytes() != -1) {
            bootstrap.childOption(ChannelOption.SO_SNDBUF, config.socketSendBufferBytes());
        }
        if (config.socketReceiveBufferBytes() != -1) {
            bootstrap.childOption(ChannelOption.SO_RCVBUF, config.socketReceiveBufferBytes());
        }
        InetSocketAddress address = endPoint.bindsAllInterfaces()
                ? new InetSocketAddress(endPoint.port())
                : new InetSocketAddress(endPoint.host(), endPoint.port());
        ChannelFuture bound = bootstrap.bind(address).awaitUninterruptibly();
        if (!bound.isSuccess()) {
            throw new IllegalStateException("Cannot bind listener " + endPoint + ": " + bound.cause(), bound.cause());
        }
        synchronized (serverChannels) {
            serverChannels.put(endPoint.listenerName(), bound.channel());
        }
    }

    /** Runs on the new connection's event loop before it reads anything. */
    private void admit(Channel channel, EndPoint endPoint) {
        if (state.get() != State.STARTED) {
            channel.close();
            return;
        }
        InetSocketAddress remote = (InetSocketAddress) channel.remoteAddress();
        InetSocketAddress local = (InetSocketAddress) channel.localAddress();
        InetAddress clientAddress = remote.getAddress();
        if (!quotas.tryAcquire(clientAddress)) {
            stats.connectionRefused();
            log.info("Refusing connection from {}:{} on listener {}: this address already has {} connections "
                    + "(max.connections.per.ip or its override)", clientAddress.getHostAddress(), remote.getPort(),
                    endPoint.listenerName(), quotas.limit(clientAddress));
            channel.close();
            return;
        }
        channel.closeFuture().addListener(closed -> quotas.release(clientAddress));
        String connectionId = local.getAddress().getHostAddress() + ":" + local.getPort() + "-"
                + clientAddress.getHostAddress() + ":" + remote.getPort() + "-" + nextConnectionIndex.getAndIncrement();
        Connection connection = new Connection(connectionId, endPoint.listenerName(), endPoint.securityProtocol(),
                clientAddress, remote.getPort(), handler, requestPool, slots, stats, config.socketRequestMaxBytes(),
                () -> state.get() == State.STOPPED);
        if (config.connectionsMaxIdleMs() > 0) {
            channel.pipeline().addLast("idle",
                    new IdleStateHandler(0, 0, config.connectionsMaxIdleMs(), TimeUnit.MILLISECONDS));
        }
        channel.pipeline().addLast("connection", connection);
        connections.add(connection);
        channel.closeFuture().addListener(closed -> connections.remove(connection));
    }

    /** The port a listener is bound to; the real port when the configuration said 0. */
    public int boundPort(String listenerName) {
        Channel channel;
        synchronized (serverChannels) {
            channel = serverChannels.get(listenerName);
        }
        if (channel == null) {
            throw new IllegalArgumentException("No bound listener named " + listenerName + " (bound: "
                    + serverChannels.keySet() + ")");
        }
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    /** The configured listeners with their real ports; valid after {@link #start()}. */
    public List<EndPoint> boundEndPoints() {
        List<EndPoint> bound = new ArrayList<>();
        for (EndPoint endPoint : config.listeners()) {
            bound.add(endPoint.withPort(boundPort(endPoint.listenerName())));
        }
        return bound;
    }

    /**
     * The advertised listeners, with port 0 replaced by the bound port of the listener of the same name:
     * what the broker should register in ZooKeeper. Valid after {@link #start()}.
     */
    public List<EndPoint> advertisedEndPoints() {
        List<EndPoint> advertised = new ArrayList<>();
        for (EndPoint endPoint : config.advertisedListeners()) {
            advertised.add(endPoint.port() != 0 ? endPoint
                    : endPoint.withPort(boundPort(endPoint.listenerName())));
        }
        return advertised;
    }

    public Transport transport() {
        return transport;
    }

    public NetworkStats stats() {
        return stats;
    }

    /** Requests currently waiting for or running on the handler pool (bounded by queued.max.requests). */
    int queuedRequests() {
        return slots.inUse();
    }

    /** Connections muted because queued.max.requests is reached. */
    int connectionsWaitingForSlot() {
        return slots.waiting();
    }

    /** Shuts down waiting up to {@link #DEFAULT_DRAIN_TIMEOUT} for requests in flight. */
    public void shutdown() {
        shutdown(DEFAULT_DRAIN_TIMEOUT);
    }

    /**
     * Stops accepting, lets each connection finish the request it has in flight (its response is still
     * written; frames not yet handed over are dropped), closes every connection, then stops the handler
     * pool and the event loops. Connections still busy after {@code drainTimeout} are closed anyway.
     * Idempotent; returns when every thread of this server has stopped.
     */
    public void shutdown(Duration drainTimeout) {
        State previous = state.getAndSet(State.STOPPED);
        if (previous == State.STOPPED) {
            return;
        }
        long deadline = System.nanoTime() + drainTimeout.toNanos();
        List<Channel> listening;
        synchronized (serverChannels) {
            listening = new ArrayList<>(serverChannels.values());
        }
        for (Channel channel : listening) {
            channel.close().awaitUninterruptibly();
        }
        List<Connection> open = new ArrayList<>(connections);
        for (Connection connection : open) {
            try {
                connection.channel().eventLoop().execute(connection::drain);
            } catch (RejectedExecutionException e) {
                connection.channel().close();
            }
        }
        for (Connection connection : open) {
            long remainingMillis = Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
            if (!connection.channel().closeFuture().awaitUninterruptibly(remainingMillis)) {
                log.info("Connection {} still busy after the drain timeout; closing it", connection.connectionId());
                connection.channel().close().awaitUninterruptibly();
            }
        }
        if (requestPool != null) {
            requestPool.shutdown();
            try {
                if (!requestPool.awaitTermination(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline
                        - System.nanoTime())), TimeUnit.MILLISECONDS)) {
                    log.warn("Request handler threads still busy at shutdown; interrupting them");
                    requestPool.shutdownNow();
                    requestPool.awaitTermination(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                requestPool.shutdownNow();
                Thread.currentThread().interrupt();
            }
        }
        if (networkGroup != null) {
            networkGroup.shutdownGracefully(0, 5, TimeUnit.SECONDS).awaitUninterruptibly();
        }
        if (acceptorGroup != null) {
            acceptorGroup.shutdownGracefully(0, 5, TimeUnit.SECONDS).awaitUninterruptibly();
        }
        try {
            for (NamedThreadFactory factory : threadFactories) {
                if (!factory.awaitAllEnded(5, TimeUnit.SECONDS)) {
                    log.warn("Some socket server threads did not end within 5 s of shutdown");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (previous == State.STARTED) {
            log.info("Socket server of broker {} stopped: {}", config.brokerId(), stats);
        }
    }

    @Override
    public void close() {
        shutdown();
    }
}
