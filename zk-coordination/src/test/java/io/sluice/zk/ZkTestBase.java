package io.sluice.zk;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * One real in-process ZooKeeper per test class; every test gets its own chroot, so tests never see
 * each other's znodes. Clients made with {@link #newClient()} are closed after the test.
 */
public abstract class ZkTestBase {

    /** Short enough that a truly expired session is noticed quickly, long enough for a loaded CI box. */
    protected static final int SESSION_TIMEOUT_MS = 10_000;
    private static final AtomicInteger CHROOTS = new AtomicInteger();

    protected static TestingServer server;
    protected String chroot;
    private final List<AutoCloseable> closeables = new ArrayList<>();

    @BeforeAll
    static void startZooKeeper() throws Exception {
        server = new TestingServer(true);
    }

    @AfterAll
    static void stopZooKeeper() throws Exception {
        server.close();
    }

    @BeforeEach
    void freshChroot() {
        chroot = "sluice-test-" + CHROOTS.incrementAndGet();
    }

    @AfterEach
    void closeAll() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
        closeables.clear();
    }

    protected ZkClientConfig config() {
        return ZkClientConfig.of(server.getConnectString() + "/" + chroot, SESSION_TIMEOUT_MS, SESSION_TIMEOUT_MS);
    }

    /** A connected client in this test's chroot, closed after the test. */
    protected ZkClient newClient() {
        return closeLater(ZkClient.connect(config()));
    }

    protected <T extends AutoCloseable> T closeLater(T closeable) {
        closeables.add(closeable);
        return closeable;
    }

    /**
     * Expires the client's session on the server, the classic way: a second handle attaches to the
     * same session id and password and closes it. The server then deletes the session's ephemeral
     * nodes at once and the first handle gets "session expired" when it talks to the server again.
     */
    protected static void expireSession(ZkClient client) throws Exception {
        ZooKeeper zk = client.curator().getZookeeperClient().getZooKeeper();
        CountDownLatch connected = new CountDownLatch(1);
        ZooKeeper twin = new ZooKeeper(server.getConnectString(), SESSION_TIMEOUT_MS, event -> {
            if (event.getState() == Watcher.Event.KeeperState.SyncConnected) {
                connected.countDown();
            }
        }, zk.getSessionId(), zk.getSessionPasswd());
        if (!connected.await(30, TimeUnit.SECONDS)) {
            throw new AssertionError("twin handle did not connect");
        }
        twin.close();
    }

    /** Polls until the condition holds; fails after a generous bound (a hang guard, not a timing check). */
    protected static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Gave up waiting for: " + what);
            }
            Thread.sleep(20);
        }
    }
}
