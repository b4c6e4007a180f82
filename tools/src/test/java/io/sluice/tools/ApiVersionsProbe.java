package io.sluice.tools;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Map;
import java.util.TreeMap;

/**
 * Sends one ApiVersions v0 request over a plain socket and returns the advertised version ranges, by
 * API key: the smallest exchange that proves a broker is serving the Kafka protocol.
 *
 * <pre>
 * request:  int32 size | int16 api_key=18 | int16 api_version=0 | int32 correlation_id | int16 client_id length, bytes
 * response: int32 size | int32 correlation_id | int16 error_code | int32 count | count x (int16 key, int16 min, int16 max)
 * </pre>
 */
final class ApiVersionsProbe {

    private ApiVersionsProbe() {
    }

    /** API key -> {min, max}. */
    static Map<Integer, short[]> apiVersions(String host, int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 10_000);
            socket.setSoTimeout(10_000);
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            byte[] clientId = "probe".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            out.writeInt(2 + 2 + 4 + 2 + clientId.length);
            out.writeShort(18);
            out.writeShort(0);
            out.writeInt(42);
            out.writeShort(clientId.length);
            out.write(clientId);
            out.flush();

            DataInputStream in = new DataInputStream(socket.getInputStream());
            in.readInt();
            int correlationId = in.readInt();
            if (correlationId != 42) {
                throw new IOException("Correlation id " + correlationId + " instead of 42");
            }
            short error = in.readShort();
            if (error != 0) {
                throw new IOException("ApiVersions failed with error code " + error);
            }
            int count = in.readInt();
            Map<Integer, short[]> versions = new TreeMap<>();
            for (int i = 0; i < count; i++) {
                int key = in.readShort();
                versions.put(key, new short[] {in.readShort(), in.readShort()});
            }
            return versions;
        }
    }
}
