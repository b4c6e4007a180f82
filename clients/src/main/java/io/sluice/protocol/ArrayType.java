package io.sluice.protocol;

/**
 * An array of {@code element}. Classic versions: int32 count (-1 = null) then the elements; flexible
 * versions: unsigned varint count+1 (0 = null) then the elements. Values are {@code java.util.List}s.
 */
public record ArrayType(Type element) implements Type {
}
