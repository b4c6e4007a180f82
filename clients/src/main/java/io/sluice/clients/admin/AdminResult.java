package io.sluice.clients.admin;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The outcome of an admin call on several keys (topics, groups, partitions, config resources): one
 * future per key, completed with its value or exceptionally with the broker's error for that key
 * (an {@link io.sluice.clients.common.ApiException} carrying the Kafka error code), and {@link #all()}
 * which fails with the first failure. Like Kafka's {@code CreateTopicsResult} and its siblings.
 *
 * <p>Thread-safe: the map is fixed at creation; the futures are completed by the admin's I/O thread.
 */
public final class AdminResult<K, V> {

    private final Map<K, CompletableFuture<V>> futures;

    AdminResult(Map<K, CompletableFuture<V>> futures) {
        this.futures = Collections.unmodifiableMap(new LinkedHashMap<>(futures));
    }

    /** A future per key, in the order the keys were given. */
    public Map<K, CompletableFuture<V>> values() {
        return futures;
    }

    /** The future of one key. */
    public CompletableFuture<V> value(K key) {
        CompletableFuture<V> future = futures.get(key);
        if (future == null) {
            throw new IllegalArgumentException(key + " was not part of this request");
        }
        return future;
    }

    /** Completes with every value once all keys succeed, or exceptionally with the first failure. */
    public CompletableFuture<Map<K, V>> all() {
        return CompletableFuture.allOf(futures.values().toArray(CompletableFuture[]::new)).thenApply(ignored -> {
            Map<K, V> values = new LinkedHashMap<>();
            futures.forEach((key, future) -> values.put(key, future.join()));
            return values;
        });
    }
}
