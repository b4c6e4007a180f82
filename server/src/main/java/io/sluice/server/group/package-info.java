/**
 * The classic Kafka group coordinator, so far without group membership: which broker coordinates a group
 * ({@link io.sluice.server.group.CoordinatorLookup}: the leader of the group's {@code __consumer_offsets}
 * partition), the records kept in that topic in Kafka's layouts ({@link io.sluice.server.group.GroupRecords}),
 * and the committed offsets of groups, written through the partition's log and replayed from it
 * ({@link io.sluice.server.group.OffsetManager}).
 */
package io.sluice.server.group;
