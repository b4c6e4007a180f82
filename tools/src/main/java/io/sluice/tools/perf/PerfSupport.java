package io.sluice.tools.perf;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

/** What the perf tools share: {@code key=value} arguments, properties files, the bootstrap reachability check. */
final class PerfSupport {

    /**
     * How long a tool waits for a bootstrap server to accept a connection before giving up: 15 s, or the
     * system property {@code sluice.perf.bootstrap.wait.ms}.
     */
    static long bootstrapWaitMs() {
        return Long.getLong("sluice.perf.bootstrap.wait.ms", 15_000L);
    }

    /** A bootstrap list none of whose servers accepted a connection in time: the tools exit 1 with its message. */
    static final class BootstrapUnreachableException extends Exception {
        BootstrapUnreachableException(String message) {
            super(message);
        }
    }

    private PerfSupport() {
    }

    /** {@code key=value} strings as properties; a string without '=' or with an empty key is refused. */
    static Properties keyValues(List<String> pairs) {
        Properties props = new Properties();
        if (pairs == null) {
            return props;
        }
        for (String pair : pairs) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("Invalid property '" + pair + "': expected key=value");
            }
            props.setProperty(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
        }
        return props;
    }

    /** The properties file {@code file}, or empty properties for null. */
    static Properties load(Path file) throws IOException {
        Properties props = new Properties();
        if (file != null) {
            try (InputStream in = Files.newInputStream(file)) {
                props.load(in);
            }
        }
        return props;
    }

    /**
     * Waits until one server of {@code bootstrapServers} ({@code host:port,...}) accepts a TCP connection,
     * retrying every 500 ms for at most {@code waitMs}, so an unreachable cluster is a clear error instead of
     * a client that blocks on metadata for its max.block.ms.
     */
    static void awaitReachable(String bootstrapServers, long waitMs) throws BootstrapUnreachableException {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new BootstrapUnreachableException("No bootstrap servers given (bootstrap.servers)");
        }
        long deadline = System.nanoTime() + waitMs * 1_000_000L;
        String lastError = "";
        while (true) {
            for (String server : bootstrapServers.split(",")) {
                String s = server.trim();
                int colon = s.lastIndexOf(':');
                if (colon <= 0) {
                    throw new BootstrapUnreachableException("Invalid bootstrap server '" + s + "': expected host:port");
                }
                try (Socket socket = new Socket()) {
                    socket.connect(new InetSocketAddress(s.substring(0, colon), Integer.parseInt(s.substring(colon + 1))),
                            2_000);
                    return;
                } catch (IOException | IllegalArgumentException e) {
                    lastError = s + ": " + e.getMessage();
                }
            }
            if (System.nanoTime() > deadline) {
                throw new BootstrapUnreachableException("Could not connect to any bootstrap server of " + bootstrapServers
                        + " within " + waitMs + " ms (last error: " + lastError + ")");
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BootstrapUnreachableException("Interrupted while connecting to " + bootstrapServers);
            }
        }
    }

    /** Nanoseconds to milliseconds as a double. */
    static double millis(long nanos) {
        return nanos / 1_000_000.0;
    }
}
