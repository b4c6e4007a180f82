package io.sluice.server.network;

import io.sluice.server.config.SecurityProtocol;
import java.net.InetAddress;

/**
 * Where a request came from: what a handler needs to know about the connection beside the frame itself.
 * One instance per request; immutable.
 *
 * @param connectionId Kafka-style id {@code localAddr:localPort-remoteAddr:remotePort-index}, unique for
 *     the life of the socket server
 * @param listenerName upper-case name of the listener that accepted the connection
 * @param securityProtocol the listener's security protocol
 * @param clientAddress the peer's IP address
 * @param clientPort the peer's TCP port
 * @param receivedNanos {@link System#nanoTime()} when the whole frame had arrived, for request latency
 */
public record RequestContext(String connectionId, String listenerName, SecurityProtocol securityProtocol,
        InetAddress clientAddress, int clientPort, long receivedNanos) {
}
