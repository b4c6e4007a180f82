package io.sluice.server;

import io.sluice.server.api.ApiRegistry;
import io.sluice.server.api.ApiVersionsHandler;
import io.sluice.server.api.RequestDispatcher;
import io.sluice.server.config.BrokerConfig;
import io.sluice.server.config.EndPoint;
import io.sluice.server.log.LogConfig;
import io.sluice.server.log.LogDirFailureChannel;
import io.sluice.server.log.LogManager;
import io.sluice.server.metadata.MetadataCache;
import io.sluice.server.network.SocketServer;
import io.sluice.server.partition.PartitionManager;
import io.sluice.zk.ClusterIdStore;
import io.sluice.zk.ZkClient;
import io.sluice.zk.ZkClientConfig;
import io.sluice.zk.config.ConfigStore;
import io.sluice.zk.json.BrokerInfo;
import io.sluice.zk.json.Endpoint;
import io.sluice.zk.producer.ProducerIdManager;
import io.sluice.zk.registration.BrokerMembership;
import io.sluice.zk.registration.BrokerRegistration;
import io.sluice.zk.topic.TopicStore;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Sluice broker: connects to ZooKeeper, opens (and if need be recovers) its logs, starts serving
 * the Kafka protocol on its listeners, then registers itself under {@code /brokers/ids}.
 *
 * <p>Startup order matters: the socket server binds before registration so that the registered
 * endpoints carry the real ports (port 0 works in tests), and the broker registers only once it can
 * serve. Shutdown runs the same steps backwards: deregister first, so clients stop coming.
 */
public final class SluiceServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SluiceServer.class);

    private enum State { NEW, STARTING, RUNNING, STOPPING, STOPPED }

    private final BrokerConfig config;
    private final AtomicReference<State> state = new AtomicReference<>(State.NEW);
    private final CountDownLatch stopped = new CountDownLatch(1);
    /** What startup opened, closed in reverse order by shutdown. */
    private final Deque<AutoCloseable> opened = new ArrayDeque<>();

    private volatile BrokerServices services;
    private volatile SocketServer socketServer;
    private volatile BrokerRegistration registration;

    public SluiceServer(BrokerConfig config) {
        this.config = config;
    }

    public BrokerConfig config() {
        return config;
    }

    public int brokerId() {
        return config.brokerId();
    }

    /** Starts the broker; on failure everything started so far is stopped again and the cause thrown. */
    public void startup() {
        if (!state.compareAndSet(State.NEW, State.STARTING)) {
            throw new IllegalStateException("Broker " + config.brokerId() + " was already started");
        }
        long started = System.nanoTime();
        try {
            doStartup();
        } catch (RuntimeException | Error e) {
            log.error("Broker {} failed to start: {}", config.brokerId(), e.getMessage());
            shutdown();
            throw e;
        }
        state.set(State.RUNNING);
        log.info("Sluice broker {} started in {} ms, listening on {}", config.brokerId(),
                (System.nanoTime() - started) / 1_000_000, socketServer.advertisedEndPoints());
    }

    private void doStartup() {
        ZkClient zk = ZkClient.connect(ZkClientConfig.fromProperties(config.originals()));
        opened.push(zk);
        zk.ensurePersistentPaths();
        String clusterId = ClusterIdStore.getOrCreate(zk);
        log.info("Broker {} joining cluster {} at {}", config.brokerId(), clusterId, config.zookeeperConnect());

        TopicStore topicStore = new TopicStore(zk);
        ConfigStore configStore = new ConfigStore(zk);

        LogDirFailureChannel failureChannel = new LogDirFailureChannel();
        LogManager logManager = LogManager.fromProperties(config.originals(), Clock.systemUTC(), failureChannel);
        opened.push(logManager);
        logManager.startup(topic -> LogConfig.fromProperties(config.originals(), configStore.topicConfig(topic)));

        BrokerMembership membership = new BrokerMembership(zk);
        opened.push(membership);
        membership.start();
        MetadataCache metadataCache = new MetadataCache(zk, topicStore, membership);
        opened.push(metadataCache);

        ProducerIdManager producerIds = new ProducerIdManager(config.brokerId(), zk);
        // Leads the partitions the metadata assigns to this broker; it must listen before the cache starts.
        PartitionManager partitionManager = new PartitionManager(config.brokerId(), logManager, metadataCache,
                topic -> LogConfig.fromProperties(config.originals(), configStore.topicConfig(topic)));
        metadataCache.addListener(partitionManager);
        opened.push(partitionManager);
        BrokerServices services = new BrokerServices(config, clusterId, zk, topicStore, configStore, metadataCache,
                logManager, producerIds, partitionManager);
        this.services = services;

        ApiRegistry registry = new ApiRegistry();
        registry.register(new ApiVersionsHandler(registry));
        BrokerApis.register(registry, services, opened);

        SocketServer socketServer = new SocketServer(config, new RequestDispatcher(registry));
        opened.push(socketServer);
        socketServer.start();
        this.socketServer = socketServer;
        // Closed before the socket server drains: parked fetches and produces are answered at once, so
        // a consumer long-polling with a large max_wait_ms does not hold the shutdown up.
        opened.push(partitionManager::expireDelayedOperations);

        // Follow the topics only now: partitions this broker leads become ready as their logs open.
        metadataCache.start();

        List<Endpoint> endpoints = new ArrayList<>();
        for (EndPoint endPoint : socketServer.advertisedEndPoints()) {
            endpoints.add(new Endpoint(endPoint.listenerName(), endPoint.host(), endPoint.port(),
                    endPoint.securityProtocol().name()));
        }
        BrokerRegistration registration = new BrokerRegistration(zk,
                BrokerInfo.of(config.brokerId(), endpoints, config.brokerRack().orElse(null), System.currentTimeMillis()),
                System::currentTimeMillis, this::onRegistrationLost);
        registration.register();
        opened.push(registration);
        this.registration = registration;
    }

    private void onRegistrationLost(Exception cause) {
        log.error("Broker {} lost its registration in ZooKeeper and shuts down: {}", config.brokerId(),
                cause.getMessage());
        Thread stopper = new Thread(this::shutdown, "broker-" + config.brokerId() + "-shutdown");
        stopper.setDaemon(false);
        stopper.start();
    }

    /** The port a listener is bound to (the real one when the config asked for port 0). */
    public int boundPort(String listenerName) {
        return socketServer.boundPort(listenerName);
    }

    /** The port of the first listener. */
    public int boundPort() {
        return socketServer.boundEndPoints().get(0).port();
    }

    public List<EndPoint> advertisedEndPoints() {
        return socketServer.advertisedEndPoints();
    }

    public BrokerServices services() {
        return services;
    }

    public boolean isRunning() {
        return state.get() == State.RUNNING;
    }

    /** Stops everything startup opened, newest first. Safe to call more than once and from any thread. */
    public void shutdown() {
        State previous = state.getAndUpdate(s -> s == State.STOPPED ? s : State.STOPPING);
        if (previous == State.STOPPING || previous == State.STOPPED) {
            awaitShutdown();
            return;
        }
        log.info("Broker {} shutting down", config.brokerId());
        synchronized (opened) {
            while (!opened.isEmpty()) {
                AutoCloseable part = opened.pop();
                try {
                    part.close();
                } catch (Exception e) {
                    log.warn("Broker {}: closing {} failed: {}", config.brokerId(), part.getClass().getSimpleName(),
                            e.toString());
                }
            }
        }
        state.set(State.STOPPED);
        stopped.countDown();
        log.info("Broker {} shut down", config.brokerId());
    }

    public void awaitShutdown() {
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        shutdown();
    }
}
