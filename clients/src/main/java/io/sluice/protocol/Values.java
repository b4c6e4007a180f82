package io.sluice.protocol;

import io.sluice.record.FileSlice;
import java.nio.ByteBuffer;
import java.util.List;

/** Checks and converts field values to the Java class their type uses (see {@link Primitive}). */
final class Values {

    private Values() {
    }

    static Object zero(Primitive type) {
        return switch (type) {
            case INT8 -> (byte) 0;
            case INT16 -> (short) 0;
            case INT32, UINT16 -> 0;
            case INT64, UINT32 -> 0L;
            case FLOAT64 -> 0.0d;
            case BOOL -> false;
            case UUID -> new java.util.UUID(0L, 0L);
            case STRING -> "";
            case BYTES, RECORDS -> null;
        };
    }

    /**
     * Returns {@code value} as the value class of the field's type, converting between numeric boxes
     * when the number fits; throws IllegalArgumentException otherwise. Null passes (nullability is
     * a per-version question, checked when writing).
     */
    static Object coerce(Field field, Object value) {
        if (value == null) {
            return null;
        }
        Type type = field.type();
        if (type instanceof ArrayType) {
            if (value instanceof List<?>) {
                return value;
            }
        } else if (type instanceof Schema schema) {
            if (value instanceof Struct struct && struct.schema() == schema) {
                return value;
            }
        } else {
            Object converted = coercePrimitive((Primitive) type, value);
            if (converted != null) {
                return converted;
            }
        }
        throw new IllegalArgumentException("Field " + field.name() + " of type " + type
                + " cannot hold " + value.getClass().getSimpleName() + " " + value);
    }

    private static Object coercePrimitive(Primitive type, Object value) {
        switch (type) {
            case INT8, INT16, INT32, INT64, UINT16, UINT32:
                if (!(value instanceof Byte || value instanceof Short || value instanceof Integer
                        || value instanceof Long)) {
                    return null;
                }
                long v = ((Number) value).longValue();
                return switch (type) {
                    case INT8 -> v == (byte) v ? (Object) (byte) v : null;
                    case INT16 -> v == (short) v ? (Object) (short) v : null;
                    case INT32 -> v == (int) v ? (Object) (int) v : null;
                    case UINT16 -> v >= 0 && v <= 0xffff ? (Object) (int) v : null;
                    case UINT32 -> v >= 0 && v <= 0xffffffffL ? (Object) v : null;
                    default -> v;
                };
            case FLOAT64:
                return value instanceof Number n ? n.doubleValue() : null;
            case BOOL:
                return value instanceof Boolean ? value : null;
            case UUID:
                return value instanceof java.util.UUID ? value : null;
            case STRING:
                return value instanceof String ? value : null;
            case BYTES:
                return value instanceof ByteBuffer ? value : null;
            case RECORDS:
                return value instanceof ByteBuffer || value instanceof FileSlice ? value : null;
            default:
                return null;
        }
    }
}
