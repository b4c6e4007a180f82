package io.sluice.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.protocol.ApiKeys;
import io.sluice.protocol.Frames;
import io.sluice.protocol.Messages;
import io.sluice.protocol.RequestHeader;
import io.sluice.server.SluiceServer;
import io.sluice.zk.ZkPaths;
import java.io.DataInputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.requests.ApiVersionsResponse;
import org.apache.kafka.common.requests.ResponseHeader;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.junit.jupiter.api.Test;

class BrokerStartupTest {

    /** Sends one ApiVersions request of {@code version} and parses the answer with kafka-clients. */
    static ApiVersionsResponseData apiVersions(int port, short version) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            ByteBuffer frame = Frames.request(new RequestHeader(ApiKeys.API_VERSIONS.id(), version, 7, "test"),
                    Messages.request(ApiKeys.API_VERSIONS).newStruct()
                            .set("client_software_name", "sluice-test").set("client_software_version", "1"))
                    .toByteBuffer();
            OutputStream out = socket.getOutputStream();
            out.write(ByteBuffer.allocate(4).putInt(frame.remaining()).array());
            out.write(frame.array(), frame.arrayOffset(), frame.remaining());
            DataInputStream in = new DataInputStream(socket.getInputStream());
            byte[] response = new byte[in.readInt()];
            in.readFully(response);
            ByteBuffer buffer = ByteBuffer.wrap(response);
            // ApiVersions responses always use response header v0.
            ResponseHeader header = ResponseHeader.parse(buffer, (short) 0);
            assertThat(header.correlationId()).isEqualTo(7);
            return ApiVersionsResponse.parse(buffer, version).data();
        }
    }

    @Test
    void aBrokerRegistersInZooKeeperAndAnswersApiVersions() throws Exception {
        try (SluiceTestCluster cluster = SluiceTestCluster.start(1)) {
            SluiceServer broker = cluster.broker(0);
            for (short version = 0; version <= 4; version++) {
                ApiVersionsResponseData data = apiVersions(broker.boundPort(), version);
                assertThat(data.errorCode()).isZero();
                assertThat(data.apiKeys().find(ApiKeys.API_VERSIONS.id()).maxVersion()).isEqualTo((short) 4);
            }
            try (CuratorFramework zk = CuratorFrameworkFactory.newClient(cluster.zookeeperConnect(), new RetryOneTime(100))) {
                zk.start();
                assertThat(zk.getChildren().forPath(ZkPaths.BROKER_IDS)).containsExactly("0");
                String registration = new String(zk.getData().forPath(ZkPaths.brokerId(0)));
                assertThat(registration).contains("PLAINTEXT://127.0.0.1:" + broker.boundPort());
                assertThat(zk.checkExists().forPath(ZkPaths.CLUSTER_ID)).isNotNull();
            }
        }
    }

    @Test
    void aFutureApiVersionsIsAnsweredInTheV0LayoutWithUnsupportedVersion() throws Exception {
        try (SluiceTestCluster cluster = SluiceTestCluster.start(1)) {
            // Version 5 is beyond what we define: the body comes back as v0 with error 35.
            try (Socket socket = new Socket("127.0.0.1", cluster.broker(0).boundPort())) {
                ByteBuffer request = ByteBuffer.allocate(4 + 2 + 2 + 4 + 2 + 4 + 1 + 1 + 1 + 1);
                request.putInt(request.capacity() - 4).putShort((short) 18).putShort((short) 5).putInt(11)
                        .putShort((short) 4).put("test".getBytes()).put((byte) 0) // header tags
                        .put((byte) 1).put((byte) 1).put((byte) 0); // empty compact strings + tags
                socket.getOutputStream().write(request.array());
                DataInputStream in = new DataInputStream(socket.getInputStream());
                byte[] response = new byte[in.readInt()];
                in.readFully(response);
                ByteBuffer buffer = ByteBuffer.wrap(response);
                assertThat(buffer.getInt()).isEqualTo(11);
                ApiVersionsResponseData data = ApiVersionsResponse.parse(buffer, (short) 0).data();
                assertThat(data.errorCode()).isEqualTo((short) 35);
                assertThat(data.apiKeys().find((short) 18).maxVersion()).isEqualTo((short) 4);
            }
        }
    }

    @Test
    void aSecondBrokerWithATakenIdRefusesToStart() {
        try (SluiceTestCluster cluster = SluiceTestCluster.start(1)) {
            java.util.Properties props = new java.util.Properties();
            props.putAll(cluster.brokerConfig(0).originals());
            props.setProperty("listeners", "PLAINTEXT://127.0.0.1:0");
            props.setProperty("log.dirs", cluster.logDir(0) + "-duplicate");
            SluiceServer duplicate = new SluiceServer(new io.sluice.server.config.BrokerConfig(props));
            assertThatThrownBy(duplicate::startup).hasMessageContaining("already registered");
            assertThat(cluster.broker(0).isRunning()).isTrue();
        }
    }
}
