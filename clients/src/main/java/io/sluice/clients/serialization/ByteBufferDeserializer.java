package io.sluice.clients.serialization;

import java.nio.ByteBuffer;

/** A buffer over the bytes (no copy from an array; a slice of a buffer). */
public class ByteBufferDeserializer implements Deserializer<ByteBuffer> {

    @Override
    public ByteBuffer deserialize(String topic, byte[] data) {
        return data == null ? null : ByteBuffer.wrap(data);
    }

    @Override
    public ByteBuffer deserialize(String topic, ByteBuffer data) {
        return data == null ? null : data.slice();
    }
}
