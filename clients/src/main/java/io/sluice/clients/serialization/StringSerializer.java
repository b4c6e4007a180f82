package io.sluice.clients.serialization;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A string as its encoded bytes: UTF-8 unless {@code key.serializer.encoding} /
 * {@code value.serializer.encoding} (or {@code serializer.encoding}) names another charset, as in Kafka.
 */
public class StringSerializer implements Serializer<String> {

    private volatile Charset charset = StandardCharsets.UTF_8;

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        charset = StringDeserializer.charsetFrom(configs, isKey ? "key.serializer.encoding" : "value.serializer.encoding",
                "serializer.encoding");
    }

    @Override
    public byte[] serialize(String topic, String data) {
        return data == null ? null : data.getBytes(charset);
    }
}
