package io.sluice.zk.registration;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.curator.framework.recipes.cache.ChildData;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.curator.framework.recipes.cache.CuratorCacheListener;
import org.apache.curator.utils.ZKPaths;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.sluice.zk.ZkClient;
import io.sluice.zk.ZkException;
import io.sluice.zk.ZkPaths;
import io.sluice.zk.json.BrokerInfo;
import io.sluice.zk.json.ZnodeFormatException;

/**
 * A live view of {@code /brokers/ids}: which brokers are registered, with what endpoints and rack,
 * and listeners told when that changes. Built on Curator's {@link CuratorCache}; the controller
 * uses it to notice broker failures, brokers use it for the cluster's endpoints.
 *
 * <p>Lifecycle: {@code LATENT -> STARTED -> CLOSED}. {@link #start()} returns once the initial
 * contents are loaded, so {@link #liveBrokers()} is complete from then on.
 *
 * <p>Thread-safe. The map is written only by the cache's event thread (one writer) and read by
 * anyone; listeners run on that thread after the map is updated.
 */
public final class BrokerMembership implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BrokerMembership.class);

    private enum State { LATENT, STARTED, CLOSED }

    private final ZkClient zk;
    private final CuratorCache cache;
    private final Map<Integer, LiveBroker> brokers = new ConcurrentHashMap<>();
    private final List<BrokerMembershipListener> listeners = new CopyOnWriteArrayList<>();
    private final CountDownLatch initialized = new CountDownLatch(1);
    private final AtomicReference<State> state = new AtomicReference<>(State.LATENT);

    public BrokerMembership(ZkClient zk) {
        this.zk = zk;
        this.cache = CuratorCache.build(zk.curator(), ZkPaths.BROKER_IDS);
        cache.listenable().addListener(CuratorCacheListener.builder()
                .forCreates(this::onCreated)
                .forChanges((before, after) -> onChanged(after))
                .forDeletes(this::onDeleted)
                .forInitialized(initialized::countDown)
                .build());
    }

    /** Adds a listener; add before {@link #start()} to hear about the brokers already there. */
    public void addListener(BrokerMembershipListener listener) {
        listeners.add(listener);
    }

    public void removeListener(BrokerMembershipListener listener) {
        listeners.remove(listener);
    }

    /** Starts watching and waits for the initial load (up to the ZooKeeper connection timeout). */
    public void start() {
        if (!state.compareAndSet(State.LATENT, State.STARTED)) {
            throw new IllegalStateException("Broker membership can be started only once");
        }
        zk.createPersistentIfAbsent(ZkPaths.BROKER_IDS);
        cache.start();
        try {
            if (!initialized.await(zk.config().connectionTimeoutMs(), TimeUnit.MILLISECONDS)) {
                throw new ZkException("Timed out loading " + ZkPaths.BROKER_IDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ZkException("Interrupted while loading " + ZkPaths.BROKER_IDS, e);
        }
    }

    /** A snapshot of the registered brokers, by id. */
    public Map<Integer, LiveBroker> liveBrokers() {
        return Map.copyOf(brokers);
    }

    public Optional<LiveBroker> broker(int brokerId) {
        return Optional.ofNullable(brokers.get(brokerId));
    }

    public boolean isAlive(int brokerId) {
        return brokers.containsKey(brokerId);
    }

    private void onCreated(ChildData node) {
        LiveBroker broker = decode(node);
        if (broker != null) {
            brokers.put(broker.id(), broker);
            log.info("Broker {} joined: {}", broker.id(), broker.info().endpoints());
            listeners.forEach(l -> l.onBrokerJoined(broker));
        }
    }

    private void onChanged(ChildData node) {
        LiveBroker broker = decode(node);
        if (broker != null) {
            brokers.put(broker.id(), broker);
            listeners.forEach(l -> l.onBrokerUpdated(broker));
        }
    }

    private void onDeleted(ChildData node) {
        Integer id = brokerIdOf(node.getPath());
        if (id != null && brokers.remove(id) != null) {
            log.info("Broker {} left", id);
            listeners.forEach(l -> l.onBrokerLeft(id));
        }
    }

    /** Null for the /brokers/ids node itself and for nodes that are not broker registrations. */
    private static LiveBroker decode(ChildData node) {
        Integer id = brokerIdOf(node.getPath());
        if (id == null) {
            return null;
        }
        try {
            return new LiveBroker(BrokerInfo.fromJson(id, node.getData()), node.getStat().getCzxid());
        } catch (ZnodeFormatException | IllegalArgumentException | NullPointerException e) {
            log.error("Ignoring unreadable broker registration at {}: {}", node.getPath(), e.toString());
            return null;
        }
    }

    private static Integer brokerIdOf(String path) {
        if (!ZkPaths.BROKER_IDS.equals(ZKPaths.getPathAndNode(path).getPath())) {
            return null;
        }
        try {
            return Integer.parseInt(ZKPaths.getNodeFromPath(path));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    @Override
    public void close() {
        if (state.getAndSet(State.CLOSED) == State.STARTED) {
            cache.close();
        }
    }
}
