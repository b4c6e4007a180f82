package io.sluice.server.network;

import java.net.InetAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts open connections per client IP across all listeners and refuses the one beyond
 * {@code max.connections.per.ip} (or the address's entry in {@code max.connections.per.ip.overrides}).
 *
 * <p>Thread-safe: acquired on the accepting event loop, released from whichever loop closes the channel.
 */
final class ConnectionQuotas {

    private final int defaultMax;
    private final Map<InetAddress, Integer> overrides;
    private final ConcurrentHashMap<InetAddress, Integer> counts = new ConcurrentHashMap<>();

    ConnectionQuotas(int defaultMax, Map<InetAddress, Integer> overrides) {
        this.defaultMax = defaultMax;
        this.overrides = Map.copyOf(overrides);
    }

    int limit(InetAddress address) {
        return overrides.getOrDefault(address, defaultMax);
    }

    /** Counts a new connection from {@code address}; false (and nothing counted) if it is over the limit. */
    boolean tryAcquire(InetAddress address) {
        int max = limit(address);
        boolean[] acquired = new boolean[1];
        counts.compute(address, (key, count) -> {
            int current = count == null ? 0 : count;
            if (current >= max) {
                return count;
            }
            acquired[0] = true;
            return current + 1;
        });
        return acquired[0];
    }

    void release(InetAddress address) {
        counts.computeIfPresent(address, (key, count) -> count <= 1 ? null : count - 1);
    }

    int count(InetAddress address) {
        return counts.getOrDefault(address, 0);
    }
}
