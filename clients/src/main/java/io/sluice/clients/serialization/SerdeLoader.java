package io.sluice.clients.serialization;

import io.sluice.clients.common.ClientConfig;
import io.sluice.clients.common.ConfigException;
import java.util.Map;

/**
 * Creates the (de)serializer a config names, e.g. {@code value.serializer}. A value may be a
 * {@link Serializer}/{@link Deserializer} class of ours, or the name of one of Kafka's built-in
 * classes ({@code org.apache.kafka.common.serialization.StringSerializer} and the other String,
 * ByteArray, ByteBuffer, Integer, Long and Void (de)serializers), which maps to ours with the same
 * encoding, so existing Kafka {@code Properties} work unchanged.
 */
public final class SerdeLoader {

    private static final String KAFKA_PACKAGE = "org.apache.kafka.common.serialization.";
    private static final Map<String, Class<?>> KAFKA_BUILT_INS = Map.ofEntries(
            Map.entry(KAFKA_PACKAGE + "StringSerializer", StringSerializer.class),
            Map.entry(KAFKA_PACKAGE + "StringDeserializer", StringDeserializer.class),
            Map.entry(KAFKA_PACKAGE + "ByteArraySerializer", ByteArraySerializer.class),
            Map.entry(KAFKA_PACKAGE + "ByteArrayDeserializer", ByteArrayDeserializer.class),
            Map.entry(KAFKA_PACKAGE + "ByteBufferSerializer", ByteBufferSerializer.class),
            Map.entry(KAFKA_PACKAGE + "ByteBufferDeserializer", ByteBufferDeserializer.class),
            Map.entry(KAFKA_PACKAGE + "IntegerSerializer", IntegerSerializer.class),
            Map.entry(KAFKA_PACKAGE + "IntegerDeserializer", IntegerDeserializer.class),
            Map.entry(KAFKA_PACKAGE + "LongSerializer", LongSerializer.class),
            Map.entry(KAFKA_PACKAGE + "LongDeserializer", LongDeserializer.class),
            Map.entry(KAFKA_PACKAGE + "VoidSerializer", VoidSerializer.class),
            Map.entry(KAFKA_PACKAGE + "VoidDeserializer", VoidDeserializer.class));

    private SerdeLoader() {
    }

    /** A configured serializer from {@code configName}; {@code given} wins when not null (a constructor argument). */
    @SuppressWarnings("unchecked")
    public static <T> Serializer<T> serializer(ClientConfig config, String configName, boolean isKey, Serializer<T> given) {
        Serializer<T> serializer = given != null ? given : (Serializer<T>) instantiate(config, configName, Serializer.class);
        serializer.configure(config.originals(), isKey);
        return serializer;
    }

    /** A configured deserializer from {@code configName}; {@code given} wins when not null. */
    @SuppressWarnings("unchecked")
    public static <T> Deserializer<T> deserializer(ClientConfig config, String configName, boolean isKey, Deserializer<T> given) {
        Deserializer<T> deserializer = given != null ? given : (Deserializer<T>) instantiate(config, configName, Deserializer.class);
        deserializer.configure(config.originals(), isKey);
        return deserializer;
    }

    private static Object instantiate(ClientConfig config, String configName, Class<?> expected) {
        Object value = config.get(configName);
        if (value == null || value.toString().isBlank()) {
            throw new ConfigException("Missing required configuration \"" + configName + "\" which has no default value.");
        }
        Class<?> type = value instanceof Class<?> c ? c : KAFKA_BUILT_INS.get(value.toString().trim());
        if (type == null) {
            type = config.getClass(configName);
        } else if (value instanceof Class<?> c && KAFKA_BUILT_INS.containsKey(c.getName())) {
            type = KAFKA_BUILT_INS.get(c.getName());
        }
        if (!expected.isAssignableFrom(type)) {
            throw new ConfigException(configName, type.getName(), "is not a " + expected.getName());
        }
        try {
            return type.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new ConfigException(configName, type.getName(), "cannot be instantiated: " + e);
        }
    }
}
