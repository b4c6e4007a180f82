package io.sluice.tools;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.zk.ZkClient;
import io.sluice.zk.ZkClientConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code scripts/sluice-quickstart.sh} as a user runs it: a real process with an embedded ZooKeeper and
 * a broker, which serves the Kafka protocol, stops cleanly on SIGTERM with exit status 0, and starts
 * again on the same data.
 */
class QuickstartTest {

    private static final Pattern READY = Pattern.compile(
            Pattern.quote(LocalCluster.READY_PREFIX) + "127\\.0\\.0\\.1:(\\d+) \\(1 broker, ZooKeeper (127\\.0\\.0\\.1:\\d+), data in (.+)\\)");

    @Test
    void quickstartServesStopsCleanlyOnSigtermAndStartsAgainOnItsData() throws Exception {
        Path data = ToolProcess.tempDir("sluice-quickstart-test");
        String clusterId;
        try (ToolProcess cluster = startQuickstart(data)) {
            Matcher ready = awaitReady(cluster, data);
            int port = Integer.parseInt(ready.group(1));
            String zookeeper = ready.group(2);

            assertThat(ApiVersionsProbe.apiVersions("127.0.0.1", port)).containsKey(18);
            try (ZkClient zk = ZkClient.connect(ZkClientConfig.of(zookeeper))) {
                String registration = new String(zk.getData("/brokers/ids/0").data(), StandardCharsets.UTF_8);
                assertThat(registration).contains("127.0.0.1").contains(String.valueOf(port));
                clusterId = new String(zk.getData("/cluster/id").data(), StandardCharsets.UTF_8);
            }

            cluster.terminate();
            assertThat(cluster.waitFor()).as("exit status after SIGTERM; output:%n%s", cluster.output()).isZero();
            assertThat(cluster.output()).contains("Sluice stopped.");
        }
        assertThat(data.resolve("broker-0").resolve(".kafka_cleanshutdown"))
                .as("clean-shutdown marker: the next start skips log recovery").exists();

        try (ToolProcess again = startQuickstart(data)) {
            Matcher ready = awaitReady(again, data);
            try (ZkClient zk = ZkClient.connect(ZkClientConfig.of(ready.group(2)))) {
                assertThat(new String(zk.getData("/cluster/id").data(), StandardCharsets.UTF_8))
                        .as("the same cluster, read back from the kept ZooKeeper data").isEqualTo(clusterId);
                assertThat(zk.exists("/brokers/ids/0")).isTrue();
            }
            again.terminate();
            assertThat(again.waitFor()).as("exit status after SIGTERM; output:%n%s", again.output()).isZero();
        }
    }

    private static ToolProcess startQuickstart(Path data) {
        return ToolProcess.script(Map.of(), "sluice-quickstart.sh",
                "--port", "0", "--zookeeper-port", "0", "--data-dir", data.toString());
    }

    private static Matcher awaitReady(ToolProcess cluster, Path data) throws InterruptedException {
        String line = cluster.awaitLine(LocalCluster.READY_PREFIX);
        Matcher ready = READY.matcher(line);
        assertThat(ready.matches()).as("ready line: %s", line).isTrue();
        assertThat(ready.group(3)).isEqualTo(data.toAbsolutePath().normalize().toString());
        return ready;
    }
}
