package io.sluice.clients.network;

import io.sluice.clients.common.ClientConfig;

/**
 * The settings of a {@link NetworkClient}, read from Kafka's config names with Kafka's defaults
 * (except {@code max.in.flight.requests.per.connection}, whose default is given by the caller
 * because producer and consumer differ).
 *
 * @param clientId                 sent in every request header
 * @param requestTimeoutMs         {@code request.timeout.ms}: how long a written request may wait for its response
 * @param connectionSetupTimeoutMs {@code socket.connection.setup.timeout.ms}: TCP connect plus ApiVersions
 * @param reconnectBackoffMs       {@code reconnect.backoff.ms}: first wait after a failed or lost connection
 * @param reconnectBackoffMaxMs    {@code reconnect.backoff.max.ms}: the wait doubles per failure up to this
 * @param connectionsMaxIdleMs     {@code connections.max.idle.ms}: idle connections are closed after this
 * @param maxInFlightPerConnection {@code max.in.flight.requests.per.connection}: requests written but unanswered
 * @param sendBufferBytes          {@code send.buffer.bytes} (SO_SNDBUF, -1 = OS default)
 * @param receiveBufferBytes       {@code receive.buffer.bytes} (SO_RCVBUF, -1 = OS default)
 * @param maxResponseBytes         responses larger than this close the connection (a corrupt size prefix)
 */
public record NetworkClientOptions(String clientId, long requestTimeoutMs, long connectionSetupTimeoutMs,
                                   long reconnectBackoffMs, long reconnectBackoffMaxMs, long connectionsMaxIdleMs,
                                   int maxInFlightPerConnection, int sendBufferBytes, int receiveBufferBytes,
                                   int maxResponseBytes) {

    public NetworkClientOptions {
        if (maxInFlightPerConnection < 1) {
            throw new IllegalArgumentException("max.in.flight.requests.per.connection must be >= 1");
        }
    }

    public static NetworkClientOptions from(ClientConfig config, String clientId, int defaultMaxInFlight) {
        return new NetworkClientOptions(
                clientId,
                config.getNonNegativeLong(ClientConfig.REQUEST_TIMEOUT_MS, ClientConfig.DEFAULT_REQUEST_TIMEOUT_MS),
                config.getNonNegativeLong(ClientConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MS, ClientConfig.DEFAULT_SOCKET_CONNECTION_SETUP_TIMEOUT_MS),
                config.getNonNegativeLong(ClientConfig.RECONNECT_BACKOFF_MS, ClientConfig.DEFAULT_RECONNECT_BACKOFF_MS),
                config.getNonNegativeLong(ClientConfig.RECONNECT_BACKOFF_MAX_MS, ClientConfig.DEFAULT_RECONNECT_BACKOFF_MAX_MS),
                config.getNonNegativeLong(ClientConfig.CONNECTIONS_MAX_IDLE_MS, ClientConfig.DEFAULT_CONNECTIONS_MAX_IDLE_MS),
                config.getInt(ClientConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, defaultMaxInFlight),
                config.getInt(ClientConfig.SEND_BUFFER_BYTES, ClientConfig.DEFAULT_SEND_BUFFER_BYTES),
                config.getInt(ClientConfig.RECEIVE_BUFFER_BYTES, ClientConfig.DEFAULT_RECEIVE_BUFFER_BYTES),
                Integer.MAX_VALUE - 64);
    }

    /** Defaults for everything, e.g. for tests and tools. */
    public static NetworkClientOptions defaults(String clientId) {
        return from(new ClientConfig(java.util.Map.of()), clientId, 5);
    }

    public NetworkClientOptions withRequestTimeoutMs(long ms) {
        return new NetworkClientOptions(clientId, ms, connectionSetupTimeoutMs, reconnectBackoffMs, reconnectBackoffMaxMs,
                connectionsMaxIdleMs, maxInFlightPerConnection, sendBufferBytes, receiveBufferBytes, maxResponseBytes);
    }

    public NetworkClientOptions withMaxInFlightPerConnection(int max) {
        return new NetworkClientOptions(clientId, requestTimeoutMs, connectionSetupTimeoutMs, reconnectBackoffMs, reconnectBackoffMaxMs,
                connectionsMaxIdleMs, max, sendBufferBytes, receiveBufferBytes, maxResponseBytes);
    }
}
