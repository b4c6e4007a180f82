package io.sluice.zk.config;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.curator.framework.recipes.cache.CuratorCacheListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.sluice.zk.VersionedData;
import io.sluice.zk.ZkClient;
import io.sluice.zk.ZkException;
import io.sluice.zk.ZkPaths;
import io.sluice.zk.json.ConfigChangeNotification;
import io.sluice.zk.json.ZnodeFormatException;

/**
 * Follows {@code /config/changes} and hands each config change to a {@link ConfigChangeListener},
 * the way every Kafka broker applies {@code kafka-configs --alter} without a restart.
 *
 * <p>How: a Curator cache on {@code /config/changes} only says "something arrived"; on each such
 * signal the watcher lists the children, and processes, in sequence order, those with a sequence
 * number above the last one it processed, reading the entity's current config from its config
 * znode. At start every notification still present is processed once, so a change made while the
 * broker was starting is not lost (the listener gets full maps, so repeats are harmless).
 * Notifications older than {@code expirationMs} (Kafka: 15 minutes) are deleted while processing,
 * so the directory does not grow forever; any broker may delete them, each only once it has seen them.
 *
 * <p>Thread-safe. All processing, listener calls included, runs on one private thread.
 */
public final class ConfigChangeWatcher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ConfigChangeWatcher.class);
    public static final long DEFAULT_EXPIRATION_MS = 15 * 60 * 1000L;

    private enum State { LATENT, STARTED, CLOSED }

    private final ZkClient zk;
    private final ConfigStore store;
    private final ConfigChangeListener listener;
    private final long expirationMs;
    private final LongSupplier clock;
    private final CuratorCache cache;
    private final ExecutorService executor;
    private final AtomicReference<State> state = new AtomicReference<>(State.LATENT);
    /** Highest sequence number processed; only the executor thread touches it. */
    private long lastProcessed = -1;

    public ConfigChangeWatcher(ZkClient zk, ConfigChangeListener listener) {
        this(zk, listener, DEFAULT_EXPIRATION_MS, System::currentTimeMillis);
    }

    public ConfigChangeWatcher(ZkClient zk, ConfigChangeListener listener, long expirationMs, LongSupplier clock) {
        this.zk = zk;
        this.store = new ConfigStore(zk);
        this.listener = listener;
        this.expirationMs = expirationMs;
        this.clock = clock;
        this.cache = CuratorCache.build(zk.curator(), ZkPaths.CONFIG_CHANGES, CuratorCache.Options.DO_NOT_CLEAR_ON_CLOSE);
        this.executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "config-change-watcher");
            t.setDaemon(true);
            return t;
        });
        cache.listenable().addListener(CuratorCacheListener.builder()
                .forCreates(node -> schedule())
                .forInitialized(this::schedule)
                .build());
    }

    public void start() {
        if (!state.compareAndSet(State.LATENT, State.STARTED)) {
            throw new IllegalStateException("Config change watcher can be started only once");
        }
        zk.createPersistentIfAbsent(ZkPaths.CONFIG_CHANGES);
        cache.start();
    }

    private void schedule() {
        try {
            executor.execute(this::processNewChanges);
        } catch (RejectedExecutionException e) {
            // closed
        }
    }

    private void processNewChanges() {
        if (state.get() != State.STARTED) {
            return;
        }
        try {
            List<String> children = zk.getChildren(ZkPaths.CONFIG_CHANGES).stream()
                    .filter(c -> c.startsWith(ZkPaths.CONFIG_CHANGE_PREFIX))
                    .sorted().toList(); // ZooKeeper pads sequence numbers to 10 digits: text order is numeric order
            for (String child : children) {
                long seq = Long.parseLong(child.substring(ZkPaths.CONFIG_CHANGE_PREFIX.length()));
                if (seq > lastProcessed) {
                    process(ZkPaths.CONFIG_CHANGES + "/" + child);
                    lastProcessed = seq;
                }
            }
            purgeExpired(children);
        } catch (ZkException e) {
            log.warn("Could not read config change notifications, will retry on the next change: {}", e.toString());
        }
    }

    private void process(String path) {
        VersionedData node = zk.getDataIfExists(path).orElse(null);
        if (node == null) {
            return; // purged by another broker before we got to it
        }
        try {
            ConfigChangeNotification change = ConfigChangeNotification.fromJson(node.data(), path);
            switch (change.entityType()) {
                case ConfigChangeNotification.TOPICS ->
                        listener.onTopicConfigChange(change.entityName(), store.read(change));
                case ConfigChangeNotification.BROKERS ->
                        listener.onBrokerConfigChange(change.entityName(), store.read(change));
                default -> log.debug("Ignoring config change for entity type {}", change.entityType());
            }
        } catch (ZnodeFormatException e) {
            log.error("Ignoring malformed config change notification {}: {}", path, e.getMessage());
        } catch (RuntimeException e) {
            log.error("Config change listener failed on {}", path, e);
        }
    }

    /** Deletes processed notifications older than the expiry (each pass re-checks the older ones). */
    private void purgeExpired(List<String> children) {
        long now = clock.getAsLong();
        for (String child : children) {
            long seq = Long.parseLong(child.substring(ZkPaths.CONFIG_CHANGE_PREFIX.length()));
            if (seq > lastProcessed) {
                break;
            }
            String path = ZkPaths.CONFIG_CHANGES + "/" + child;
            var stat = zk.stat(path).orElse(null);
            if (stat == null) {
                continue; // another broker purged it
            }
            if (now - stat.getCtime() <= expirationMs) {
                // sorted by sequence, hence by creation time: the rest are younger
                break;
            }
            try {
                zk.delete(path, -1);
            } catch (ZkException.NoNode e) {
                // another broker purged it first
            }
        }
    }

    @Override
    public void close() {
        if (state.getAndSet(State.CLOSED) == State.STARTED) {
            cache.close();
        }
        executor.shutdownNow();
    }
}
