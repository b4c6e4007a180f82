package io.sluice.zk.json;

import java.util.Objects;

/**
 * One advertised listener of a broker, written in a registration as
 * {@code "LISTENER_NAME://host:port"} with the listener's security protocol in
 * {@code listener_security_protocol_map}.
 *
 * @param listenerName     e.g. {@code PLAINTEXT}, {@code INTERNAL}
 * @param host             host name or IP clients connect to (may be empty for "all interfaces")
 * @param port             TCP port
 * @param securityProtocol {@code PLAINTEXT}, {@code SSL}, {@code SASL_PLAINTEXT} or {@code SASL_SSL}
 */
public record Endpoint(String listenerName, String host, int port, String securityProtocol) {

    public Endpoint {
        Objects.requireNonNull(listenerName, "listenerName");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(securityProtocol, "securityProtocol");
    }

    /** A PLAINTEXT listener named PLAINTEXT, the common single-listener case. */
    public static Endpoint plaintext(String host, int port) {
        return new Endpoint("PLAINTEXT", host, port, "PLAINTEXT");
    }

    /** {@code LISTENER://host:port}; IPv6 hosts are bracketed. */
    public String connectionString() {
        String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        return listenerName + "://" + h + ":" + port;
    }

    /**
     * Parses {@code LISTENER://host:port} (host may be bracketed IPv6 or empty).
     *
     * @param securityProtocol the protocol from the registration's map (Kafka falls back to the
     *                         listener name when the map lacks it)
     */
    public static Endpoint parse(String connectionString, String securityProtocol) {
        int sep = connectionString.indexOf("://");
        int colon = connectionString.lastIndexOf(':');
        if (sep <= 0 || colon <= sep + 2) {
            throw new ZnodeFormatException("Unable to parse endpoint '" + connectionString + "'");
        }
        String listener = connectionString.substring(0, sep);
        String host = connectionString.substring(sep + 3, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(connectionString.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new ZnodeFormatException("Unable to parse port of endpoint '" + connectionString + "'", e);
        }
        return new Endpoint(listener, host, port, securityProtocol == null ? listener : securityProtocol);
    }
}
