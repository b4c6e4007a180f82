package io.sluice.tools;

import io.sluice.server.SluiceServer;
import io.sluice.server.config.BrokerConfig;
import io.sluice.tools.common.ToolVersion;
import io.sluice.zk.ZkClient;
import io.sluice.zk.ZkClientConfig;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import sun.misc.Signal;

/**
 * {@code sluice-quickstart.sh}: a whole local cluster in one JVM, for trying Sluice out. It starts a
 * real ZooKeeper server ({@link EmbeddedZooKeeper}) and {@code --brokers} {@link SluiceServer}s on
 * consecutive ports, prints one ready line with the bootstrap servers, and runs until Ctrl-C or SIGTERM,
 * which stop the brokers (newest first, each writing its clean-shutdown marker) and then ZooKeeper, and
 * exit with status 0.
 *
 * <p>Data lives under {@code --data-dir}: {@code zookeeper/} and {@code broker-<id>/}, so a second run
 * on the same folder finds the topics and records of the first.
 *
 * <p>Threads: the main thread starts and stops everything; the signal handlers only release it.
 */
@Command(name = "sluice-quickstart.sh", mixinStandardHelpOptions = true, sortOptions = false,
        versionProvider = ToolVersion.class,
        description = {
            "Starts a local Sluice cluster in one process: an embedded ZooKeeper server and N brokers on "
                    + "127.0.0.1. Ctrl-C (or SIGTERM) stops the brokers cleanly, then ZooKeeper.",
            "",
            "With more than one broker, topics with replication factor 1 work; replication arrives with the "
                    + "cluster issue.",
            ""})
public final class LocalCluster implements Callable<Integer> {

    private static final Logger log = LoggerFactory.getLogger(LocalCluster.class);

    /** What the ready line starts with; tests and scripts wait for it. */
    public static final String READY_PREFIX = "Sluice is ready: bootstrap.servers=";

