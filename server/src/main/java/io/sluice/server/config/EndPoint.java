package io.sluice.server.config;

/**
 * One listener address, as written in {@code listeners} or {@code advertised.listeners}:
 * {@code NAME://host:port}.
 *
 * <p>An empty {@code host} binds all interfaces (and is never advertised: {@link BrokerConfig} replaces it
 * with the canonical local host name). Port 0 asks the operating system for an ephemeral port; the bound
 * port is known only after the socket server starts, which is where advertised port-0 end points get
 * their real port.
 *
 * @param listenerName upper-case listener name, e.g. {@code PLAINTEXT} or {@code INTERNAL}
 * @param host host name or IP literal (IPv6 without brackets), or empty for all interfaces
 * @param port 0..65535, 0 meaning ephemeral
 * @param securityProtocol the protocol spoken on this listener
 */
public record EndPoint(String listenerName, String host, int port, SecurityProtocol securityProtocol) {

    public EndPoint {
        if (listenerName == null || listenerName.isEmpty()) {
            throw new IllegalArgumentException("Listener name must not be empty");
        }
        if (host == null) {
            host = "";
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("Port out of range: " + port);
        }
        if (securityProtocol == null) {
            throw new IllegalArgumentException("Security protocol must not be null");
        }
    }

    /** True when this end point binds every local interface. */
    public boolean bindsAllInterfaces() {
        return host.isEmpty();
    }

    public EndPoint withHost(String newHost) {
        return new EndPoint(listenerName, newHost, port, securityProtocol);
    }

    public EndPoint withPort(int newPort) {
        return new EndPoint(listenerName, host, newPort, securityProtocol);
    }

    /** The listener string form, {@code NAME://host:port}, with IPv6 literals in brackets. */
    public String connectionString() {
        String printedHost = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        return listenerName + "://" + printedHost + ":" + port;
    }

    @Override
    public String toString() {
        return connectionString();
    }
}
