package io.sluice.tools.common;

import io.sluice.clients.admin.SluiceAdmin;
import io.sluice.clients.common.ClientConfig;
import io.sluice.clients.common.SluiceException;
import io.sluice.clients.common.TimeoutException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Opens the admin client of a tool from {@code --bootstrap-server} and {@code --command-config}, and
 * checks that the cluster answers before the tool does anything, so an unreachable bootstrap address
 * gives one clear line after a bounded wait instead of a long hang:
 * "Could not reach a broker at localhost:9092 within 15 s (Connection refused)".
 */
public final class AdminConnection {

    /** How long a tool waits for the cluster to answer, unless default.api.timeout.ms is configured. */
    public static final int DEFAULT_TIMEOUT_MS = 15_000;

    /** A system property replacing {@link #DEFAULT_TIMEOUT_MS}, so tests of an unreachable cluster wait less. */
    public static final String TIMEOUT_PROPERTY = "sluice.tools.bootstrap.wait.ms";

    private AdminConnection() {
    }

    /** The admin client's config: the command config file, then the bootstrap servers, then the tool's timeout. */
    public static Map<String, Object> config(String bootstrapServers, Path commandConfig) {
        Map<String, Object> config = KeyValues.clientConfig(commandConfig, null, null);
        config.put(ClientConfig.BOOTSTRAP_SERVERS, bootstrapServers);
        config.putIfAbsent(SluiceAdmin.DEFAULT_API_TIMEOUT_MS, defaultTimeoutMs());
        config.putIfAbsent(ClientConfig.CLIENT_ID, "sluice-tools-admin");
        return config;
    }

    /** Opens the client and waits for the cluster to describe itself, showing progress on a terminal. */
    public static SluiceAdmin open(String bootstrapServers, Path commandConfig, PrintStream err) {
        return open(bootstrapServers, config(bootstrapServers, commandConfig), err);
    }

    /** The wait for the cluster to answer: {@link #DEFAULT_TIMEOUT_MS} or the {@link #TIMEOUT_PROPERTY}. */
    static int defaultTimeoutMs() {
        return Integer.getInteger(TIMEOUT_PROPERTY, DEFAULT_TIMEOUT_MS);
    }

    /**
     * Checks that the cluster answers, with the connection settings of a producer or consumer config:
     * the one reachability check of every tool that does not use an admin client itself, run before its
     * producer or consumer is created (which would otherwise block on metadata for max.block.ms).
     */
    public static void check(String bootstrapServers, Map<String, ?> clientConfig, PrintStream err) {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new ToolException("No bootstrap servers given (" + ClientConfig.BOOTSTRAP_SERVERS + ")");
        }
        Map<String, Object> config = new HashMap<>();
        // Only what matters for connecting: not the producer's or consumer's own settings.
        clientConfig.forEach((name, value) -> {
            if (name.startsWith("security.") || name.startsWith("ssl.") || name.startsWith("sasl.")
                    || name.startsWith("socket.") || name.startsWith("reconnect.") || name.equals(SluiceAdmin.DEFAULT_API_TIMEOUT_MS)) {
                config.put(name, value);
            }
        });
        config.put(ClientConfig.BOOTSTRAP_SERVERS, bootstrapServers);
        config.putIfAbsent(SluiceAdmin.DEFAULT_API_TIMEOUT_MS, defaultTimeoutMs());
        config.put(ClientConfig.CLIENT_ID, "sluice-tools-check");
        open(bootstrapServers, config, err).close();
    }

    private static SluiceAdmin open(String bootstrapServers, Map<String, Object> config, PrintStream err) {
        SluiceAdmin admin;
        try {
            admin = SluiceAdmin.create(config);
        } catch (SluiceException e) {
            throw new ToolException("Invalid configuration: " + e.getMessage(), ToolRunner.USAGE_ERROR);
        }
        try (Progress progress = Progress.start(err, "Connecting to " + bootstrapServers)) {
            admin.describeCluster().get();
            return admin;
        } catch (ExecutionException e) {
            admin.close();
            throw unreachable(bootstrapServers, config, e.getCause());
        } catch (InterruptedException e) {
            admin.close();
            Thread.currentThread().interrupt();
            throw new ToolException("Interrupted while connecting to " + bootstrapServers);
        }
    }

    static ToolException unreachable(String bootstrapServers, Map<String, Object> config, Throwable cause) {
        if (cause instanceof TimeoutException) {
            long ms = Long.parseLong(config.get(SluiceAdmin.DEFAULT_API_TIMEOUT_MS).toString());
            Throwable last = cause.getCause();
            return new ToolException("Could not reach a broker at " + bootstrapServers + " within "
                    + TimeUnit.MILLISECONDS.toSeconds(ms) + " s" + (last == null ? "" : " (" + last.getMessage() + ")"));
        }
        return new ToolException("Could not talk to the cluster at " + bootstrapServers + ": " + cause.getMessage());
    }
}
