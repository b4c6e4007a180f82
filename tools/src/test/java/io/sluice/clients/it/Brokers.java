package io.sluice.clients.it;

import io.sluice.server.cluster.SluiceTestCluster;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;

/**
 * Runs the same client integration test against Sluice and against Apache Kafka 3.9.
 *
 * <h2>How to use</h2>
 * Extend {@link Brokers.PerClass}, write each test as a parameterized test over
 * {@link BrokerUnderTest}, and ask for the broker with {@link PerClass#broker}: each kind is started
 * once per test class, on first use, and stopped after the class.
 * <pre>{@code
 * class MyClientTest extends Brokers.PerClass {
 *
 *     @ParameterizedTest
 *     @EnumSource(BrokerUnderTest.class)
 *     void roundTrip(BrokerUnderTest kind) {
 *         TestBroker broker = broker(kind);
 *         broker.createTopic("t-" + kind, 3);
 *         ... new SluiceProducer<>(Map.of("bootstrap.servers", broker.bootstrapServers(), ...)) ...
 *     }
 * }
 * }</pre>
 * Broker settings for the whole class: override {@link PerClass#brokerConfig()} (e.g.
 * {@code auto.create.topics.enable=false}); they go to both brokers. Use a distinct topic per test
 * since the brokers live for the whole class. Sluice runs in-process ({@link SluiceTestCluster});
 * Apache Kafka runs as two child JVMs (ZooKeeper + broker) via {@code scripts/apache-kafka.sh} on free
 * loopback ports, with its jars fetched once from Maven Central into
 * {@code tools/bench/apache-kafka/target/lib}. {@link TestBroker#restart()} is Sluice-only: run such a test on
 * Sluice alone ({@code @EnumSource(value = BrokerUnderTest.class, names = "SLUICE")}).
 *
 * <p>Direct use without the base class: {@code try (TestBroker b = Brokers.start(kind, config)) {...}}.
 */
public final class Brokers {

    private Brokers() {
    }

    /** Starts one broker of {@code kind} with {@code config} as broker properties. */
    public static TestBroker start(BrokerUnderTest kind, Map<String, String> config) {
        return switch (kind) {
            case SLUICE -> new SluiceBroker(config);
            case APACHE_KAFKA -> new ApacheKafkaBroker(config);
        };
    }

    /** Base class: one broker per kind per test class, started lazily, stopped after all tests. */
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    public abstract static class PerClass {

        private final Map<BrokerUnderTest, TestBroker> brokers = new EnumMap<>(BrokerUnderTest.class);

        /** Broker properties for both kinds; none by default. */
        protected Map<String, String> brokerConfig() {
            return Map.of();
        }

        protected synchronized TestBroker broker(BrokerUnderTest kind) {
            return brokers.computeIfAbsent(kind, k -> start(k, brokerConfig()));
        }

        @AfterAll
        synchronized void stopBrokers() {
            for (TestBroker broker : brokers.values()) {
                broker.close();
            }
            brokers.clear();
        }
    }

    // ------------------------------------------------------------------ implementations

    private abstract static class AdminBacked implements TestBroker {

