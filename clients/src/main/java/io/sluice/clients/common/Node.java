package io.sluice.clients.common;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * A broker the client can connect to. Brokers known from metadata have their broker id; the
 * bootstrap addresses of {@code bootstrap.servers} get negative ids (-1, -2, ...) as in Kafka, so a
 * connection to a bootstrap address is never mistaken for one to a broker. Immutable.
 */
public record Node(int id, String host, int port, String rack) {

    public Node {
        Objects.requireNonNull(host, "host");
    }

    public Node(int id, String host, int port) {
        this(id, host, port, null);
    }

    /** The node for the {@code index}-th (0-based) bootstrap address: id {@code -(index + 1)}. */
    public static Node bootstrap(int index, InetSocketAddress address) {
        return new Node(-(index + 1), address.getHostString(), address.getPort());
    }

    public boolean isBootstrap() {
        return id < 0;
    }

    public String address() {
        return host + ":" + port;
    }

    @Override
    public String toString() {
        return (isBootstrap() ? "bootstrap " : "node ") + id + " (" + address() + (rack == null ? "" : " rack " + rack) + ")";
    }
}
