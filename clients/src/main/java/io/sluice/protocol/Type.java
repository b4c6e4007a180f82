package io.sluice.protocol;

/**
 * The type of a message field: a {@link Primitive}, an {@link ArrayType} of any type, or a nested
 * {@link Schema} (struct). How each is laid out depends on whether the message version is flexible;
 * see {@link Primitive}.
 */
public sealed interface Type permits Primitive, ArrayType, Schema {
}
