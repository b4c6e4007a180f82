package io.sluice.protocol;

import io.sluice.common.ByteUtils;
import io.sluice.common.Send;
import io.sluice.record.FileSlice;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

/**
 * Writes structs of one version into a {@link Send}. It first measures the message, then writes all
 * encoded fields into one exactly sized heap buffer; record data is not copied when it is a
 * {@link FileSlice} or a large ByteBuffer: the buffer written so far becomes a part of the Send, the
 * record data becomes the next part, and writing continues in the rest of the same buffer. One writer
 * serves one message on one thread.
 */
final class MessageWriter {

    /** Record buffers at least this large become their own Send part instead of being copied. */
    static final int ZERO_COPY_THRESHOLD = 4096;

    private final int version;
    private final boolean flexible;
    private long externalBytes;
    private ByteBuffer out;
    private int partStart;
    private Send send;

    MessageWriter(int version, boolean flexible) {
        this.version = version;
        this.flexible = flexible;
    }

    /**
     * Adds {@code prefix} (already encoded header bytes) and the encoded struct to {@code send}.
     */
    void write(ByteBuffer prefix, Struct struct, Send target) {
        externalBytes = 0;
        long total = sizeOfStruct(struct);
        long inline = prefix.remaining() + total - externalBytes;
        if (inline > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("Message of " + inline + " bytes is too large");
        }
        this.send = target;
        this.out = ByteBuffer.allocate((int) inline);
        this.partStart = 0;
        out.put(prefix.duplicate());
        writeStruct(struct);
        flushPart();
        if (out.hasRemaining()) {
            throw new IllegalStateException("Size mismatch: " + out.remaining() + " bytes unwritten");
        }
    }

    long sizeOfStruct(Struct struct) {
        Schema schema = struct.schema();
        long size = 0;
        for (int i = 0; i < schema.fieldCount(); i++) {
            Field field = schema.fieldAt(i);
            if (field.existsIn(version) && !field.isTagged()) {
                size += sizeOfValue(field, field.type(), struct.get(i));
            }
        }
        if (flexible) {
            int count = 0;
            for (Field field : schema.taggedFieldsByTag()) {
                if (isWrittenTagged(field, struct)) {
                    count++;
                    int valueSize = (int) sizeOfValue(field, field.type(), struct.get(field.index()));
                    size += ByteUtils.sizeOfUnsignedVarint(field.tag()) + ByteUtils.sizeOfUnsignedVarint(valueSize) + valueSize;
                }
            }
            for (RawTaggedField raw : struct.unknownTaggedFields()) {
                count++;
                int valueSize = raw.data().remaining();
                size += ByteUtils.sizeOfUnsignedVarint(raw.tag()) + ByteUtils.sizeOfUnsignedVarint(valueSize) + valueSize;
            }
            size += ByteUtils.sizeOfUnsignedVarint(count);
        }
        return size;
    }

    private boolean isWrittenTagged(Field field, Struct struct) {
        return field.existsIn(version) && !field.isDefault(struct.get(field.index()));
    }

    private long sizeOfValue(Field field, Type type, Object value) {
        if (type instanceof Schema) {
            if (value == null) {
                throw new IllegalArgumentException("Struct field " + field.name() + " is null");
            }
            return sizeOfStruct((Struct) value);
        }
        if (type instanceof ArrayType array) {
            if (value == null) {
                checkNullable(field);
                return flexible ? 1 : 4;
            }
            List<?> list = (List<?>) value;
            long size = flexible ? ByteUtils.sizeOfUnsignedVarint(list.size() + 1) : 4;
            for (Object element : list) {
                size += sizeOfValue(field, array.element(), element);
            }
            return size;
        }
        return sizeOfPrimitive(field, (Primitive) type, value);
    }

    private long sizeOfPrimitive(Field field, Primitive type, Object value) {
        switch (type) {
            case INT8:
            case BOOL:
                return 1;
            case INT16:
            case UINT16:
                return 2;
            case INT32:
            case UINT32:
                return 4;
            case INT64:
            case FLOAT64:
                return 8;
            case UUID:
                return 16;
            case STRING: {
                if (value == null) {
                    checkNullable(field);
                    return flexible ? 1 : 2;
                }
                int length = utf8Length((String) value);
                if (length > Short.MAX_VALUE) {
                    throw new IllegalArgumentException("String " + field.name() + " is " + length + " bytes long");
                }
                return (flexible ? ByteUtils.sizeOfUnsignedVarint(length + 1) : 2) + length;
            }
            case BYTES:
            case RECORDS: {
                if (value == null) {
                    checkNullable(field);
                    return flexible ? 1 : 4;
                }
                int length = value instanceof FileSlice slice ? slice.length() : ((ByteBuffer) value).remaining();
                if (isExternal(value)) {
                    externalBytes += length;
                }
                return (flexible ? ByteUtils.sizeOfUnsignedVarint(length + 1) : 4) + (long) length;
            }
            default:
                throw new IllegalStateException("Unknown type " + type);
        }
    }

    private static boolean isExternal(Object value) {
        return value instanceof FileSlice || (value instanceof ByteBuffer buffer && buffer.remaining() >= ZERO_COPY_THRESHOLD);
    }

