/**
 * The classic Kafka group coordinator. {@link io.sluice.server.group.CoordinatorLookup} finds a group's
 * coordinator (the leader of its {@code __consumer_offsets} partition).
 * {@link io.sluice.server.group.GroupCoordinator} runs membership: JoinGroup, SyncGroup, Heartbeat and
 * LeaveGroup, the rebalance of a {@link io.sluice.server.group.ClassicGroup} through the states of
 * {@link io.sluice.server.group.GroupState} (the one table of legal transitions), session, rebalance and
 * initial-delay timers on one {@link io.sluice.server.group.GroupTimer} thread, and which offset commits
 * a group accepts. {@link io.sluice.server.group.OffsetManager} keeps committed offsets and groups per
 * {@code __consumer_offsets} partition, appends their records (layouts in
 * {@link io.sluice.server.group.GroupRecords}) with acks=all and rebuilds both from the log with one
 * replay, so offsets and group state survive a restart; it also expires old offsets. See
 * {@code docs/groups.md}.
 */
package io.sluice.server.group;
