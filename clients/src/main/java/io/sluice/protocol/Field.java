package io.sluice.protocol;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One field of a {@link Schema}: its name (snake_case, as in the public protocol guide), type, the
 * versions in which it exists, the versions in which it may be null, and, for tagged fields, its tag.
 *
 * <p>Defined with a small fluent vocabulary and then frozen when its schema is built:
 * <pre>{@code
 * field("transactional_id", STRING).since(3).nullableSince(3).defaultValue(null)
 * field("cluster_authorized_operations", INT32).versions(8, 10).defaultValue(Integer.MIN_VALUE)
 * field("current_leader", LEADER_AND_EPOCH).since(10).tag(0)
 * }</pre>
 *
 * <p>Defaults follow the public schemas: numbers 0, booleans false, strings "", bytes empty, arrays
 * empty, structs all-default, records null, unless {@link #defaultValue} says otherwise. A field that
 * does not exist in a version reads as its default and is not written. A tagged field is written
 * only when its value differs from its default.
 */
public final class Field {

    /** Version bound meaning "and every later version". */
    public static final int LATEST = Short.MAX_VALUE;
    private static final int NEVER = Integer.MAX_VALUE;

    private final String name;
    private final Type type;
    private int minVersion;
    private int maxVersion = LATEST;
    private int nullableFrom = NEVER;
    private int tag = -1;
    private Object defaultValue;
    private boolean explicitDefault;
    private boolean frozen;
    private int index = -1;

    private Field(String name, Type type) {
        this.name = Objects.requireNonNull(name);
        this.type = Objects.requireNonNull(type);
    }

    public static Field field(String name, Type type) {
        return new Field(name, type);
    }

    /** The field exists from {@code version} on. */
    public Field since(int version) {
        return versions(version, LATEST);
    }

    /** The field exists in {@code from..to} inclusive. */
    public Field versions(int from, int to) {
        checkMutable();
        this.minVersion = from;
        this.maxVersion = to;
        return this;
    }

    /** The field may be null from {@code version} on. */
    public Field nullableSince(int version) {
        checkMutable();
        this.nullableFrom = version;
        return this;
    }

    /**
     * The field is tagged with {@code tag} in every version in which it exists. Tagged fields can only be
     * encoded in flexible versions; in a classic version a tagged field is treated as absent.
     */
    public Field tag(int tag) {
        checkMutable();
        this.tag = tag;
        return this;
    }

    public Field defaultValue(Object value) {
        checkMutable();
        this.defaultValue = value;
        this.explicitDefault = true;
        return this;
    }

    public String name() {
        return name;
    }

    public Type type() {
        return type;
    }

    public int minVersion() {
        return minVersion;
    }

    public int maxVersion() {
        return maxVersion;
    }

    public boolean existsIn(int version) {
        return version >= minVersion && version <= maxVersion;
    }

    public boolean nullableIn(int version) {
        return version >= nullableFrom;
    }

    public boolean isTagged() {
        return tag >= 0;
    }

    public int tag() {
        return tag;
    }

    private void checkMutable() {
        if (frozen) {
            throw new IllegalStateException("Field " + name + " is already part of a schema");
        }
    }

    /** Position of this field in its schema. */
    int index() {
        return index;
    }

    /** Called once by the owning schema: records the position and coerces the default to the type's value class. */
    void freeze(int position) {
        if (frozen) {
            throw new IllegalStateException("Field " + name + " is used by two schemas");
        }
        frozen = true;
        index = position;
        if (explicitDefault && defaultValue != null) {
            defaultValue = Values.coerce(this, defaultValue);
        } else if (!explicitDefault && type instanceof Primitive primitive) {
            defaultValue = Values.zero(primitive);
        }
    }

    /** A fresh default value (mutable defaults - lists, structs, buffers - are never shared). */
    Object newDefault() {
        if (explicitDefault && defaultValue == null) {
            return null;
        }
        if (type instanceof ArrayType) {
            return new ArrayList<>();
        }
        if (type instanceof Schema schema) {
            return schema.newStruct();
        }
        if (type == Primitive.BYTES) {
            return ByteBuffer.allocate(0);
        }
        return defaultValue;
    }

    /** True if writing {@code value} as a tagged field can be skipped. */
    boolean isDefault(Object value) {
        if (explicitDefault && defaultValue == null) {
            return value == null;
        }
        if (value == null) {
            return false;
        }
        if (type instanceof ArrayType) {
            return ((List<?>) value).isEmpty();
        }
        if (type instanceof Schema schema) {
            return value.equals(schema.newStruct());
        }
        if (type == Primitive.BYTES) {
            return ((ByteBuffer) value).remaining() == 0;
        }
        return value.equals(defaultValue);
    }

    @Override
    public String toString() {
        return name + ":" + type;
    }
}
