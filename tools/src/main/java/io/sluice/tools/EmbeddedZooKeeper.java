package io.sluice.tools;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.zookeeper.server.embedded.ExitHandler;
import org.apache.zookeeper.server.embedded.ZooKeeperServerEmbedded;

/**
 * A real, single-node ZooKeeper server running inside this JVM (ZooKeeper's own
 * {@link ZooKeeperServerEmbedded}), bound to 127.0.0.1, with its data under a directory that survives
 * restarts. Not thread-safe: one owner starts and closes it.
 */
public final class EmbeddedZooKeeper implements AutoCloseable {

    private static final long STARTUP_TIMEOUT_MS = 30_000;

    private final int port;
    private final ZooKeeperServerEmbedded server;

    private EmbeddedZooKeeper(int port, ZooKeeperServerEmbedded server) {
        this.port = port;
        this.server = server;
    }

    /**
     * Starts ZooKeeper on {@code port} (0: a free port) with its files under {@code baseDir}.
     *
     * @throws IllegalStateException if the port is taken or the server does not come up
     */
    public static EmbeddedZooKeeper start(int port, Path baseDir) {
        int chosen = port == 0 ? freePort() : port;
        if (!isFree(chosen)) {
            throw new IllegalStateException("Port " + chosen + " is in use: is another ZooKeeper running? "
                    + "Stop it or choose another port with --zookeeper-port");
        }
        Properties config = new Properties();
        config.setProperty("clientPort", String.valueOf(chosen));
        config.setProperty("clientPortAddress", "127.0.0.1");
        config.setProperty("tickTime", "2000");
        config.setProperty("initLimit", "10");
        config.setProperty("syncLimit", "5");
        config.setProperty("maxClientCnxns", "0");
        // The admin HTTP server would take port 8080, which a developer machine often uses already.
        config.setProperty("admin.enableServer", "false");
        config.setProperty("4lw.commands.whitelist", "srvr,stat,ruok,mntr");
        try {
            Files.createDirectories(baseDir);
            deleteWrittenConfigs(baseDir);
            ZooKeeperServerEmbedded server = ZooKeeperServerEmbedded.builder()
                    .baseDir(baseDir)
                    .configuration(config)
                    // Never let ZooKeeper call System.exit inside the launcher's JVM.
                    .exitHandler(ExitHandler.LOG_ONLY)
                    .build();
            // build() wrote the configuration to a new file in baseDir and has read it back: drop it,
            // or every run would leave one more behind.
            deleteWrittenConfigs(baseDir);
            server.start(STARTUP_TIMEOUT_MS);
            return new EmbeddedZooKeeper(chosen, server);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the ZooKeeper directory " + baseDir, e);
        } catch (Exception e) {
            throw new IllegalStateException("ZooKeeper did not start on 127.0.0.1:" + chosen + ": " + e.getMessage(), e);
        }
    }

    public int port() {
        return port;
    }

    /** {@code 127.0.0.1:port}, for {@code zookeeper.connect}. */
    public String connectString() {
        return "127.0.0.1:" + port;
    }

    @Override
    public void close() {
        server.close();
    }

    private static void deleteWrittenConfigs(Path baseDir) throws IOException {
        try (DirectoryStream<Path> written = Files.newDirectoryStream(baseDir, "zookeeper.configuration*.properties")) {
            for (Path file : written) {
                Files.deleteIfExists(file);
            }
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free port on the loopback interface", e);
        }
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress("127.0.0.1", port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
