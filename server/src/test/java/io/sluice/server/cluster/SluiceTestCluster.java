package io.sluice.server.cluster;

import io.sluice.server.SluiceServer;
import io.sluice.server.config.BrokerConfig;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.curator.test.TestingServer;

/**
 * A real cluster for integration tests: an in-process ZooKeeper server and {@code n} brokers on
 * ephemeral loopback ports, each with its own log directory under a temporary folder. Brokers can be
 * stopped and started again on the same data (and port) to test restarts.
 *
 * <pre>{@code
 * try (SluiceTestCluster cluster = SluiceTestCluster.start(1)) {
 *     Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()));
 * }
 * }</pre>
 */
public final class SluiceTestCluster implements AutoCloseable {

    private final TestingServer zookeeper;
    private final Path dataDir;
    private final Map<String, String> overrides;
    private final List<SluiceServer> brokers = new ArrayList<>();
    private final List<Integer> ports = new ArrayList<>();

    private SluiceTestCluster(int brokerCount, Map<String, String> overrides) throws Exception {
        this.dataDir = Files.createTempDirectory("sluice-test-cluster");
        this.zookeeper = new TestingServer(-1, dataDir.resolve("zookeeper").toFile(), true);
        this.overrides = Map.copyOf(overrides);
        for (int id = 0; id < brokerCount; id++) {
            brokers.add(null);
            ports.add(0);
            startBroker(id);
        }
    }

    public static SluiceTestCluster start(int brokerCount) {
        return start(brokerCount, Map.of());
    }

    /** {@code overrides} are broker properties applied to every broker (e.g. num.partitions). */
    public static SluiceTestCluster start(int brokerCount, Map<String, String> overrides) {
        try {
            return new SluiceTestCluster(brokerCount, overrides);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("Could not start the test cluster", e);
        }
    }

    public BrokerConfig brokerConfig(int id) {
        Properties props = new Properties();
        props.setProperty("broker.id", String.valueOf(id));
        props.setProperty("listeners", "PLAINTEXT://127.0.0.1:" + ports.get(id));
        props.setProperty("zookeeper.connect", zookeeper.getConnectString());
        props.setProperty("log.dirs", dataDir.resolve("broker-" + id).toString());
        props.setProperty("num.network.threads", "2");
        props.setProperty("num.io.threads", "4");
        props.setProperty("offsets.topic.replication.factor", "1");
        props.setProperty("group.initial.rebalance.delay.ms", "0");
        props.putAll(overrides);
        return new BrokerConfig(props);
    }

    /** Starts broker {@code id} (again), on the port it had before if it ran already. */
    public SluiceServer startBroker(int id) {
        SluiceServer server = new SluiceServer(brokerConfig(id));
        server.startup();
        brokers.set(id, server);
        ports.set(id, server.boundPort());
        return server;
    }

    /** Clean shutdown of broker {@code id}; its data stays for {@link #startBroker}. */
    public void stopBroker(int id) {
        SluiceServer server = brokers.get(id);
        if (server != null) {
            server.shutdown();
            brokers.set(id, null);
        }
    }

    public SluiceServer broker(int id) {
        return brokers.get(id);
    }

    public int brokerCount() {
        return brokers.size();
    }

    public File logDir(int id) {
        return dataDir.resolve("broker-" + id).toFile();
    }

    public String zookeeperConnect() {
        return zookeeper.getConnectString();
    }

    /** {@code host:port,...} of the running brokers, for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return brokers.stream().filter(b -> b != null && b.isRunning())
                .map(b -> "127.0.0.1:" + b.boundPort())
                .collect(Collectors.joining(","));
    }

    @Override
    public void close() {
        for (int id = 0; id < brokers.size(); id++) {
            stopBroker(id);
        }
        try {
            zookeeper.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deleteRecursively(dataDir);
        }
    }

    private static void deleteRecursively(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // best effort: a temp folder
        }
    }
}
