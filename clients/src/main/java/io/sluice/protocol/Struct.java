package io.sluice.protocol;

import io.sluice.record.FileSlice;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * The value of a {@link Schema}: one slot per field, accessed by field name. A new struct holds every
 * field's default; the reader fills the fields present in the version it read and leaves the rest at
 * their defaults, so a handler can read any field of any version without checking the version first.
 *
 * <pre>{@code
 * for (Struct topic : request.<Struct>getArray("topic_data")) {
 *     String name = topic.getString("name");
 *     for (Struct partition : topic.<Struct>getArray("partition_data")) {
 *         int index = partition.getInt("index");
 *         ByteBuffer records = partition.getRecords("records");
 *     }
 * }
 * Struct topicResponse = response.addElement("responses").set("name", name);
 * }</pre>
 *
 * <p>Values read from the wire may alias the request buffer (bytes and records fields). Not
 * thread-safe; a struct is built or read by one thread and then handed over.
 */
public final class Struct {

    private final Schema schema;
    private final Object[] values;
    private List<RawTaggedField> unknownTaggedFields = List.of();

    Struct(Schema schema) {
        this(schema, true);
    }

    /** Without defaults for the reader, which sets every slot itself. */
    Struct(Schema schema, boolean withDefaults) {
        this.schema = schema;
        this.values = new Object[schema.fieldCount()];
        if (withDefaults) {
            for (int i = 0; i < values.length; i++) {
                values[i] = schema.fieldAt(i).newDefault();
            }
        }
    }

    public Schema schema() {
        return schema;
    }

    /** The raw value of a field: a boxed number, String, ByteBuffer, FileSlice, UUID, List or Struct. */
    public Object get(String name) {
        return values[schema.indexOf(name)];
    }

    Object get(int index) {
        return values[index];
    }

    void setRaw(int index, Object value) {
        values[index] = value;
    }

    /**
     * Sets a field, converting numbers to the field's width when they fit (so {@code set("error_code", 0)}
     * works for an int16); throws IllegalArgumentException for an unknown name or a value of the wrong kind.
     */
    public Struct set(String name, Object value) {
        int index = schema.indexOf(name);
        values[index] = Values.coerce(schema.fieldAt(index), value);
        return this;
    }

    public byte getByte(String name) {
        return (Byte) get(name);
    }

    public short getShort(String name) {
        return (Short) get(name);
    }

    /** For INT32 and UINT16 fields. */
    public int getInt(String name) {
        return (Integer) get(name);
    }

    /** For INT64 and UINT32 fields. */
    public long getLong(String name) {
        return (Long) get(name);
    }

    public double getDouble(String name) {
        return (Double) get(name);
    }

    public boolean getBool(String name) {
        return (Boolean) get(name);
    }

    public UUID getUuid(String name) {
        return (UUID) get(name);
    }

    public String getString(String name) {
        return (String) get(name);
    }

    public ByteBuffer getBytes(String name) {
        return (ByteBuffer) get(name);
    }

    /** A records field as read from the wire (a slice of the request buffer), or null. */
    public ByteBuffer getRecords(String name) {
        Object value = get(name);
        if (value instanceof FileSlice) {
            throw new IllegalStateException("Records field " + name + " holds a file slice");
        }
        return (ByteBuffer) value;
    }

    public Struct getStruct(String name) {
        return (Struct) get(name);
    }

    /** An array field; elements are Structs for arrays of structs, boxed values otherwise. May be null. */
    @SuppressWarnings("unchecked")
    public <T> List<T> getArray(String name) {
        return (List<T>) get(name);
    }

    /**
     * Appends a new default element to an array-of-structs field (creating the list if it is null)
     * and returns it for filling in.
     */
    public Struct addElement(String arrayName) {
        int index = schema.indexOf(arrayName);
        Field field = schema.fieldAt(index);
        if (!(field.type() instanceof ArrayType array) || !(array.element() instanceof Schema element)) {
            throw new IllegalArgumentException("Field " + arrayName + " is not an array of structs");
        }
        @SuppressWarnings("unchecked")
        List<Object> list = (List<Object>) values[index];
        if (list == null) {
            list = new ArrayList<>();
            values[index] = list;
        }
        Struct struct = element.newStruct();
        list.add(struct);
        return struct;
    }

    /** Tagged fields that were read but are not in the schema; written back unchanged. */
    public List<RawTaggedField> unknownTaggedFields() {
        return unknownTaggedFields;
    }

    void setUnknownTaggedFields(List<RawTaggedField> fields) {
        this.unknownTaggedFields = fields;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Struct other && schema == other.schema
                && Arrays.equals(values, other.values)
                && unknownTaggedFields.equals(other.unknownTaggedFields);
    }

    @Override
    public int hashCode() {
        return Objects.hash(schema, Arrays.hashCode(values));
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("{");
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                out.append(", ");
            }
            out.append(schema.fieldAt(i).name()).append('=');
            Object value = values[i];
            out.append(value instanceof ByteBuffer buffer ? "bytes[" + buffer.remaining() + "]" : value);
        }
        return out.append('}').toString();
    }
}
