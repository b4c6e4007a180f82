package io.sluice.zk.registration;

import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.framework.state.ConnectionStateListener;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.data.Stat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.sluice.zk.ZkClient;
import io.sluice.zk.ZkException;
import io.sluice.zk.ZkPaths;
import io.sluice.zk.json.BrokerInfo;

/**
 * Keeps this broker's ephemeral {@code /brokers/ids/<broker.id>} alive for as long as the broker runs.
 *
 * <p>Lifecycle: {@code LATENT -> REGISTERED -> CLOSED}, or {@code -> FAILED} when the id is lost to
 * another broker. {@link #register()} creates the node and refuses with {@link BrokerIdInUseException}
 * when another live session owns it. After a session expiry the node vanishes with the old session;
 * when Curator reports {@code RECONNECTED} (a new session) we create it again on our own thread, with
 * a fresh timestamp. {@link #close()} deletes the node if it is still ours.
 *
 * <p>Ownership is judged by the node's {@code ephemeralOwner} against our current session id, never
 * by "the create failed": a create whose reply was lost to a connection blip is retried by Curator
 * and then fails with NodeExists although the node is ours.
 *
 * <p>Thread-safe: public methods synchronise on this object; re-registration runs on a private
 * single thread so that Curator's event thread is never blocked.
 */
public final class BrokerRegistration implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BrokerRegistration.class);
    private static final long RETRY_PAUSE_MS = 200;

    public enum State { LATENT, REGISTERED, FAILED, CLOSED }

    private final ZkClient zk;
    private final BrokerInfo template;
    private final LongSupplier clock;
    private final Consumer<Exception> onFailure;
    private final String path;
    private final AtomicReference<State> state = new AtomicReference<>(State.LATENT);
    private final ExecutorService reregistrar;
    private final ConnectionStateListener connectionListener = this::onConnectionStateChanged;
    private volatile long ownerSession;

    /**
     * @param zk        a connected client
     * @param info      what to register; its timestamp is replaced by {@code clock} at each registration
     * @param onFailure told (on the re-registration thread) when the id was taken by another broker
     *                  while our session was gone; the broker should shut down
     */
    public BrokerRegistration(ZkClient zk, BrokerInfo info, LongSupplier clock, Consumer<Exception> onFailure) {
        this.zk = Objects.requireNonNull(zk, "zk");
        this.template = Objects.requireNonNull(info, "info");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.onFailure = Objects.requireNonNull(onFailure, "onFailure");
        this.path = ZkPaths.brokerId(info.id());
        this.reregistrar = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "broker-registration-" + info.id());
            t.setDaemon(true);
            return t;
        });
    }

    public BrokerRegistration(ZkClient zk, BrokerInfo info) {
        this(zk, info, System::currentTimeMillis,
                e -> log.error("Broker {} lost its registration", info.id(), e));
    }

    /**
     * Creates the ephemeral registration node.
     *
     * @throws BrokerIdInUseException if another live session has registered this broker id
     * @throws IllegalStateException  if called twice
     */
    public synchronized void register() {
        if (!state.compareAndSet(State.LATENT, State.REGISTERED)) {
            throw new IllegalStateException("Broker registration can be started only once (state " + state.get() + ")");
        }
        zk.ensurePersistentPaths();
        try {
            ensureRegistered(false);
        } catch (RuntimeException e) {
            state.set(State.FAILED);
            throw e;
        }
        zk.addConnectionStateListener(connectionListener);
    }

    public int brokerId() {
        return template.id();
    }

    public State state() {
        return state.get();
    }

    /** The session that owned the node when we last (re)created or confirmed it. */
    public long ownerSession() {
        return ownerSession;
    }

    private void onConnectionStateChanged(CuratorFramework client, ConnectionState newState) {
        if (newState == ConnectionState.RECONNECTED && state.get() == State.REGISTERED) {
            reregistrar.execute(this::reregisterAfterReconnect);
        }
    }

    private void reregisterAfterReconnect() {
        try {
            synchronized (this) {
                if (state.get() == State.REGISTERED) {
                    ensureRegistered(true);
                }
            }
        } catch (BrokerIdInUseException e) {
            state.set(State.FAILED);
            onFailure.accept(e);
        } catch (RuntimeException e) {
            // ZooKeeper went away again; the next RECONNECTED will retry.
            log.warn("Could not re-register broker {} yet: {}", template.id(), e.toString());
        }
    }

    /**
     * Makes sure the node exists and belongs to our current session.
     *
     * @param waitForStaleNode after a session expiry the previous session's node may still be there
     *                         for a moment (the server deletes it when it expires the session); wait
     *                         up to one session timeout for it to go before declaring the id taken
     */
    private void ensureRegistered(boolean waitForStaleNode) {
        long previousOwner = ownerSession;
        long deadline = System.nanoTime()
                + TimeUnit.MILLISECONDS.toNanos(waitForStaleNode ? zk.config().sessionTimeoutMs() : 0);
        while (true) {
            long session = zk.sessionId();
            Stat stat = zk.stat(path).orElse(null);
            if (stat == null) {
                try {
                    BrokerInfo info = new BrokerInfo(template.id(), template.endpoints(), template.rack(),
                            template.jmxPort(), clock.getAsLong(), template.features());
                    zk.create(path, info.toJson(), CreateMode.EPHEMERAL);
                    ownerSession = session;
                    log.info("Registered broker {} at {} with endpoints {} (session 0x{})", template.id(), path,
                            template.endpoints(), Long.toHexString(session));
                    return;
                } catch (ZkException.NodeExists e) {
                    continue; // someone created it between stat and create: look at whose it is
                }
            }
            if (stat.getEphemeralOwner() == session) {
                ownerSession = session;
                return;
            }
            boolean stale = waitForStaleNode && stat.getEphemeralOwner() == previousOwner;
            if (!stale || System.nanoTime() > deadline) {
                throw new BrokerIdInUseException("Broker id " + template.id() + " is already registered at " + path
                        + " by another live ZooKeeper session 0x" + Long.toHexString(stat.getEphemeralOwner())
                        + " (ours is 0x" + Long.toHexString(session) + "). Is another broker running with broker.id="
                        + template.id() + "? Give each broker a unique broker.id.");
            }
            pause();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(RETRY_PAUSE_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ZkException("Interrupted while waiting for a stale broker registration to expire", e);
        }
    }

    /** Deletes the registration if it is still ours, and stops watching the connection. */
    @Override
    public synchronized void close() {
        State previous = state.getAndSet(State.CLOSED);
        if (previous == State.CLOSED) {
            return;
        }
        zk.removeConnectionStateListener(connectionListener);
        reregistrar.shutdownNow();
        if (previous == State.REGISTERED) {
            try {
                Stat stat = zk.stat(path).orElse(null);
                if (stat != null && stat.getEphemeralOwner() == zk.sessionId()) {
                    zk.delete(path, stat.getVersion());
                    log.info("Deregistered broker {}", template.id());
                }
            } catch (ZkException e) {
                // The session ends with the client anyway, and the ephemeral node with it.
                log.warn("Could not delete {} on shutdown: {}", path, e.toString());
            }
        }
    }
}
