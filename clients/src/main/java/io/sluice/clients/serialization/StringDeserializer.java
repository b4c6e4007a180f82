package io.sluice.clients.serialization;

import io.sluice.clients.common.SerializationException;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** The inverse of {@link StringSerializer}; configured by {@code key/value.deserializer.encoding} or {@code deserializer.encoding}. */
public class StringDeserializer implements Deserializer<String> {

    private volatile Charset charset = StandardCharsets.UTF_8;

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        charset = charsetFrom(configs, isKey ? "key.deserializer.encoding" : "value.deserializer.encoding", "deserializer.encoding");
    }

    @Override
    public String deserialize(String topic, byte[] data) {
        return data == null ? null : new String(data, charset);
    }

    @Override
    public String deserialize(String topic, ByteBuffer data) {
        if (data == null) {
            return null;
        }
        if (data.hasArray()) {
            return new String(data.array(), data.arrayOffset() + data.position(), data.remaining(), charset);
        }
        return Deserializer.super.deserialize(topic, data);
    }

    static Charset charsetFrom(Map<String, ?> configs, String specific, String general) {
        Object name = configs.get(specific);
        if (name == null) {
            name = configs.get(general);
        }
        if (name == null) {
            return StandardCharsets.UTF_8;
        }
        try {
            return Charset.forName(name.toString());
        } catch (RuntimeException e) {
            throw new SerializationException("Unsupported encoding " + name, e);
        }
    }
}
