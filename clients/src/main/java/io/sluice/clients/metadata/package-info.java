/**
 * The client's view of the cluster: {@link io.sluice.clients.metadata.Metadata} keeps an immutable
 * {@link io.sluice.clients.metadata.Cluster} snapshot (brokers, controller, topics -> partitions with
 * leader and leader epoch) fresh with Metadata requests sent over a
 * {@link io.sluice.clients.network.NetworkClient}: on demand, after leader errors, and at
 * {@code metadata.max.age.ms}. Callers block for a topic with
 * {@link io.sluice.clients.metadata.Metadata#awaitPartitions(String, long)} ({@code max.block.ms}).
 */
package io.sluice.clients.metadata;