    @Option(names = "--brokers", paramLabel = "N", defaultValue = "1",
            description = "Number of brokers, with ids 0..N-1 (default: ${DEFAULT-VALUE}).")
    int brokers;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "9092",
            description = "Port of broker 0; broker i listens on PORT+i. 0 picks free ports (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--zookeeper-port", paramLabel = "PORT", defaultValue = "2181",
            description = "Client port of the embedded ZooKeeper server. 0 picks a free port (default: ${DEFAULT-VALUE}).")
    int zookeeperPort;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Where ZooKeeper and the brokers keep their data; kept between runs "
                    + "(default: data/quickstart in the Sluice directory).")
    Path dataDir;

    @Option(names = "--fresh", description = "Delete the data directory first and start from an empty cluster.")
    boolean fresh;

    @Option(names = "--override", paramLabel = "KEY=VALUE",
            description = "A broker property for every broker, e.g. --override num.partitions=3 (repeatable).")
    Map<String, String> overrides = new LinkedHashMap<>();

    private final PrintStream out;
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final AtomicBoolean stopping = new AtomicBoolean();

    private EmbeddedZooKeeper zookeeper;
    private final List<SluiceServer> servers = new ArrayList<>();

    public LocalCluster() {
        this(System.out);
    }

    LocalCluster(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) {
        int status = new CommandLine(new LocalCluster()).execute(args);
        System.exit(status);
    }

    @Override
    public Integer call() {
        if (brokers < 1) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--brokers must be at least 1");
        }
        Path dir = dataDirectory();
        installSignalHandlers();
        // If the JVM is ended some other way (System.exit elsewhere, SIGHUP), still stop in order.
        Thread hook = new Thread(this::stop, "local-cluster-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            start(dir);
        } catch (RuntimeException e) {
            log.error("The local cluster failed to start: {}", e.getMessage());
            stop();
            System.err.println("Sluice did not start: " + e.getMessage());
            return 1;
        }
        printReady(dir);
        awaitStopRequest();
        stop();
        out.println("Sluice stopped.");
        out.flush();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook runs stop() again, which returns at once
        }
        return 0;
    }

    private Path dataDirectory() {
        Path dir = dataDir;
        if (dir == null) {
            String home = System.getProperty("sluice.home");
            dir = Path.of(home == null ? "." : home, "data", "quickstart");
        }
        dir = dir.toAbsolutePath().normalize();
        if (fresh) {
            DirectoryTrees.deleteRecursively(dir);
        }
        return dir;
    }

    /** Starts ZooKeeper, then the brokers; on failure the caller stops what did start. */
    void start(Path dir) {
        zookeeper = EmbeddedZooKeeper.start(zookeeperPort, dir.resolve("zookeeper"));
        log.info("ZooKeeper is serving on {}", zookeeper.connectString());
        awaitStaleRegistrationsGone();
        for (int id = 0; id < brokers; id++) {
            SluiceServer server = new SluiceServer(brokerConfig(id, dir));
            servers.add(server);
            server.startup();
        }
    }

    private BrokerConfig brokerConfig(int id, Path dir) {
        Properties props = new Properties();
        props.setProperty("broker.id", String.valueOf(id));
        props.setProperty("listeners", "PLAINTEXT://127.0.0.1:" + (port == 0 ? 0 : port + id));
        props.setProperty("zookeeper.connect", zookeeper.connectString());
        props.setProperty("log.dirs", dir.resolve("broker-" + id).toString());
        props.setProperty("num.network.threads", "2");
        props.setProperty("num.io.threads", "4");
        props.setProperty("offsets.topic.replication.factor", "1");
        props.setProperty("group.initial.rebalance.delay.ms", "0");
        props.putAll(overrides);
        return new BrokerConfig(props);
    }

    /**
     * After the previous run was killed (not stopped), ZooKeeper restores that run's sessions from its
     * snapshot and keeps their ephemeral {@code /brokers/ids} nodes until the sessions time out. A broker
     * registering meanwhile would find its id taken, so wait for those nodes to go.
     */
    private void awaitStaleRegistrationsGone() {
        try (ZkClient zk = ZkClient.connect(ZkClientConfig.of(zookeeper.connectString()))) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            boolean told = false;
            for (int id = 0; id < brokers; id++) {
                while (zk.exists("/brokers/ids/" + id) && System.nanoTime() < deadline) {
                    if (!told) {
                        out.println("Waiting for the ZooKeeper sessions of a killed earlier run to expire...");
                        out.flush();
                        told = true;
                    }
                    Thread.sleep(500);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void printReady(Path dir) {
        String bootstrap = bootstrapServers();
        out.println(READY_PREFIX + bootstrap + " (" + brokers + (brokers == 1 ? " broker" : " brokers")
                + ", ZooKeeper " + zookeeper.connectString() + ", data in " + dir + ")");
        out.println();
        String kafkaTool = "  scripts/apache-kafka.sh run ";
        out.println("Try it with Apache Kafka's tools (their jars are fetched from Maven Central once), or kcat:");
        out.println(kafkaTool + "org.apache.kafka.tools.TopicCommand --bootstrap-server " + bootstrap
                + " --create --topic quickstart --partitions 1 --replication-factor 1");
        out.println("  echo hello | scripts/apache-kafka.sh run kafka.tools.ConsoleProducer --bootstrap-server " + bootstrap
                + " --topic quickstart");
        out.println(kafkaTool + "org.apache.kafka.tools.consumer.ConsoleConsumer --bootstrap-server " + bootstrap
                + " --topic quickstart --partition 0 --offset earliest");
        out.println("  kcat -b " + bootstrap + " -t quickstart -C -o beginning -e");
        out.println();
        out.println("Press Ctrl-C to stop.");
        out.flush();
    }

    /** {@code host:port,...} of the running brokers. */
    public String bootstrapServers() {
        return servers.stream().map(s -> "127.0.0.1:" + s.boundPort()).collect(Collectors.joining(","));
    }

    /** Stops the brokers, newest first, then ZooKeeper. Idempotent; the first caller does the work. */
    void stop() {
        if (!stopping.compareAndSet(false, true)) {
            return;
        }
        for (int i = servers.size() - 1; i >= 0; i--) {
            try {
                servers.get(i).shutdown();
            } catch (RuntimeException e) {
                log.warn("Stopping broker {} failed: {}", servers.get(i).brokerId(), e.toString());
            }
        }
        if (zookeeper != null) {
            zookeeper.close();
            log.info("ZooKeeper stopped");
        }
    }

    private void installSignalHandlers() {
        for (String name : new String[] {"INT", "TERM"}) {
            try {
                Signal.handle(new Signal(name), signal -> {
                    if (stopRequested.getCount() == 0) {
                        // A second Ctrl-C while stopping: the user insists.
                        Runtime.getRuntime().halt(130);
                    }
                    System.err.println("Stopping Sluice (SIG" + signal.getName() + ")...");
                    stopRequested.countDown();
                });
            } catch (IllegalArgumentException e) {
                // The signal is not available (or reserved) here; the shutdown hook still stops the cluster.
                log.debug("Cannot handle SIG{}: {}", name, e.getMessage());
            }
        }
    }

    private void awaitStopRequest() {
        try {
            stopRequested.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
