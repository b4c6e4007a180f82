package io.sluice.tools;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.zk.ZkClient;
import io.sluice.zk.ZkClientConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The scripts a cluster is run with by hand, as real background processes: ZooKeeper from
 * {@code zookeeper-server-start.sh -daemon}, a broker from {@code sluice-server-start.sh -daemon
 * conf/server-1.properties} with overrides for a free port and private directories, then both stopped
 * with their stop scripts.
 */
class ServerScriptsTest {

    @Test
    void daemonScriptsStartZooKeeperAndABrokerThatRegistersAndStopsCleanly() throws Exception {
        Path work = ToolProcess.tempDir("sluice-scripts-test");
        Path logs = work.resolve("logs");
        Path brokerData = work.resolve("broker-1");
        int zkPort = ToolProcess.freePort();
        Path zkConfig = work.resolve("zookeeper-test.properties");
        Files.writeString(zkConfig, String.join("\n",
                "dataDir=" + work.resolve("zookeeper"),
                "clientPort=" + zkPort,
                "clientPortAddress=127.0.0.1",
                "admin.enableServer=false",
                "tickTime=2000", ""));
        Map<String, String> env = Map.of("SLUICE_LOG_DIR", logs.toString());
        String zookeeper = "127.0.0.1:" + zkPort;

        String zkStarted = ToolProcess.runScript(env, "zookeeper-server-start.sh", "-daemon", zkConfig.toString());
        assertThat(zkStarted).contains("ZooKeeper zookeeper-test started");
        try {
            ToolProcess.runScript(env, "sluice-server-start.sh", "-daemon",
                    ToolProcess.HOME.resolve("conf/server-1.properties").toString(),
                    "--override", "listeners=PLAINTEXT://127.0.0.1:0",
                    "--override", "zookeeper.connect=" + zookeeper,
                    "--override", "log.dirs=" + brokerData);
            assertThat(logs.resolve("server-1.pid")).exists();

            try (ZkClient zk = ZkClient.connect(ZkClientConfig.of(zookeeper))) {
                String registration = awaitNode(zk, "/brokers/ids/1", logs.resolve("server-1.out"));
                assertThat(registration).contains("PLAINTEXT").contains("127.0.0.1");

                String stopped = ToolProcess.runScript(env, "sluice-server-stop.sh", "conf/server-1.properties");
                assertThat(stopped).contains("Stopped server-1");
                assertThat(zk.exists("/brokers/ids/1")).as("deregistered on SIGTERM").isFalse();
            }
            assertThat(brokerData.resolve(".kafka_cleanshutdown")).exists();
            assertThat(logs.resolve("server-1.pid")).doesNotExist();
            assertThat(Files.readString(logs.resolve("server-1.out"))).contains("Broker 1 shut down");
        } finally {
            ToolProcess.runScript(env, "sluice-server-stop.sh");
            String zkStopped = ToolProcess.runScript(env, "zookeeper-server-stop.sh", zkConfig.toString());
            assertThat(zkStopped).contains("Stopped zookeeper-test");
        }
    }

    /** Waits for the broker to register (it starts in the background), failing with its log if it never does. */
    private static String awaitNode(ZkClient zk, String path, Path brokerLog) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            var node = zk.getDataIfExists(path);
            if (node.isPresent()) {
                return new String(node.get().data(), StandardCharsets.UTF_8);
            }
            Thread.sleep(200);
        }
        throw new AssertionError(path + " never appeared; broker log:\n"
                + (Files.exists(brokerLog) ? Files.readString(brokerLog) : "(none)"));
    }
}
