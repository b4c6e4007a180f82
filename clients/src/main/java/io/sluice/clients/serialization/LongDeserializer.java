package io.sluice.clients.serialization;

import io.sluice.clients.common.SerializationException;
import java.nio.ByteBuffer;

/** 8 bytes, big-endian; any other length is a {@link SerializationException}. */
public class LongDeserializer implements Deserializer<Long> {

    @Override
    public Long deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        if (data.length != 8) {
            throw new SerializationException("Size of data received by LongDeserializer is not 8");
        }
        long v = 0;
        for (byte b : data) {
            v = v << 8 | (b & 0xff);
        }
        return v;
    }

    @Override
    public Long deserialize(String topic, ByteBuffer data) {
        if (data == null) {
            return null;
        }
        if (data.remaining() != 8) {
            throw new SerializationException("Size of data received by LongDeserializer is not 8");
        }
        return data.getLong(data.position());
    }
}
