/**
 * {@link io.sluice.clients.serialization.Serializer} and {@link io.sluice.clients.serialization.Deserializer}
 * with the built-in String (UTF-8), ByteArray, ByteBuffer, Integer and Long (big-endian) and Void
 * implementations, byte for byte as Kafka's. {@link io.sluice.clients.serialization.SerdeLoader}
 * instantiates the class a config names and maps Kafka's built-in class names to ours.
 */
package io.sluice.clients.serialization;
