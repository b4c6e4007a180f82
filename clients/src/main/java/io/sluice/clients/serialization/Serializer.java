package io.sluice.clients.serialization;

import java.util.Map;

/**
 * Turns a key or value into bytes. Implementations need a public no-argument constructor to be
 * named in {@code key.serializer} / {@code value.serializer}; they are called from the threads that
 * call {@code send}, so they must be thread-safe.
 */
public interface Serializer<T> extends AutoCloseable {

    /** Called once before use with the client's configuration. */
    default void configure(Map<String, ?> configs, boolean isKey) {
    }

    /** The bytes of {@code data}, or null for a null key or value. */
    byte[] serialize(String topic, T data);

    @Override
    default void close() {
    }
}
