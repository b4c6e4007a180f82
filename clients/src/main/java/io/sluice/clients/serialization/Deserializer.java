package io.sluice.clients.serialization;

import java.nio.ByteBuffer;
import java.util.Map;

/**
 * Turns bytes back into a key or value. Implementations need a public no-argument constructor to be
 * named in {@code key.deserializer} / {@code value.deserializer}.
 */
public interface Deserializer<T> extends AutoCloseable {

    /** Called once before use with the client's configuration. */
    default void configure(Map<String, ?> configs, boolean isKey) {
    }

    /** The value of {@code data}; null bytes (a null key or value) give null. */
    T deserialize(String topic, byte[] data);

    /**
     * The value of the remaining bytes of {@code data} (a slice of a fetched batch, not to be kept
     * beyond the call unless copied); null gives null. The default copies into an array; deserializers
     * that can read the buffer directly override it.
     */
    default T deserialize(String topic, ByteBuffer data) {
        if (data == null) {
            return deserialize(topic, (byte[]) null);
        }
        byte[] bytes = new byte[data.remaining()];
        data.duplicate().get(bytes);
        return deserialize(topic, bytes);
    }

    @Override
    default void close() {
    }
}