        @Override
        public void createTopic(String name, int partitions, Map<String, String> configs) {
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1).configs(configs))).all().get(60, TimeUnit.SECONDS);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (true) {
                    try {
                        TopicDescription description = admin.describeTopics(List.of(name)).allTopicNames().get(30, TimeUnit.SECONDS).get(name);
                        if (description.partitions().size() == partitions
                                && description.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty())) {
                            return;
                        }
                    } catch (java.util.concurrent.ExecutionException e) {
                        // not visible yet
                    }
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("Topic " + name + " has no leaders after 60 s on " + kind());
                    }
                    Thread.sleep(50);
                }
            } catch (Exception e) {
                throw new IllegalStateException("Could not create topic " + name + " on " + kind(), e);
            }
        }
    }

    private static final class SluiceBroker extends AdminBacked {
        private final SluiceTestCluster cluster;

        SluiceBroker(Map<String, String> config) {
            this.cluster = SluiceTestCluster.start(1, config);
        }

        @Override
        public BrokerUnderTest kind() {
            return BrokerUnderTest.SLUICE;
        }

        @Override
        public String bootstrapServers() {
            return "127.0.0.1:" + cluster.broker(0).boundPort();
        }

        @Override
        public boolean canRestart() {
            return true;
        }

        @Override
        public void restart() {
            stop();
            start();
        }

        @Override
        public void stop() {
            cluster.stopBroker(0);
        }

        @Override
        public void start() {
            cluster.startBroker(0);
        }

        @Override
        public void close() {
            cluster.close();
        }

        @Override
        public String toString() {
            return "Sluice at " + cluster.bootstrapServers();
        }
    }

    private static final class ApacheKafkaBroker extends AdminBacked {
        private final Path dir;
        private final Path kafkaDir;
        private final int port;
        private final Path script;

        ApacheKafkaBroker(Map<String, String> config) {
            try {
                this.dir = Files.createTempDirectory("apache-kafka-it");
                this.kafkaDir = dir.resolve("kafka"); // the script wipes its --dir on start
                this.port = freePort();
                int zkPort = freePort();
                this.script = findScript();
                List<String> command = new ArrayList<>(List.of("bash", script.toString(), "start",
                        "--port", String.valueOf(port), "--zk-port", String.valueOf(zkPort), "--dir", kafkaDir.toString()));
                config.forEach((k, v) -> {
                    command.add("--config");
                    command.add(k + "=" + v);
                });
                // Small heaps: several JVMs share the machine during tests.
                try {
                    run(command, Map.of("KAFKA_HEAP_OPTS", "-Xmx512m"), 300);
                } catch (RuntimeException e) {
                    // ZooKeeper may be up while Kafka failed: stop what the script started.
                    try {
                        close();
                    } catch (RuntimeException suppressed) {
                        e.addSuppressed(suppressed);
                    }
                    throw e;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static int freePort() throws IOException {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                return socket.getLocalPort();
            }
        }

        private static Path findScript() {
            Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
            while (dir != null) {
                Path candidate = dir.resolve("scripts/apache-kafka.sh");
                if (Files.isRegularFile(candidate)) {
                    return candidate;
                }
                dir = dir.getParent();
            }
            throw new IllegalStateException("scripts/apache-kafka.sh not found above " + System.getProperty("user.dir"));
        }

        private void run(List<String> command, Map<String, String> env, int timeoutSeconds) {
            try {
                ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                        .redirectOutput(dir.resolve("script-" + command.get(2) + ".out").toFile());
                builder.environment().putAll(env);
                Process process = builder.start();
                if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new IllegalStateException("scripts/apache-kafka.sh " + command.get(2) + " did not finish in " + timeoutSeconds + " s");
                }
                if (process.exitValue() != 0) {
                    String out = Files.readString(dir.resolve("script-" + command.get(2) + ".out"));
                    throw new IllegalStateException("scripts/apache-kafka.sh " + command.get(2) + " failed: " + out);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        @Override
        public BrokerUnderTest kind() {
            return BrokerUnderTest.APACHE_KAFKA;
        }

        @Override
        public String bootstrapServers() {
            return "127.0.0.1:" + port;
        }

        @Override
        public boolean canRestart() {
            return false;
        }

        @Override
        public void restart() {
            throw new UnsupportedOperationException("Apache Kafka's start script wipes its data; restart is Sluice-only");
        }

        @Override
        public void stop() {
            throw new UnsupportedOperationException("stop/start is Sluice-only");
        }

        @Override
        public void start() {
            throw new UnsupportedOperationException("stop/start is Sluice-only");
        }

        @Override
        public void close() {
            try {
                run(List.of("bash", script.toString(), "stop", "--dir", kafkaDir.toString()), Map.of(), 120);
            } finally {
                deleteRecursively(dir);
            }
        }

        @Override
        public String toString() {
            return "Apache Kafka 3.9 at " + bootstrapServers();
        }

        private static void deleteRecursively(Path root) {
            try (Stream<Path> paths = Files.walk(root)) {
                paths.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            } catch (IOException ignored) {
                // best effort: a temp folder
            }
        }
    }

    static Properties properties(Map<String, ?> map) {
        Properties properties = new Properties();
        properties.putAll(map);
        return properties;
    }
}
