package io.sluice.protocol;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A struct type: an ordered list of {@link Field}s, described once for every version of a message.
 * In a given version the struct is encoded as its untagged fields that exist in that version, in
 * order, followed (flexible versions only) by a tagged-field section:
 *
 * <pre>
 * tagged section := unsigned varint count, then count x (unsigned varint tag, unsigned varint size, size bytes)
 * </pre>
 *
 * with tags in ascending order. Immutable and thread-safe once built.
 */
public final class Schema implements Type {

    private final Field[] fields;
    private final Field[] taggedByTag;
    private final Map<String, Integer> indexByName;

    public Schema(Field... fields) {
        this.fields = fields.clone();
        this.indexByName = new HashMap<>();
        List<Field> tagged = new ArrayList<>();
        for (int i = 0; i < fields.length; i++) {
            Field field = fields[i];
            field.freeze(i);
            if (indexByName.put(field.name(), i) != null) {
                throw new IllegalArgumentException("Duplicate field " + field.name());
            }
            if (field.isTagged()) {
                tagged.add(field);
            }
        }
        tagged.sort(Comparator.comparingInt(Field::tag));
        this.taggedByTag = tagged.toArray(new Field[0]);
    }

    /** Shorthand for building nested struct types in message definitions. */
    public static Schema struct(Field... fields) {
        return new Schema(fields);
    }

    /** Shorthand for an array of an anonymous struct. */
    public static ArrayType array(Field... fields) {
        return new ArrayType(new Schema(fields));
    }

    public static ArrayType array(Type element) {
        return new ArrayType(element);
    }

    public List<Field> fields() {
        return List.of(fields);
    }

    Field fieldAt(int index) {
        return fields[index];
    }

    int fieldCount() {
        return fields.length;
    }

    /** Tagged fields sorted by tag, the order they are written in. */
    Field[] taggedFieldsByTag() {
        return taggedByTag;
    }

    /** Index of the named field; throws IllegalArgumentException for an unknown name. */
    public int indexOf(String name) {
        Integer index = indexByName.get(name);
        if (index == null) {
            throw new IllegalArgumentException("No field " + name + " in " + this);
        }
        return index;
    }

    public boolean hasField(String name) {
        return indexByName.containsKey(name);
    }

    public Field field(String name) {
        return fields[indexOf(name)];
    }

    /** A struct holding every field's default value. */
    public Struct newStruct() {
        return new Struct(this);
    }

    @Override
    public String toString() {
        return "struct" + Arrays.toString(Arrays.stream(fields).map(Field::name).toArray());
    }
}
