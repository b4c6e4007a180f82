package io.sluice.zk;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.api.transaction.CuratorOp;
import org.apache.curator.framework.api.transaction.TransactionOp;
import org.apache.curator.framework.state.ConnectionStateListener;
import org.apache.curator.retry.BoundedExponentialBackoffRetry;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sluice's one handle on ZooKeeper: a started Curator client (scoped to the chroot of
 * {@code zookeeper.connect}) plus the handful of byte-level operations the stores need, with
 * ZooKeeper's result codes turned into {@link ZkException} subclasses.
 *
 * <p>Curator retries operations that fail with connection loss (bounded exponential backoff); a
 * session expiry surfaces as a {@code ZkException} to the call in flight and as a
 * {@code LOST}/{@code RECONNECTED} pair to {@link #addConnectionStateListener connection listeners},
 * which is how {@code BrokerRegistration} knows to register again.
 *
 * <p>Thread-safe: Curator and ZooKeeper handles may be shared by all threads.
 */
public final class ZkClient implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ZkClient.class);

    private final ZkClientConfig config;
    private final CuratorFramework curator;

    private ZkClient(ZkClientConfig config, CuratorFramework curator) {
        this.config = config;
        this.curator = curator;
    }

    /**
     * Connects and waits up to {@code zookeeper.connection.timeout.ms} for the first session.
     *
     * @throws ZkException if no session could be established in time
     */
    public static ZkClient connect(ZkClientConfig config) {
        CuratorFrameworkFactory.Builder builder = CuratorFrameworkFactory.builder()
                .connectString(config.hosts())
                .sessionTimeoutMs(config.sessionTimeoutMs())
                .connectionTimeoutMs(config.connectionTimeoutMs())
                .retryPolicy(new BoundedExponentialBackoffRetry(100, 2_000, 20));
        if (!config.chroot().isEmpty()) {
            builder.namespace(config.chroot());
        }
        CuratorFramework curator = builder.build();
        curator.start();
        try {
            if (!curator.blockUntilConnected(config.connectionTimeoutMs(), TimeUnit.MILLISECONDS)) {
                curator.close();
                throw new ZkException("Timed out after " + config.connectionTimeoutMs()
                        + " ms waiting to connect to ZooKeeper at " + config.connectString());
            }
        } catch (InterruptedException e) {
            curator.close();
            Thread.currentThread().interrupt();
            throw new ZkException("Interrupted while connecting to ZooKeeper", e);
        }
        log.info("Connected to ZooKeeper at {} (session timeout {} ms)", config.connectString(),
                config.sessionTimeoutMs());
        return new ZkClient(config, curator);
    }

    public ZkClientConfig config() {
        return config;
    }

    /** The underlying Curator client, for recipes (caches, latches). Paths are chroot-relative. */
    public CuratorFramework curator() {
        return curator;
    }

    /** The current ZooKeeper session id (changes after a session expiry). */
    public long sessionId() {
        try {
            return curator.getZookeeperClient().getZooKeeper().getSessionId();
        } catch (Exception e) {
            throw translate(e, "<session>");
        }
    }

    public void addConnectionStateListener(ConnectionStateListener listener) {
        curator.getConnectionStateListenable().addListener(listener);
    }

    public void removeConnectionStateListener(ConnectionStateListener listener) {
        curator.getConnectionStateListenable().removeListener(listener);
    }

    /** Creates the persistent paths Kafka creates at broker startup; existing ones are left alone. */
    public void ensurePersistentPaths() {
        for (String path : ZkPaths.PERSISTENT_PATHS) {
            createPersistentIfAbsent(path);
        }
    }

    /** Creates a persistent node (and any missing parents) with no data unless it already exists. */
    public void createPersistentIfAbsent(String path) {
        try {
            curator.create().creatingParentsIfNeeded().forPath(path, new byte[0]);
        } catch (KeeperException.NodeExistsException e) {
            // Someone (maybe another broker) was first; that is the expected steady state.
        } catch (Exception e) {
            throw translate(e, path);
        }
    }

    /** @throws ZkException.NodeExists if the node is there already */
    public void create(String path, byte[] data, CreateMode mode) {
        try {
            curator.create().creatingParentsIfNeeded().withMode(mode).forPath(path, data);
        } catch (Exception e) {
            throw translate(e, path);
        }
    }

    /** Creates a sequential node under {@code prefix}'s parent; returns the full path created. */
    public String createSequential(String prefix, byte[] data) {
        try {
            return curator.create().creatingParentsIfNeeded().withMode(CreateMode.PERSISTENT_SEQUENTIAL)
                    .forPath(prefix, data);
        } catch (Exception e) {
            throw translate(e, prefix);
        }
    }

    /** @throws ZkException.NoNode if the node is missing */
    public VersionedData getData(String path) {
        try {
            Stat stat = new Stat();
            byte[] data = curator.getData().storingStatIn(stat).forPath(path);
            return new VersionedData(data, stat.getVersion(), stat.getCtime());
        } catch (Exception e) {
            throw translate(e, path);
        }
    }

    public Optional<VersionedData> getDataIfExists(String path) {
        try {
            return Optional.of(getData(path));
        } catch (ZkException.NoNode e) {
            return Optional.empty();
        }
    }

    /** The node's stat, or empty if it does not exist. */
    public Optional<Stat> stat(String path) {
        try {
            return Optional.ofNullable(curator.checkExists().forPath(path));
        } catch (Exception e) {
            throw translate(e, path);
        }
    }

    public boolean exists(String path) {
        return stat(path).isPresent();
    }

    /** The children's names in ZooKeeper's order, or an empty list if the node does not exist. */
    public List<String> getChildren(String path) {
        try {
            return new ArrayList<>(curator.getChildren().forPath(path));
        } catch (KeeperException.NoNodeException e) {
            return Collections.emptyList();
        } catch (Exception e) {
            throw translate(e, path);
        }
    }

    /**
     * Conditional write.
     *
     * @param expectedZkVersion the version read earlier, or -1 to write whatever the version is
     * @return the node's new zkVersion
     * @throws ZkException.BadVersion if the node changed since {@code expectedZkVersion}
     * @throws ZkException.NoNode     if the node is missing
     */
    public int setData(String path, byte[] data, int expectedZkVersion) {
        try {
            return curator.setData().withVersion(expectedZkVersion).forPath(path, data).getVersion();
        } catch (Exception e) {
            throw translate(e, path);
        }
    }

    /** Deletes one node (no children allowed); -1 for any version. */
    public void delete(String path, int expectedZkVersion) {
        try {
            curator.delete().withVersion(expectedZkVersion).forPath(path);
        } catch (Exception e) {
            throw translate(e, path);
        }
    }

    /** Deletes a node and everything below it; returns false if it was not there. */
    public boolean deleteRecursive(String path) {
        try {
            curator.delete().deletingChildrenIfNeeded().forPath(path);
            return true;
        } catch (KeeperException.NoNodeException e) {
            return false;
        } catch (Exception e) {
            throw translate(e, path);
        }
    }

    /** A factory for the operations of an atomic multi-op; pass them to {@link #commit}. */
    public TransactionOp op() {
        return curator.transactionOp();
    }

    /**
     * Runs the operations as one ZooKeeper multi: all apply or none does.
     *
     * @param what names the change in exception messages (e.g. the topic being created)
     */
    public void commit(List<CuratorOp> ops, String what) {
        try {
            curator.transaction().forOperations(ops);
        } catch (Exception e) {
            throw translate(e, what);
        }
    }

    /** Turns ZooKeeper's result codes into the typed exceptions callers branch on. */
    static ZkException translate(Exception e, String path) {
        if (e instanceof ZkException zk) {
            return zk;
        }
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
            return new ZkException("Interrupted during ZooKeeper operation on " + path, e);
        }
        if (e instanceof KeeperException ke) {
            String where = ke.getPath() != null ? ke.getPath() : path;
            return switch (ke.code()) {
                case NODEEXISTS -> new ZkException.NodeExists(where, e);
                case NONODE -> new ZkException.NoNode(where, e);
                case BADVERSION -> new ZkException.BadVersion(where, e);
                case NOTEMPTY -> new ZkException.NotEmpty(where, e);
                default -> new ZkException("ZooKeeper operation on " + where + " failed: " + ke.code(), e);
            };
        }
        return new ZkException("ZooKeeper operation on " + path + " failed: " + e, e);
    }

    @Override
    public void close() {
        curator.close();
        log.info("Closed ZooKeeper client for {}", config.connectString());
    }
}
