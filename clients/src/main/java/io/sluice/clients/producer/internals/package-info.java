/**
 * The producer's machinery: {@link io.sluice.clients.producer.internals.RecordAccumulator} (per-partition
 * batch queues, {@code buffer.memory} via {@link io.sluice.clients.producer.internals.BufferPool}),
 * {@link io.sluice.clients.producer.internals.ProducerBatch} (one v2 record batch and its records'
 * futures and callbacks), {@link io.sluice.clients.producer.internals.Sender} (the thread that drains
 * batches into Produce requests and handles the answers), {@link io.sluice.clients.producer.internals.BuiltInPartitioner}
 * (murmur2 key hashing and sticky keyless partitioning, as Kafka's), and
 * {@link io.sluice.clients.producer.internals.IdempotenceState}. Not a public API.
 */
package io.sluice.clients.producer.internals;
