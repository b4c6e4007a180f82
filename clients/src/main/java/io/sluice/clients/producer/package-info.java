/**
 * Our producer: {@link io.sluice.clients.producer.SluiceProducer} with Kafka's API shape
 * ({@link io.sluice.clients.producer.ProducerRecord}, {@link io.sluice.clients.producer.RecordMetadata},
 * {@link io.sluice.clients.producer.Callback}, {@link io.sluice.clients.producer.Partitioner}) and
 * Kafka's config names and defaults ({@link io.sluice.clients.producer.ProducerConfig}): batching per
 * partition with linger and buffer memory, compression, acks 0/1/all, retries with delivery timeout,
 * and the idempotent producer (on by default). Internals (accumulator, sender, partitioning) are in
 * {@code io.sluice.clients.producer.internals}.
 */
package io.sluice.clients.producer;
