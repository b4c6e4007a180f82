package io.sluice.zk;

import java.util.Map;
import java.util.Objects;

/**
 * How to reach ZooKeeper, with Kafka's configuration keys and defaults.
 *
 * <p>{@code zookeeper.connect} may end with a chroot, as in Kafka:
 * {@code zk1:2181,zk2:2181/sluice/prod}. Everything after the first {@code '/'} is the chroot; all
 * Sluice paths then live below it and the chroot node is created on first use.
 *
 * @param hosts               the host:port list without the chroot
 * @param chroot              the chroot path without leading slash (e.g. {@code sluice/prod}), or empty
 * @param sessionTimeoutMs    {@code zookeeper.session.timeout.ms}, default 18000
 * @param connectionTimeoutMs {@code zookeeper.connection.timeout.ms}, default: the session timeout
 */
public record ZkClientConfig(String hosts, String chroot, int sessionTimeoutMs, int connectionTimeoutMs) {

    public static final String ZOOKEEPER_CONNECT = "zookeeper.connect";
    public static final String SESSION_TIMEOUT_MS = "zookeeper.session.timeout.ms";
    public static final String CONNECTION_TIMEOUT_MS = "zookeeper.connection.timeout.ms";
    public static final int DEFAULT_SESSION_TIMEOUT_MS = 18_000;

    public ZkClientConfig {
        Objects.requireNonNull(hosts, "hosts");
        Objects.requireNonNull(chroot, "chroot");
        if (hosts.isBlank()) {
            throw new IllegalArgumentException(ZOOKEEPER_CONNECT + " must name at least one host:port");
        }
        if (chroot.startsWith("/") || chroot.endsWith("/") || chroot.contains("//")) {
            throw new IllegalArgumentException("Invalid chroot path '/" + chroot + "' in " + ZOOKEEPER_CONNECT);
        }
        if (sessionTimeoutMs <= 0 || connectionTimeoutMs <= 0) {
            throw new IllegalArgumentException("ZooKeeper timeouts must be positive");
        }
    }

    /** Parses {@code host:port[,host:port...][/chroot]} with the default timeouts. */
    public static ZkClientConfig of(String connect) {
        return of(connect, DEFAULT_SESSION_TIMEOUT_MS, DEFAULT_SESSION_TIMEOUT_MS);
    }

    public static ZkClientConfig of(String connect, int sessionTimeoutMs, int connectionTimeoutMs) {
        Objects.requireNonNull(connect, ZOOKEEPER_CONNECT);
        String trimmed = connect.trim();
        int slash = trimmed.indexOf('/');
        if (slash < 0) {
            return new ZkClientConfig(trimmed, "", sessionTimeoutMs, connectionTimeoutMs);
        }
        String chroot = trimmed.substring(slash + 1);
        if (chroot.isEmpty()) {
            // "host:2181/" means no chroot, as in ZooKeeper itself.
            return new ZkClientConfig(trimmed.substring(0, slash), "", sessionTimeoutMs, connectionTimeoutMs);
        }
        return new ZkClientConfig(trimmed.substring(0, slash), chroot, sessionTimeoutMs, connectionTimeoutMs);
    }

    /** Reads Kafka's keys from broker properties (values may be strings or numbers). */
    public static ZkClientConfig fromProperties(Map<?, ?> props) {
        Object connect = props.get(ZOOKEEPER_CONNECT);
        if (connect == null) {
            throw new IllegalArgumentException("Missing required configuration '" + ZOOKEEPER_CONNECT + "'");
        }
        int session = intValue(props.get(SESSION_TIMEOUT_MS), DEFAULT_SESSION_TIMEOUT_MS, SESSION_TIMEOUT_MS);
        int connection = intValue(props.get(CONNECTION_TIMEOUT_MS), session, CONNECTION_TIMEOUT_MS);
        return of(connect.toString(), session, connection);
    }

    private static int intValue(Object value, int defaultValue, String key) {
        if (value == null) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(value.toString().trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Invalid value '" + value + "' for configuration " + key, e);
        }
    }

    /** The connect string as the user wrote it. */
    public String connectString() {
        return chroot.isEmpty() ? hosts : hosts + "/" + chroot;
    }
}
