package io.sluice.server.compat;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback TCP proxy in front of one broker that understands just enough of the Kafka framing to
 * lose responses on purpose: while {@link #dropNextResponses} is armed, the next response to a
 * request of the given API key is not forwarded and the client's connection is cut, as if the network
 * failed after the broker had done the work. Everything else passes through unchanged.
 */
final class ResponseDroppingProxy implements AutoCloseable {

    private final ServerSocket server;
    private volatile int targetPort;
    private final AtomicInteger toDrop = new AtomicInteger();
    private final AtomicInteger dropped = new AtomicInteger();
    private volatile short dropApiKey = -1;

    ResponseDroppingProxy() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptLoop, "proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    void target(int brokerPort) {
        this.targetPort = brokerPort;
    }

    void dropNextResponses(short apiKey, int count) {
        dropApiKey = apiKey;
        toDrop.set(count);
    }

    int dropped() {
        return dropped.get();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket broker = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                Map<Integer, Short> apiKeyByCorrelation = new ConcurrentHashMap<>();
                start(() -> pumpRequests(client, broker, apiKeyByCorrelation));
                start(() -> pumpResponses(broker, client, apiKeyByCorrelation));
            } catch (IOException e) {
                return;
            }
        }
    }

    private static void start(Runnable pump) {
        Thread thread = new Thread(pump, "proxy-pump");
        thread.setDaemon(true);
        thread.start();
    }

    private static void pumpRequests(Socket from, Socket to, Map<Integer, Short> apiKeys) {
        try (from; to) {
            DataInputStream in = new DataInputStream(from.getInputStream());
            DataOutputStream out = new DataOutputStream(to.getOutputStream());
            while (true) {
                byte[] frame = new byte[in.readInt()];
                in.readFully(frame);
                short apiKey = (short) (((frame[0] & 0xff) << 8) | (frame[1] & 0xff));
                int correlationId = ((frame[4] & 0xff) << 24) | ((frame[5] & 0xff) << 16) | ((frame[6] & 0xff) << 8)
                        | (frame[7] & 0xff);
                apiKeys.put(correlationId, apiKey);
                out.writeInt(frame.length);
                out.write(frame);
                out.flush();
            }
        } catch (IOException e) {
            // either side closed: so does the other (try-with-resources)
        }
    }

    private void pumpResponses(Socket from, Socket to, Map<Integer, Short> apiKeys) {
        try (from; to) {
            DataInputStream in = new DataInputStream(from.getInputStream());
            DataOutputStream out = new DataOutputStream(to.getOutputStream());
            while (true) {
                byte[] frame = new byte[in.readInt()];
                in.readFully(frame);
                int correlationId = ((frame[0] & 0xff) << 24) | ((frame[1] & 0xff) << 16) | ((frame[2] & 0xff) << 8)
                        | (frame[3] & 0xff);
                Short apiKey = apiKeys.remove(correlationId);
                if (apiKey != null && apiKey == dropApiKey && toDrop.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                    dropped.incrementAndGet();
                    return; // closes both sockets: the response is lost with the connection
                }
                out.writeInt(frame.length);
                out.write(frame);
                out.flush();
            }
        } catch (IOException e) {
            // closed
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
