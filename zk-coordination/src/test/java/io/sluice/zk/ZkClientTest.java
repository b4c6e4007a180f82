package io.sluice.zk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.apache.zookeeper.CreateMode;
import org.junit.jupiter.api.Test;

class ZkClientTest extends ZkTestBase {

    private static byte[] text(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void chrootFromConnectStringScopesAllPaths() throws Exception {
        ZkClient client = newClient();
        client.ensurePersistentPaths();
        client.create(ZkPaths.CLUSTER_ID, text("x"), CreateMode.PERSISTENT);

        ZkClient root = closeLater(ZkClient.connect(ZkClientConfig.of(server.getConnectString())));
        assertThat(root.exists("/" + chroot + ZkPaths.CLUSTER_ID)).isTrue();
        assertThat(root.exists(ZkPaths.CLUSTER_ID)).isFalse();
        assertThat(root.getChildren("/" + chroot + ZkPaths.BROKERS)).contains("ids", "topics", "seqid");
        // a plain persistent node: a container would be deleted by the server once it became empty
        assertThat(root.stat("/" + chroot).orElseThrow().getEphemeralOwner()).isZero();
    }

    @Test
    void configParsesKafkaKeysAndChroot() {
        ZkClientConfig c = ZkClientConfig.fromProperties(Map.of(
                "zookeeper.connect", "zk1:2181,zk2:2181/sluice/prod",
                "zookeeper.session.timeout.ms", "9000"));
        assertThat(c.hosts()).isEqualTo("zk1:2181,zk2:2181");
        assertThat(c.chroot()).isEqualTo("sluice/prod");
        assertThat(c.sessionTimeoutMs()).isEqualTo(9000);
        assertThat(c.connectionTimeoutMs()).as("defaults to the session timeout").isEqualTo(9000);
        assertThat(ZkClientConfig.of("zk:2181").sessionTimeoutMs()).isEqualTo(18_000);
        assertThat(ZkClientConfig.of("zk:2181/").chroot()).isEmpty();
        assertThatThrownBy(() -> ZkClientConfig.fromProperties(Map.of()))
                .hasMessageContaining("zookeeper.connect");
        assertThatThrownBy(() -> ZkClientConfig.of("zk:2181/a//b")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void typedExceptionsForExistsNoNodeAndBadVersion() {
        ZkClient client = newClient();
        client.create("/a/b", text("1"), CreateMode.PERSISTENT);

        assertThatThrownBy(() -> client.create("/a/b", text("2"), CreateMode.PERSISTENT))
                .isInstanceOf(ZkException.NodeExists.class).hasMessageContaining("/a/b");
        assertThatThrownBy(() -> client.getData("/missing"))
                .isInstanceOf(ZkException.NoNode.class).hasMessageContaining("/missing");
        assertThatThrownBy(() -> client.setData("/missing", text("x"), 0)).isInstanceOf(ZkException.NoNode.class);

        VersionedData v0 = client.getData("/a/b");
        int v1 = client.setData("/a/b", text("3"), v0.zkVersion());
        assertThat(v1).isEqualTo(v0.zkVersion() + 1);
        assertThatThrownBy(() -> client.setData("/a/b", text("4"), v0.zkVersion()))
                .isInstanceOf(ZkException.BadVersion.class);
        assertThat(new String(client.getData("/a/b").data(), StandardCharsets.UTF_8)).isEqualTo("3");
        assertThatThrownBy(() -> client.delete("/a", -1)).isInstanceOf(ZkException.NotEmpty.class);

        assertThat(client.getChildren("/nothing-here")).isEmpty();
        assertThat(client.deleteRecursive("/a")).isTrue();
        assertThat(client.deleteRecursive("/a")).isFalse();
    }

    @Test
    void failedMultiAppliesNothing() {
        ZkClient client = newClient();
        client.create("/x/taken", new byte[0], CreateMode.PERSISTENT);
        assertThatThrownBy(() -> client.commit(List.of(
                client.op().create().forPath("/x/new", new byte[0]),
                client.op().create().forPath("/x/taken", new byte[0])), "test multi"))
                .isInstanceOf(ZkException.NodeExists.class);
        assertThat(client.exists("/x/new")).isFalse();
    }

}
