package io.sluice.protocol;

import io.sluice.common.ByteUtils;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Reads a struct of a given version from a buffer, starting at its position and leaving the position
 * after the struct. Every length and count is checked against the bytes remaining before anything is
 * allocated, so a hostile length can neither allocate beyond the frame nor loop beyond it; any
 * problem surfaces as {@link MalformedMessageException}. Bytes and records values are slices of the
 * input buffer, not copies.
 */
final class MessageReader {

    /** Kafka limits strings to the int16 range in both encodings. */
    private static final int MAX_STRING_LENGTH = Short.MAX_VALUE;

    private final int version;
    private final boolean flexible;

    MessageReader(int version, boolean flexible) {
        this.version = version;
        this.flexible = flexible;
    }

    Struct readStruct(Schema schema, ByteBuffer in) {
        Struct struct = new Struct(schema, false);
        int count = schema.fieldCount();
        for (int i = 0; i < count; i++) {
            Field field = schema.fieldAt(i);
            // Defaults only for what the version does not carry (tagged fields may replace theirs below).
            struct.setRaw(i, field.existsIn(version) && !field.isTagged()
                    ? readValue(field, field.type(), in)
                    : field.newDefault());
        }
        if (flexible) {
            readTaggedFields(schema, struct, in);
        }
        return struct;
    }

    private void readTaggedFields(Schema schema, Struct struct, ByteBuffer in) {
        int count = readUnsignedVarint(in);
        // Each tagged field takes at least two bytes (tag and size).
        if (count < 0 || count > in.remaining()) {
            throw new MalformedMessageException(count + " tagged fields with " + in.remaining() + " bytes remaining");
        }
        List<RawTaggedField> unknown = null;
        for (int i = 0; i < count; i++) {
            int tag = readUnsignedVarint(in);
            int size = readUnsignedVarint(in);
            if (tag < 0 || size < 0 || size > in.remaining()) {
                throw new MalformedMessageException("Tagged field " + tag + " of " + size
                        + " bytes with " + in.remaining() + " remaining");
            }
            ByteBuffer data = in.slice(in.position(), size);
            in.position(in.position() + size);
            Field field = findTagged(schema, tag);
            if (field == null) {
                if (unknown == null) {
                    unknown = new ArrayList<>();
                }
                unknown.add(new RawTaggedField(tag, data.asReadOnlyBuffer()));
            } else {
                struct.setRaw(field.index(), readValue(field, field.type(), data));
            }
        }
        if (unknown != null) {
            struct.setUnknownTaggedFields(unknown);
        }
    }

    private Field findTagged(Schema schema, int tag) {
        for (Field field : schema.taggedFieldsByTag()) {
            if (field.tag() == tag && field.existsIn(version)) {
                return field;
            }
        }
        return null;
    }

    private Object readValue(Field field, Type type, ByteBuffer in) {
        if (type instanceof Schema schema) {
            return readStruct(schema, in);
        }
        if (type instanceof ArrayType array) {
            int count = readArrayCount(in, field.nullableIn(version), field.name());
            if (count < 0) {
                return null;
            }
            // Every element takes at least one byte, so a count above the remaining bytes is a lie.
            if (count > in.remaining()) {
                throw new MalformedMessageException("Array " + field.name() + " claims " + count
                        + " elements with " + in.remaining() + " bytes remaining");
            }
            List<Object> list = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                list.add(readValue(field, array.element(), in));
            }
            return list;
        }
        return readPrimitive(field, (Primitive) type, in);
    }

    private Object readPrimitive(Field field, Primitive type, ByteBuffer in) {
        switch (type) {
            case INT8:
                need(in, 1, field);
                return in.get();
            case INT16:
                need(in, 2, field);
                return in.getShort();
            case INT32:
                need(in, 4, field);
                return in.getInt();
            case INT64:
                need(in, 8, field);
                return in.getLong();
            case UINT16:
                need(in, 2, field);
                return in.getShort() & 0xffff;
            case UINT32:
                need(in, 4, field);
                return in.getInt() & 0xffffffffL;
            case FLOAT64:
                need(in, 8, field);
                return in.getDouble();
            case BOOL:
                need(in, 1, field);
                return in.get() != 0;
            case UUID:
                need(in, 16, field);
                return new UUID(in.getLong(), in.getLong());
            case STRING: {
                int length = flexible ? readCompactLength(in, field) : readInt16Length(in, field);
                if (length < 0) {
                    return null;
                }
                if (length > MAX_STRING_LENGTH) {
                    throw new MalformedMessageException("String " + field.name() + " of " + length + " bytes");
                }
                need(in, length, field);
                byte[] utf8 = new byte[length];
                in.get(utf8);
                return new String(utf8, StandardCharsets.UTF_8);
            }
            case BYTES:
            case RECORDS: {
                int length = flexible ? readCompactLength(in, field) : readInt32Length(in, field);
                if (length < 0) {
                    return null;
                }
                need(in, length, field);
                ByteBuffer slice = in.slice(in.position(), length);
                in.position(in.position() + length);
                return slice;
            }
            default:
                throw new IllegalStateException("Unknown type " + type);
        }
    }

    private int readInt16Length(ByteBuffer in, Field field) {
        need(in, 2, field);
        return checkNull(in.getShort(), field);
    }

    private int readInt32Length(ByteBuffer in, Field field) {
        need(in, 4, field);
        return checkNull(in.getInt(), field);
    }

    private int readCompactLength(ByteBuffer in, Field field) {
        int raw = readUnsignedVarint(in);
        if (raw < 0) {
            throw new MalformedMessageException("Length of " + field.name() + " overflows");
        }
        return checkNull(raw - 1, field);
    }

    private int checkNull(int length, Field field) {
        if (length < -1 || (length == -1 && !field.nullableIn(version))) {
            throw new MalformedMessageException("Field " + field.name() + " has length " + length
                    + " in version " + version);
        }
        return length;
    }

    /** An array's element count: int32 or unsigned varint count+1; -1 (null) only where allowed. */
    private int readArrayCount(ByteBuffer in, boolean nullable, String what) {
        int count;
        if (flexible) {
            int raw = readUnsignedVarint(in);
            if (raw < 0) {
                throw new MalformedMessageException("Count of " + what + " overflows");
            }
            count = raw - 1;
        } else {
            if (in.remaining() < 4) {
                throw new MalformedMessageException("Truncated count of " + what);
            }
            count = in.getInt();
        }
        if (count < -1 || (count == -1 && !nullable)) {
            throw new MalformedMessageException("Count of " + what + " is " + count + " in version " + version);
        }
        return count;
    }

    static int readUnsignedVarint(ByteBuffer in) {
        try {
            return ByteUtils.readUnsignedVarint(in);
        } catch (BufferUnderflowException e) {
            throw new MalformedMessageException("Truncated varint");
        } catch (IllegalArgumentException e) {
            throw new MalformedMessageException(e.getMessage());
        }
    }

    private static void need(ByteBuffer in, int bytes, Field field) {
        if (in.remaining() < bytes) {
            throw new MalformedMessageException("Field " + field.name() + " needs " + bytes
                    + " bytes, " + in.remaining() + " remain");
        }
    }
}
