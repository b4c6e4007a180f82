package io.sluice.protocol;

import io.sluice.common.Send;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.Message;
import org.apache.kafka.common.protocol.MessageUtil;
import org.apache.kafka.common.protocol.types.TaggedFields;
import org.apache.kafka.common.record.BaseRecords;
import org.apache.kafka.common.record.MemoryRecords;

/**
 * Test-only bridge to the official kafka-clients generated message classes, which serve as the oracle:
 * fills their objects with random values (guided by their per-version schema, so only fields that
 * exist in that version are set), serializes and parses with their code, and converts their objects to
 * our {@link Struct}s field by field (matching names with underscores and case ignored).
 */
final class KafkaOracle {

    private static final String[] ALPHABET = {"a", "b", "z", "0", "-", ".", "_", "é", "日", "\uD83D\uDE00"};

    private KafkaOracle() {
    }

    static Class<?> theirClass(MessageSpec spec) {
        String name = "org.apache.kafka.common.message." + spec.apiKey().displayName()
                + (spec.isRequest() ? "RequestData" : "ResponseData");
        try {
            return Class.forName(name);
        } catch (ClassNotFoundException e) {
            throw new AssertionError("No oracle class " + name, e);
        }
    }

    static org.apache.kafka.common.protocol.types.Schema theirSchema(MessageSpec spec, short version) {
        try {
            Object[] schemas = (Object[]) theirClass(spec).getField("SCHEMAS").get(null);
            return (org.apache.kafka.common.protocol.types.Schema) schemas[version];
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    /** A new object of their class for {@code spec}, with random values in every field of {@code version}. */
    static ApiMessage randomMessage(MessageSpec spec, short version, Random random, boolean sparse) {
        try {
            Object message = theirClass(spec).getConstructor().newInstance();
            fill(message, theirSchema(spec, version), random, sparse);
            return (ApiMessage) message;
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    static ByteBuffer serialize(Message message, short version) {
        return MessageUtil.toByteBuffer(message, version);
    }

    static ApiMessage parse(MessageSpec spec, ByteBuffer buffer, short version) {
        try {
            return (ApiMessage) theirClass(spec).getConstructor(org.apache.kafka.common.protocol.Readable.class, short.class)
                    .newInstance(new ByteBufferAccessor(buffer), version);
        } catch (java.lang.reflect.InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new AssertionError(e);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    static ByteBuffer ourBytes(MessageSpec spec, Struct struct, short version) {
        Send send = new Send();
        spec.write(struct, version, send);
        try {
            return send.toByteBuffer();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---------------------------------------------------------------- random filling

    private static void fill(Object target, org.apache.kafka.common.protocol.types.Schema schema, Random random,
                             boolean sparse) throws ReflectiveOperationException {
        for (org.apache.kafka.common.protocol.types.BoundField bound : schema.fields()) {
            org.apache.kafka.common.protocol.types.Field def = bound.def;
            if (def.type instanceof TaggedFields tagged) {
                for (org.apache.kafka.common.protocol.types.Field field : taggedFields(tagged).values()) {
                    if (random.nextInt(3) != 0) {
                        fillField(target, field, random, sparse);
                    }
                }
            } else if (!sparse || random.nextInt(3) != 0) {
                fillField(target, def, random, sparse);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<Integer, org.apache.kafka.common.protocol.types.Field> taggedFields(TaggedFields tagged)
            throws ReflectiveOperationException {
        java.lang.reflect.Field fields = TaggedFields.class.getDeclaredField("fields");
        fields.setAccessible(true);
        return (Map<Integer, org.apache.kafka.common.protocol.types.Field>) fields.get(tagged);
    }

    private static void fillField(Object target, org.apache.kafka.common.protocol.types.Field field, Random random,
                                  boolean sparse) throws ReflectiveOperationException {
        Method setter = findMethod(target.getClass(), "set" + normalize(field.name), 1);
        Class<?> param = setter.getParameterTypes()[0];
        org.apache.kafka.common.protocol.types.Type type = field.type;
        if (type.isNullable() && !param.isPrimitive() && random.nextInt(5) == 0) {
            setter.invoke(target, new Object[] {null});
            return;
        }
        setter.invoke(target, randomValue(param, setter.getGenericParameterTypes()[0], type, random, sparse));
    }

    private static Object randomValue(Class<?> param, java.lang.reflect.Type generic,
                                      org.apache.kafka.common.protocol.types.Type type, Random random, boolean sparse)
            throws ReflectiveOperationException {
        if (param == byte.class || param == Byte.class) {
            return (byte) smallOrRandom(random, random.nextInt());
        }
        if (param == short.class || param == Short.class) {
            return (short) smallOrRandom(random, random.nextInt());
        }
        if (param == int.class || param == Integer.class) {
            if (type == org.apache.kafka.common.protocol.types.Type.UINT16) {
                return random.nextInt(65536);
            }
            return (int) smallOrRandom(random, random.nextInt());
        }
        if (param == long.class || param == Long.class) {
            if (type == org.apache.kafka.common.protocol.types.Type.UNSIGNED_INT32) {
                return random.nextLong() & 0xffffffffL;
            }
            return smallOrRandom(random, random.nextLong());
        }
        if (param == double.class) {
            return random.nextDouble();
        }
        if (param == boolean.class) {
            return random.nextBoolean();
        }
        if (param == String.class) {
            return randomString(random);
        }
        if (param == byte[].class) {
            return randomBytes(random, 12);
        }
        if (param == ByteBuffer.class) {
            return ByteBuffer.wrap(randomBytes(random, 12));
        }
        if (param == Uuid.class) {
            return random.nextInt(4) == 0 ? Uuid.ZERO_UUID : new Uuid(random.nextLong(), random.nextLong());
        }
        if (BaseRecords.class.isAssignableFrom(param)) {
            // Records are opaque bytes to the protocol layer; sometimes large enough to become a separate Send part.
            int size = random.nextInt(5) == 0 ? MessageWriter.ZERO_COPY_THRESHOLD + random.nextInt(100) : random.nextInt(40);
            return MemoryRecords.readableRecords(ByteBuffer.wrap(randomBytes(random, size, size)));
        }
        org.apache.kafka.common.protocol.types.Type elementType = type.arrayElementType().orElse(null);
        if (elementType != null) {
            Class<?> elementClass = elementClass(param, generic);
            int count = random.nextInt(4);
            Collection<Object> collection = param.isInterface() ? new ArrayList<>() : newCollection(param);
            for (int i = 0; i < count; i++) {
                collection.add(randomValue(elementClass, elementClass, elementType, random, sparse));
            }
            return collection;
        }
        if (type instanceof org.apache.kafka.common.protocol.types.Schema nested) {
            Object struct = param.getConstructor().newInstance();
            fill(struct, nested, random, sparse);
            return struct;
        }
        throw new AssertionError("Cannot fill " + param + " of type " + type);
    }

    @SuppressWarnings("unchecked")
    private static Collection<Object> newCollection(Class<?> param) throws ReflectiveOperationException {
        return (Collection<Object>) param.getConstructor().newInstance();
    }

    private static Class<?> elementClass(Class<?> param, java.lang.reflect.Type generic) {
        java.lang.reflect.Type source = generic;
        if (!(source instanceof ParameterizedType)) {
            source = param.getGenericSuperclass();
        }
        java.lang.reflect.Type argument = ((ParameterizedType) source).getActualTypeArguments()[0];
        return (Class<?>) argument;
    }

    private static long smallOrRandom(Random random, long value) {
        return switch (random.nextInt(4)) {
            case 0 -> -1;
            case 1 -> random.nextInt(3);
            default -> value;
        };
    }

    static String randomString(Random random) {
        StringBuilder out = new StringBuilder();
        int length = random.nextInt(7);
        for (int i = 0; i < length; i++) {
            out.append(ALPHABET[random.nextInt(ALPHABET.length)]);
        }
        return out.toString();
    }

    private static byte[] randomBytes(Random random, int max) {
        return randomBytes(random, 0, max);
    }

    private static byte[] randomBytes(Random random, int min, int max) {
        byte[] bytes = new byte[min + random.nextInt(max - min + 1)];
        random.nextBytes(bytes);
        return bytes;
    }

    // ---------------------------------------------------------------- conversion to our structs

    /** Their object as our struct: every field of our schema, read through their accessor of the same name. */
    static Struct toStruct(Schema schema, Object theirs) {
        Struct struct = schema.newStruct();
        for (Field field : schema.fields()) {
            Method getter = findMethod(theirs.getClass(), normalize(field.name()), 0);
            try {
                struct.set(field.name(), convert(field.type(), getter.invoke(theirs)));
            } catch (ReflectiveOperationException e) {
                throw new AssertionError(e);
            }
        }
        return struct;
    }

    private static Object convert(Type type, Object value) {
        if (value == null) {
            return null;
        }
        if (type instanceof Schema schema) {
            return toStruct(schema, value);
        }
        if (type instanceof ArrayType array) {
            List<Object> list = new ArrayList<>();
            for (Object element : (Collection<?>) value) {
                list.add(convert(array.element(), element));
            }
            return list;
        }
        return switch ((Primitive) type) {
            case UUID -> new java.util.UUID(((Uuid) value).getMostSignificantBits(), ((Uuid) value).getLeastSignificantBits());
            case BYTES -> value instanceof byte[] bytes ? ByteBuffer.wrap(bytes) : ((ByteBuffer) value).duplicate();
            case RECORDS -> ((MemoryRecords) value).buffer();
            default -> value;
        };
    }

    static String normalize(String name) {
        return name.replace("_", "").toLowerCase(Locale.ROOT);
    }

    private static Method findMethod(Class<?> type, String normalizedName, int parameters) {
        for (Method method : type.getMethods()) {
            if (method.getParameterCount() == parameters
                    && method.getName().toLowerCase(Locale.ROOT).equals(normalizedName)
                    && !method.isBridge()) {
                return method;
            }
        }
        throw new AssertionError("No method like " + normalizedName + " on " + type.getName());
    }
}
