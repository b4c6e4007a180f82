package io.sluice.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class BrokerConfigTest {

    private static BrokerConfig minimal(String... more) {
        String[] all = new String[more.length + 4];
        all[0] = "broker.id";
        all[1] = "7";
        all[2] = "zookeeper.connect";
        all[3] = "zk1:2181,zk2:2181/sluice";
        System.arraycopy(more, 0, all, 4, more.length);
        return BrokerConfig.of(all);
    }

    private static ConfigException rejected(String... keysAndValues) {
        try {
            minimal(keysAndValues);
        } catch (ConfigException e) {
            return e;
        }
        throw new AssertionError("Configuration was accepted: " + String.join(" ", keysAndValues));
    }

    @Test
    void defaultsFollowKafka() throws Exception {
        BrokerConfig config = minimal();
        assertThat(config.brokerId()).isEqualTo(7);
        assertThat(config.brokerRack()).isEmpty();
        assertThat(config.zookeeperConnect()).isEqualTo("zk1:2181,zk2:2181/sluice");
        assertThat(config.listeners()).containsExactly(new EndPoint("PLAINTEXT", "", 9092, SecurityProtocol.PLAINTEXT));
        assertThat(config.advertisedListeners()).containsExactly(new EndPoint("PLAINTEXT",
                InetAddress.getLocalHost().getCanonicalHostName(), 9092, SecurityProtocol.PLAINTEXT));
        assertThat(config.interBrokerListenerName()).isEqualTo("PLAINTEXT");
        assertThat(config.numNetworkThreads()).isEqualTo(3);
        assertThat(config.numIoThreads()).isEqualTo(8);
        assertThat(config.socketRequestMaxBytes()).isEqualTo(104_857_600);
        assertThat(config.socketSendBufferBytes()).isEqualTo(102_400);
        assertThat(config.socketReceiveBufferBytes()).isEqualTo(102_400);
        assertThat(config.socketListenBacklogSize()).isEqualTo(50);
        assertThat(config.maxConnectionsPerIp()).isEqualTo(Integer.MAX_VALUE);
        assertThat(config.maxConnectionsPerIpOverrides()).isEmpty();
        assertThat(config.connectionsMaxIdleMs()).isEqualTo(600_000L);
        assertThat(config.queuedMaxRequests()).isEqualTo(500);
        assertThat(config.requestTimeoutMs()).isEqualTo(30_000);
        assertThat(config.zookeeperSessionTimeoutMs()).isEqualTo(18_000);
        assertThat(config.zookeeperConnectionTimeoutMs()).isEqualTo(18_000);
        assertThat(config.logDirs()).containsExactly(BrokerConfig.DEFAULT_LOG_DIR);
        assertThat(config.messageMaxBytes()).isEqualTo(1_048_588);
        assertThat(config.autoCreateTopicsEnable()).isTrue();
        assertThat(config.numPartitions()).isEqualTo(1);
        assertThat(config.defaultReplicationFactor()).isEqualTo((short) 1);
        assertThat(config.minInsyncReplicas()).isEqualTo(1);
        assertThat(config.deleteTopicEnable()).isTrue();
        assertThat(config.uncleanLeaderElectionEnable()).isFalse();
        assertThat(config.replicaLagTimeMaxMs()).isEqualTo(30_000L);
        assertThat(config.numReplicaFetchers()).isEqualTo(1);
        assertThat(config.controlledShutdownEnable()).isTrue();
        assertThat(config.offsetsTopicNumPartitions()).isEqualTo(50);
        assertThat(config.offsetsTopicReplicationFactor()).isEqualTo((short) 3);
        assertThat(config.offsetsRetentionMinutes()).isEqualTo(10_080);
        assertThat(config.groupInitialRebalanceDelayMs()).isEqualTo(3_000);
        assertThat(config.groupMinSessionTimeoutMs()).isEqualTo(6_000);
        assertThat(config.groupMaxSessionTimeoutMs()).isEqualTo(1_800_000);
    }

    @Test
    void readsEveryTypedKey() {
        BrokerConfig config = minimal("broker.rack", "rack-a", "num.network.threads", "5", "num.io.threads", "16",
                "socket.request.max.bytes", "1024", "socket.send.buffer.bytes", "-1", "socket.receive.buffer.bytes",
                "65536", "max.connections.per.ip", "10", "connections.max.idle.ms", "-1", "queued.max.requests", "7",
                "zookeeper.session.timeout.ms", "6000", "zookeeper.connection.timeout.ms", "3000",
                "log.dirs", "/data/a, /data/b", "auto.create.topics.enable", "FALSE", "num.partitions", "3",
                "default.replication.factor", "2", "min.insync.replicas", "2", "delete.topic.enable", "false",
                "offsets.topic.num.partitions", "4", "offsets.topic.replication.factor", "1");
        assertThat(config.brokerRack()).contains("rack-a");
        assertThat(config.numNetworkThreads()).isEqualTo(5);
        assertThat(config.numIoThreads()).isEqualTo(16);
        assertThat(config.socketRequestMaxBytes()).isEqualTo(1024);
        assertThat(config.socketSendBufferBytes()).isEqualTo(-1);
        assertThat(config.socketReceiveBufferBytes()).isEqualTo(65536);
        assertThat(config.maxConnectionsPerIp()).isEqualTo(10);
        assertThat(config.connectionsMaxIdleMs()).isEqualTo(-1);
        assertThat(config.queuedMaxRequests()).isEqualTo(7);
        assertThat(config.zookeeperSessionTimeoutMs()).isEqualTo(6000);
        assertThat(config.zookeeperConnectionTimeoutMs()).isEqualTo(3000);
        assertThat(config.logDirs()).containsExactly("/data/a", "/data/b");
        assertThat(config.autoCreateTopicsEnable()).isFalse();
        assertThat(config.numPartitions()).isEqualTo(3);
        assertThat(config.defaultReplicationFactor()).isEqualTo((short) 2);
        assertThat(config.minInsyncReplicas()).isEqualTo(2);
        assertThat(config.deleteTopicEnable()).isFalse();
        assertThat(config.offsetsTopicNumPartitions()).isEqualTo(4);
        assertThat(config.offsetsTopicReplicationFactor()).isEqualTo((short) 1);
    }

    @Test
    void logDirIsUsedOnlyWithoutLogDirs() {
        assertThat(minimal("log.dir", "/var/sluice").logDirs()).containsExactly("/var/sluice");
        assertThat(minimal("log.dir", "/var/sluice", "log.dirs", "/d1,/d2").logDirs()).containsExactly("/d1", "/d2");
        assertThat(rejected("log.dirs", "/d1,/d1").key()).isEqualTo("log.dirs");
    }

    @Test
    void parsesListeners() {
        BrokerConfig config = minimal(
                "listeners", "plaintext://127.0.0.1:0, INTERNAL://[::1]:9093,EXTERNAL://:9094",
                "listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,INTERNAL:PLAINTEXT,external:plaintext",
                "advertised.listeners", "PLAINTEXT://127.0.0.1:0,EXTERNAL://broker7.example.com:19094");
        assertThat(config.listeners()).containsExactly(
                new EndPoint("PLAINTEXT", "127.0.0.1", 0, SecurityProtocol.PLAINTEXT),
                new EndPoint("INTERNAL", "::1", 9093, SecurityProtocol.PLAINTEXT),
                new EndPoint("EXTERNAL", "", 9094, SecurityProtocol.PLAINTEXT));
        assertThat(config.listeners().get(2).bindsAllInterfaces()).isTrue();
        assertThat(config.listeners().get(1).connectionString()).isEqualTo("INTERNAL://[::1]:9093");
        assertThat(config.advertisedListeners()).containsExactly(
                new EndPoint("PLAINTEXT", "127.0.0.1", 0, SecurityProtocol.PLAINTEXT),
                new EndPoint("EXTERNAL", "broker7.example.com", 19094, SecurityProtocol.PLAINTEXT));
        assertThat(config.listenerSecurityProtocolMap()).containsEntry("EXTERNAL", SecurityProtocol.PLAINTEXT);
    }

    @Test
    void advertisedListenersDefaultToListeners() {
        BrokerConfig config = minimal("listeners", "PLAINTEXT://127.0.0.1:0");
        assertThat(config.advertisedListeners()).isEqualTo(config.listeners());
    }

    @Test
    void interBrokerListenerMustBeAdvertised() {
        String[] twoListeners = {"listeners", "CLIENT://127.0.0.1:9092,REPLICATION://127.0.0.1:9093",
            "listener.security.protocol.map", "CLIENT:PLAINTEXT,REPLICATION:PLAINTEXT"};
        assertThat(rejected(twoListeners).key()).isEqualTo("inter.broker.listener.name");
        BrokerConfig config = minimal(concat(twoListeners, "inter.broker.listener.name", "replication"));
        assertThat(config.interBrokerListenerName()).isEqualTo("REPLICATION");
        assertThat(rejected(concat(twoListeners, "inter.broker.listener.name", "OTHER")).getMessage())
                .contains("inter.broker.listener.name", "OTHER");
        assertThat(rejected("inter.broker.listener.name", "PLAINTEXT", "security.inter.broker.protocol", "PLAINTEXT")
                .key()).isEqualTo("inter.broker.listener.name");
        assertThat(rejected("security.inter.broker.protocol", "SSL").key()).isEqualTo("security.inter.broker.protocol");
    }

    @Test
    void rejectsMalformedListeners() {
        assertThat(rejected("listeners", "127.0.0.1:9092").getMessage()).contains("listeners", "NAME://host:port");
        assertThat(rejected("listeners", "PLAINTEXT://localhost").getMessage()).contains("port is missing");
        assertThat(rejected("listeners", "PLAINTEXT://localhost:ninety").getMessage()).contains("not a number");
        assertThat(rejected("listeners", "PLAINTEXT://localhost:65536").getMessage()).contains("65535");
        assertThat(rejected("listeners", "PLAINTEXT://::1:9092").getMessage()).contains("brackets");
        assertThat(rejected("listeners", "PLAINTEXT://[::1:9092").key()).isEqualTo("listeners");
        assertThat(rejected("listeners", "PLAIN TEXT://host:1").key()).isEqualTo("listeners");
        assertThat(rejected("listeners", "PLAINTEXT://a:1,PLAINTEXT://b:2").getMessage()).contains("more than once");
        assertThat(rejected("listeners", "PLAINTEXT://a:9092,INTERNAL://b:9092",
                "listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,INTERNAL:PLAINTEXT").getMessage())
                .contains("different port");
        assertThat(rejected("listeners", "CLIENT://a:1").getMessage()).contains("CLIENT", "listener.security.protocol.map");
        assertThat(rejected("listeners", "SSL://a:1").getMessage()).contains("SSL", "not supported");
        assertThat(rejected("listener.security.protocol.map", "PLAINTEXT:TLS").key())
                .isEqualTo("listener.security.protocol.map");
    }

    @Test
    void rejectsBadAdvertisedListeners() {
        assertThat(rejected("advertised.listeners", "OTHER://h:1",
                "listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,OTHER:PLAINTEXT").getMessage())
                .contains("advertised.listeners", "OTHER", "not defined");
        assertThat(rejected("advertised.listeners", "PLAINTEXT://0.0.0.0:9092").getMessage())
                .contains("advertised.listeners", "wildcard");
        assertThat(rejected("listeners", "PLAINTEXT://0.0.0.0:9092").getMessage())
                .contains("advertised.listeners", "wildcard", "listeners are advertised");
        assertThat(minimal("listeners", "PLAINTEXT://0.0.0.0:9092", "advertised.listeners",
                "PLAINTEXT://broker7:9092").listeners().get(0).host()).isEqualTo("0.0.0.0");
    }

    @Test
    void rejectsBadValuesNamingTheKey() {
        Map<String, String> bad = Map.ofEntries(
                Map.entry("num.network.threads", "0"),
                Map.entry("num.io.threads", "many"),
                Map.entry("socket.request.max.bytes", "-5"),
                Map.entry("socket.send.buffer.bytes", "0"),
                Map.entry("socket.receive.buffer.bytes", "-2"),
                Map.entry("max.connections.per.ip", "-1"),
                Map.entry("connections.max.idle.ms", "0"),
                Map.entry("queued.max.requests", "0"),
                Map.entry("zookeeper.session.timeout.ms", "1e4"),
                Map.entry("auto.create.topics.enable", "yes"),
                Map.entry("num.partitions", "0"),
                Map.entry("default.replication.factor", "40000"),
                Map.entry("delete.topic.enable", "ture"),
                Map.entry("offsets.topic.replication.factor", "0"),
                Map.entry("socket.listen.backlog.size", "0"),
                Map.entry("group.max.session.timeout.ms", "1000"));
        bad.forEach((key, value) -> {
            ConfigException e = rejected(key, value);
            assertThat(e.key()).as(key).isEqualTo(key);
            assertThat(e.getMessage()).as(key).contains(key, "'" + value + "'");
        });
    }

    @Test
    void requiredKeysAreNamedWhenMissing() {
        Properties noBrokerId = new Properties();
        noBrokerId.setProperty("zookeeper.connect", "zk:2181");
        assertThatThrownBy(() -> new BrokerConfig(noBrokerId)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("broker.id").hasMessageContaining("required");
        Properties noZooKeeper = new Properties();
        noZooKeeper.setProperty("broker.id", "1");
        noZooKeeper.setProperty("zookeeper.connect", "  ");
        assertThatThrownBy(() -> new BrokerConfig(noZooKeeper)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("zookeeper.connect");
        assertThat(rejected("broker.id", "-1").key()).isEqualTo("broker.id");
    }

    @Test
    void connectionOverridesAreResolved() throws Exception {
        BrokerConfig config = minimal("max.connections.per.ip", "0",
                "max.connections.per.ip.overrides", "127.0.0.2:5, [::2]:6,localhost:7");
        Map<InetAddress, Integer> overrides = config.maxConnectionsPerIpOverrides();
        assertThat(overrides).containsEntry(InetAddress.getByName("127.0.0.2"), 5)
                .containsEntry(InetAddress.getByName("::2"), 6)
                .containsEntry(InetAddress.getByName("localhost"), 7);
        assertThat(rejected("max.connections.per.ip.overrides", "127.0.0.1").key())
                .isEqualTo("max.connections.per.ip.overrides");
        assertThat(rejected("max.connections.per.ip.overrides", "127.0.0.1:x").key())
                .isEqualTo("max.connections.per.ip.overrides");
        assertThat(rejected("max.connections.per.ip.overrides", "127.0.0.1:-3").key())
                .isEqualTo("max.connections.per.ip.overrides");
    }

    @Test
    void originalsKeepUntypedKeysForOtherSubsystems() {
        BrokerConfig config = minimal("log.segment.bytes", "1048576", "log.retention.hours", "1", "custom.key", "x");
        assertThat(config.originals()).containsEntry("log.segment.bytes", "1048576").containsEntry("custom.key", "x")
                .containsEntry("broker.id", "7");
        assertThat(config.originalsWithPrefix("log.")).containsOnlyKeys("log.segment.bytes", "log.retention.hours");
        assertThatThrownBy(() -> config.originals().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void valuesAreTrimmedAndNonStringValuesAccepted() {
        Properties properties = new Properties();
        properties.put("broker.id", 3);
        properties.setProperty("zookeeper.connect", " zk:2181 ");
        properties.setProperty("num.io.threads", " 2 ");
        BrokerConfig config = new BrokerConfig(properties);
        assertThat(config.brokerId()).isEqualTo(3);
        assertThat(config.zookeeperConnect()).isEqualTo("zk:2181");
        assertThat(config.numIoThreads()).isEqualTo(2);
        assertThat(config.originals()).containsEntry("broker.id", "3");
    }

    private static String[] concat(String[] first, String... more) {
        String[] all = new String[first.length + more.length];
        System.arraycopy(first, 0, all, 0, first.length);
        System.arraycopy(more, 0, all, first.length, more.length);
        return all;
    }
}
