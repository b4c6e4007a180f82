/**
 * The classic Kafka group coordinator. So far: which broker coordinates a group (the leader of the
 * group's {@code __consumer_offsets} partition), see {@link io.sluice.server.group.CoordinatorLookup}.
 */
package io.sluice.server.group;