    private void checkNullable(Field field) {
        if (!field.nullableIn(version)) {
            throw new IllegalArgumentException("Field " + field.name() + " is null but not nullable in version " + version);
        }
    }

    private void writeStruct(Struct struct) {
        Schema schema = struct.schema();
        for (int i = 0; i < schema.fieldCount(); i++) {
            Field field = schema.fieldAt(i);
            if (field.existsIn(version) && !field.isTagged()) {
                writeValue(field, field.type(), struct.get(i));
            }
        }
        if (flexible) {
            writeTaggedFields(struct);
        }
    }

    /** Known and unknown tagged fields merged in ascending tag order. */
    private void writeTaggedFields(Struct struct) {
        Schema schema = struct.schema();
        Field[] known = schema.taggedFieldsByTag();
        List<RawTaggedField> unknown = struct.unknownTaggedFields();
        int count = unknown.size();
        for (Field field : known) {
            if (isWrittenTagged(field, struct)) {
                count++;
            }
        }
        ByteUtils.writeUnsignedVarint(count, out);
        int k = 0;
        int u = 0;
        while (k < known.length || u < unknown.size()) {
            if (k < known.length && (u >= unknown.size() || known[k].tag() < unknown.get(u).tag())) {
                Field field = known[k++];
                if (isWrittenTagged(field, struct)) {
                    Object value = struct.get(field.index());
                    long saved = externalBytes;
                    int size = (int) sizeOfValue(field, field.type(), value);
                    externalBytes = saved;
                    ByteUtils.writeUnsignedVarint(field.tag(), out);
                    ByteUtils.writeUnsignedVarint(size, out);
                    writeValue(field, field.type(), value);
                }
            } else {
                RawTaggedField raw = unknown.get(u++);
                ByteUtils.writeUnsignedVarint(raw.tag(), out);
                ByteUtils.writeUnsignedVarint(raw.data().remaining(), out);
                out.put(raw.data().duplicate());
            }
        }
    }

    private void writeValue(Field field, Type type, Object value) {
        if (type instanceof Schema) {
            writeStruct((Struct) value);
        } else if (type instanceof ArrayType array) {
            if (value == null) {
                writeLength(-1);
                return;
            }
            List<?> list = (List<?>) value;
            writeLength(list.size());
            for (Object element : list) {
                writeValue(field, array.element(), element);
            }
        } else {
            writePrimitive((Primitive) type, value);
        }
    }

    /** Array, bytes and (flexible) string lengths: int32 or unsigned varint length+1, -1 = null. */
    private void writeLength(int length) {
        if (flexible) {
            ByteUtils.writeUnsignedVarint(length + 1, out);
        } else {
            out.putInt(length);
        }
    }

    private void writePrimitive(Primitive type, Object value) {
        switch (type) {
            case INT8 -> out.put((Byte) value);
            case BOOL -> out.put((byte) ((Boolean) value ? 1 : 0));
            case INT16 -> out.putShort((Short) value);
            case UINT16 -> out.putShort((short) (int) (Integer) value);
            case INT32 -> out.putInt((Integer) value);
            case UINT32 -> out.putInt((int) (long) (Long) value);
            case INT64 -> out.putLong((Long) value);
            case FLOAT64 -> out.putDouble((Double) value);
            case UUID -> {
                UUID uuid = (UUID) value;
                out.putLong(uuid.getMostSignificantBits());
                out.putLong(uuid.getLeastSignificantBits());
            }
            case STRING -> {
                if (value == null) {
                    if (flexible) {
                        out.put((byte) 0);
                    } else {
                        out.putShort((short) -1);
                    }
                    return;
                }
                byte[] utf8 = ((String) value).getBytes(StandardCharsets.UTF_8);
                if (flexible) {
                    ByteUtils.writeUnsignedVarint(utf8.length + 1, out);
                } else {
                    out.putShort((short) utf8.length);
                }
                out.put(utf8);
            }
            case BYTES, RECORDS -> writeBytes(value);
            default -> throw new IllegalStateException("Unknown type " + type);
        }
    }

    private void writeBytes(Object value) {
        if (value == null) {
            writeLength(-1);
        } else if (value instanceof FileSlice slice) {
            writeLength(slice.length());
            flushPart();
            send.add(slice);
        } else {
            ByteBuffer buffer = (ByteBuffer) value;
            writeLength(buffer.remaining());
            if (isExternal(buffer)) {
                flushPart();
                send.add(buffer.duplicate());
            } else {
                out.put(buffer.duplicate());
            }
        }
    }

    private void flushPart() {
        if (out.position() > partStart) {
            send.add(out.slice(partStart, out.position() - partStart));
            partStart = out.position();
        }
    }

    /** UTF-8 length without encoding (surrogate pairs are 4 bytes, lone surrogates encode as '?'). */
    static int utf8Length(String s) {
        int length = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                length++;
            } else if (c < 0x800) {
                length += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                length += 4;
                i++;
            } else if (Character.isSurrogate(c)) {
                length++;
            } else {
                length += 3;
            }
        }
        return length;
    }
}
