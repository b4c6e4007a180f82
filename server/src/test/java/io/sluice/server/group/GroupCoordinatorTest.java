package io.sluice.server.group;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.protocol.Errors;
import io.sluice.server.BrokerServices;
import io.sluice.server.cluster.SluiceTestCluster;
import io.sluice.server.group.ClassicGroupMember.Protocol;
import io.sluice.server.group.GroupCoordinator.GroupSummary;
import io.sluice.server.group.GroupCoordinator.JoinRequest;
import io.sluice.server.group.GroupCoordinator.JoinResult;
import io.sluice.server.group.GroupCoordinator.LeaveMember;
import io.sluice.server.group.GroupCoordinator.SyncResult;
import io.sluice.server.group.GroupRecords.OffsetValue;
import io.sluice.server.log.TopicPartition;
import io.sluice.server.topic.TopicManager;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The coordinator's rules and timing, driven by a {@link ManualGroupTimer}: the clock moves only when the
 * test advances it, so held joins, the initial delay, session and rebalance timeouts are checked without
 * waiting. Records go to the real {@code __consumer_offsets} log of a one-broker cluster.
 */
class GroupCoordinatorTest {

    private static final int SESSION = 10_000;
    private static final int REBALANCE = 30_000;
    private static final TopicPartition TP = new TopicPartition("coordinated", 0);
    private static final AtomicInteger GROUPS = new AtomicInteger();

    private static SluiceTestCluster cluster;

    private ManualGroupTimer timer;
    private GroupCoordinator coordinator;
    private String group;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = SluiceTestCluster.start(1, Map.of("offsets.topic.num.partitions", "1"));
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        try (Admin admin = Admin.create(props)) {
            admin.createTopics(List.of(new NewTopic(TP.topic(), 1, (short) 1))).all().get();
            // creates __consumer_offsets and waits for its leader, as a client would
            admin.alterConsumerGroupOffsets("warm-up", Map.of(
                    new org.apache.kafka.common.TopicPartition(TP.topic(), 0), new OffsetAndMetadata(0))).all().get();
        }
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @BeforeEach
    void newCoordinator() {
        coordinator(0, Integer.MAX_VALUE);
        group = "group-" + GROUPS.incrementAndGet();
    }

    private void coordinator(int initialDelayMs, int maxSize) {
        BrokerServices services = cluster.broker(0).services();
        timer = new ManualGroupTimer();
        CoordinatorLookup lookup = new CoordinatorLookup(services.metadataCache(), new TopicManager(services), 1);
        OffsetManager offsets = new OffsetManager(services.partitionManager(), lookup, 60_000, timer);
        coordinator = new GroupCoordinator(offsets, timer,
                new GroupCoordinator.Config(initialDelayMs, 6_000, 300_000, maxSize));
    }

    // ---------------------------------------------------------------- helpers

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private JoinRequest join(String memberId, String instanceId, boolean v4, String... protocols) {
        List<Protocol> list = new java.util.ArrayList<>();
        for (String p : protocols) {
            list.add(new Protocol(p, bytes("meta-" + p + "-" + memberId)));
        }
        return new JoinRequest(group, memberId, instanceId, v4, false, "client", "/127.0.0.1", REBALANCE, SESSION,
                "consumer", list);
    }

    private JoinRequest join(String memberId) {
        return join(memberId, null, false, "range");
    }

    private <T> T await(CompletableFuture<T> future) {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!future.isDone()) {
            timer.runPending();
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not answered");
            }
            Thread.onSpinWait();
        }
        return future.join();
    }

    /** One member joined, synced as leader: a Stable group of one at generation 1. */
    private JoinResult stableGroupOfOne() {
        JoinResult joined = await(coordinator.joinGroup(join("")));
        assertThat(joined.generation()).isEqualTo(1);
        SyncResult synced = await(coordinator.syncGroup(group, 1, joined.memberId(), null, "consumer", "range",
                Map.of(joined.memberId(), bytes("assignment-1"))));
        assertThat(synced.error()).isEqualTo(Errors.NONE);
        assertThat(state()).isEqualTo("Stable");
        return joined;
    }

    private String state() {
        return coordinator.describeGroup(group).state();
    }

    // ---------------------------------------------------------------- tests

    @Test
    void memberIdRequiredThenTheInitialDelayHoldsJoinsAndIsExtendedByNewMembers() {
        coordinator(3_000, Integer.MAX_VALUE);
        JoinResult required = await(coordinator.joinGroup(join("", null, true, "range", "roundrobin")));
        assertThat(required.error()).isEqualTo(Errors.MEMBER_ID_REQUIRED);
        assertThat(required.memberId()).startsWith("client-");
        String a = required.memberId();

        CompletableFuture<JoinResult> first = coordinator.joinGroup(join(a, null, true, "range", "roundrobin"));
        timer.advance(2_999);
        assertThat(first).isNotDone();
        assertThat(state()).isEqualTo("PreparingRebalance");
        // a second member during the delay: the delay runs once more (up to the rebalance timeout)
        CompletableFuture<JoinResult> second = coordinator.joinGroup(join("", null, false, "roundrobin", "range"));
        timer.advance(1);
        assertThat(first).isNotDone();
        assertThat(second).isNotDone();
        timer.advance(2_998);
        assertThat(first).isNotDone();
        timer.advance(2);
        JoinResult leader = await(first);
        JoinResult follower = await(second);

        assertThat(leader.error()).isEqualTo(Errors.NONE);
        assertThat(leader.generation()).isEqualTo(1).isEqualTo(follower.generation());
        assertThat(leader.leaderId()).isEqualTo(a).isEqualTo(follower.leaderId());
        // one vote each: the tie goes to the first member's preference
        assertThat(leader.protocolName()).isEqualTo("range").isEqualTo(follower.protocolName());
        assertThat(leader.protocolType()).isEqualTo("consumer");
        assertThat(follower.members()).isEmpty();
        assertThat(leader.members()).hasSize(2);
        assertThat(leader.members().get(1).metadata()).isEqualTo(bytes("meta-range-"));
        assertThat(state()).isEqualTo("CompletingRebalance");
    }

    @Test
    void aMemberThatDoesNotRejoinWithinTheRebalanceTimeoutIsRemoved() {
        JoinResult a = stableGroupOfOne();
        CompletableFuture<JoinResult> b = coordinator.joinGroup(join(""));
        assertThat(state()).isEqualTo("PreparingRebalance");
        assertThat(await(coordinator.heartbeat(group, a.memberId(), null, 1))).isEqualTo(Errors.REBALANCE_IN_PROGRESS);
        // a commit of the current generation is still accepted while the rebalance is prepared
        assertThat(await(coordinator.commitOffsets(group, 1, a.memberId(), null,
                Map.of(TP, new OffsetValue(3, -1, "", timer.nowMs()))))).containsEntry(TP, Errors.NONE);
        // the old member keeps heartbeating (so its session does not end) but never rejoins
        for (int i = 0; i < 9; i++) {
            timer.advance(3_000);
            assertThat(await(coordinator.heartbeat(group, a.memberId(), null, 1)))
                    .isEqualTo(Errors.REBALANCE_IN_PROGRESS);
        }
        timer.advance(REBALANCE - 27_000 - 1);
        assertThat(b).isNotDone();
        timer.advance(1);
        JoinResult joined = await(b);
        assertThat(joined.generation()).isEqualTo(2);
        assertThat(joined.leaderId()).isEqualTo(joined.memberId());
        assertThat(joined.members()).extracting(GroupCoordinator.JoinMember::memberId).containsExactly(joined.memberId());
        assertThat(await(coordinator.heartbeat(group, a.memberId(), null, 1))).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
    }

    @Test
    void followersWaitForTheLeadersAssignmentsWhichAreStoredVerbatim() {
        CompletableFuture<JoinResult> a = coordinator.joinGroup(join(""));
        CompletableFuture<JoinResult> b = coordinator.joinGroup(join(""));
        timer.runPending();
        JoinResult leader = await(a);
        JoinResult follower = await(b);
        assertThat(follower.generation()).isEqualTo(1);
        // heartbeats are fine while the assignment is on its way
        assertThat(await(coordinator.heartbeat(group, follower.memberId(), null, 1))).isEqualTo(Errors.NONE);
        // commits are not: the members do not have their partitions yet
        assertThat(await(coordinator.commitOffsets(group, 1, follower.memberId(), null,
                Map.of(TP, new OffsetValue(1, -1, "", 0))))).containsEntry(TP, Errors.REBALANCE_IN_PROGRESS);

        CompletableFuture<SyncResult> followerSync = coordinator.syncGroup(group, 1, follower.memberId(), null,
                "consumer", "range", Map.of());
        timer.runPending();
        assertThat(followerSync).isNotDone();
        byte[] forFollower = {0, 1, 2, (byte) 0xff};
        SyncResult leaderSync = await(coordinator.syncGroup(group, 1, leader.memberId(), null, "consumer", "range",
                Map.of(leader.memberId(), bytes("L"), follower.memberId(), forFollower)));
        assertThat(leaderSync.assignment()).isEqualTo(bytes("L"));
        assertThat(await(followerSync).assignment()).isEqualTo(forFollower);
        assertThat(state()).isEqualTo("Stable");

        GroupSummary summary = coordinator.describeGroup(group);
        assertThat(summary.protocol()).isEqualTo("range");
        assertThat(summary.members()).anySatisfy(m -> {
            assertThat(m.memberId()).isEqualTo(follower.memberId());
            assertThat(m.assignment()).isEqualTo(forFollower);
            assertThat(m.metadata()).isEqualTo(bytes("meta-range-"));
        });
        // a follower syncing late in Stable gets its assignment at once
        assertThat(await(coordinator.syncGroup(group, 1, follower.memberId(), null, null, null, Map.of()))
                .assignment()).isEqualTo(forFollower);
        // wrong generation, unknown member, wrong protocol
        assertThat(await(coordinator.syncGroup(group, 7, follower.memberId(), null, null, null, Map.of())).error())
                .isEqualTo(Errors.ILLEGAL_GENERATION);
        assertThat(await(coordinator.syncGroup(group, 1, "nobody", null, null, null, Map.of())).error())
                .isEqualTo(Errors.UNKNOWN_MEMBER_ID);
        assertThat(await(coordinator.syncGroup(group, 1, follower.memberId(), null, "consumer", "sticky", Map.of()))
                .error()).isEqualTo(Errors.INCONSISTENT_GROUP_PROTOCOL);
        assertThat(await(coordinator.heartbeat(group, follower.memberId(), null, 0))).isEqualTo(Errors.ILLEGAL_GENERATION);
    }

    @Test
    void aSilentMemberIsRemovedAfterItsSessionTimeoutAndTheGroupBecomesEmpty() {
        JoinResult a = stableGroupOfOne();
        timer.advance(SESSION - 1);
        assertThat(await(coordinator.heartbeat(group, a.memberId(), null, 1))).isEqualTo(Errors.NONE);
        timer.advance(SESSION - 1);
        assertThat(state()).isEqualTo("Stable");
        timer.advance(1);
        timer.runPending();
        assertThat(state()).isEqualTo("Empty");
        assertThat(await(coordinator.heartbeat(group, a.memberId(), null, 1))).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
        // the next member starts generation 3: leaving the member made generation 2 (Empty)
        JoinResult next = await(coordinator.joinGroup(join("")));
        assertThat(next.generation()).isEqualTo(3);
    }

    @Test
    void aMemberThatDoesNotSyncWithinTheRebalanceTimeoutIsRemoved() {
        CompletableFuture<JoinResult> a = coordinator.joinGroup(join(""));
        CompletableFuture<JoinResult> b = coordinator.joinGroup(join(""));
        timer.runPending();
        JoinResult leader = await(a);
        JoinResult follower = await(b);
        await(coordinator.syncGroup(group, 1, leader.memberId(), null, null, null, Map.of()));
        assertThat(state()).isEqualTo("Stable");
        for (int i = 0; i < 9; i++) {
            timer.advance(3_000);
            assertThat(await(coordinator.heartbeat(group, leader.memberId(), null, 1))).isEqualTo(Errors.NONE);
            assertThat(await(coordinator.heartbeat(group, follower.memberId(), null, 1))).isEqualTo(Errors.NONE);
        }
        timer.advance(REBALANCE - 27_000);
        // the follower never sent SyncGroup: it is removed and the leader must rejoin
        assertThat(await(coordinator.heartbeat(group, follower.memberId(), null, 1))).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
        assertThat(await(coordinator.heartbeat(group, leader.memberId(), null, 1))).isEqualTo(Errors.REBALANCE_IN_PROGRESS);
    }

    @Test
    void aPendingMemberIdExpiresAfterTheSessionTimeout() {
        JoinResult required = await(coordinator.joinGroup(join("", null, true, "range")));
        assertThat(required.error()).isEqualTo(Errors.MEMBER_ID_REQUIRED);
        timer.advance(SESSION);
        JoinResult late = await(coordinator.joinGroup(join(required.memberId(), null, true, "range")));
        assertThat(late.error()).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
    }

    @Test
    void aStaticMemberRejoiningAStableGroupKeepsGenerationAndAssignmentAndFencesItsOldId() {
        CompletableFuture<JoinResult> first = coordinator.joinGroup(join("", "instance-1", true, "range"));
        JoinResult old = await(first);
        assertThat(old.error()).isEqualTo(Errors.NONE); // static members need no MEMBER_ID_REQUIRED round
        assertThat(old.memberId()).startsWith("instance-1-");
        await(coordinator.syncGroup(group, 1, old.memberId(), "instance-1", null, null,
                Map.of(old.memberId(), bytes("mine"))));
        CompletableFuture<JoinResult> other = coordinator.joinGroup(join(""));
        timer.runPending();
        JoinResult rejoinOld = await(coordinator.joinGroup(join(old.memberId(), "instance-1", true, "range")));
        JoinResult second = await(other);
        assertThat(second.generation()).isEqualTo(2).isEqualTo(rejoinOld.generation());
        await(coordinator.syncGroup(group, 2, rejoinOld.memberId(), "instance-1", null, null,
                Map.of(old.memberId(), bytes("mine"), second.memberId(), bytes("theirs"))));
        assertThat(await(coordinator.syncGroup(group, 2, second.memberId(), null, null, null, Map.of())).assignment())
                .isEqualTo(bytes("theirs"));

        // the static member restarts: unknown member id, same instance id
        JoinResult restarted = await(coordinator.joinGroup(join("", "instance-1", true, "range")));
        assertThat(restarted.error()).isEqualTo(Errors.NONE);
        assertThat(restarted.generation()).isEqualTo(2);
        assertThat(restarted.memberId()).isNotEqualTo(old.memberId());
        assertThat(restarted.leaderId()).isEqualTo(old.memberId()); // before v9: not told it leads
        assertThat(state()).isEqualTo("Stable");
        assertThat(await(coordinator.syncGroup(group, 2, restarted.memberId(), "instance-1", null, null, Map.of()))
                .assignment()).isEqualTo(bytes("mine"));
        assertThat(await(coordinator.heartbeat(group, old.memberId(), "instance-1", 2))).isEqualTo(Errors.FENCED_INSTANCE_ID);
        assertThat(await(coordinator.heartbeat(group, restarted.memberId(), "instance-1", 2))).isEqualTo(Errors.NONE);
        assertThat(await(coordinator.heartbeat(group, second.memberId(), null, 2))).isEqualTo(Errors.NONE);
        assertThat(await(coordinator.commitOffsets(group, 2, old.memberId(), "instance-1",
                Map.of(TP, new OffsetValue(1, -1, "", 0))))).containsEntry(TP, Errors.FENCED_INSTANCE_ID);

        // leaving by instance id
        var left = await(coordinator.leaveGroup(group, List.of(new LeaveMember("", "instance-1"),
                new LeaveMember("", "instance-unknown"))));
        assertThat(left.members()).extracting(GroupCoordinator.MemberLeaveResult::error)
                .containsExactly(Errors.NONE, Errors.UNKNOWN_MEMBER_ID);
        assertThat(await(coordinator.heartbeat(group, second.memberId(), null, 2))).isEqualTo(Errors.REBALANCE_IN_PROGRESS);
    }

    @Test
    void joinGroupValidation() {
        JoinRequest badSession = new JoinRequest(group, "", null, true, false, "c", "h", REBALANCE, 1_000, "consumer",
                List.of(new Protocol("range", new byte[0])));
        assertThat(await(coordinator.joinGroup(badSession)).error()).isEqualTo(Errors.INVALID_SESSION_TIMEOUT);
        JoinResult a = stableGroupOfOne();
        JoinRequest otherType = new JoinRequest(group, "", null, false, false, "c", "h", REBALANCE, SESSION, "connect",
                List.of(new Protocol("range", new byte[0])));
        assertThat(await(coordinator.joinGroup(otherType)).error()).isEqualTo(Errors.INCONSISTENT_GROUP_PROTOCOL);
        assertThat(await(coordinator.joinGroup(join("", null, false, "sticky"))).error())
                .isEqualTo(Errors.INCONSISTENT_GROUP_PROTOCOL);
        assertThat(await(coordinator.joinGroup(join("someone-else"))).error()).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
        assertThat(state()).isEqualTo("Stable");
        assertThat(await(coordinator.heartbeat(group, a.memberId(), null, 1))).isEqualTo(Errors.NONE);
    }

    @Test
    void groupMaxSizeRefusesTheMemberTooMany() {
        coordinator(0, 1);
        stableGroupOfOne();
        JoinResult refused = await(coordinator.joinGroup(join("")));
        assertThat(refused.error()).isEqualTo(Errors.GROUP_MAX_SIZE_REACHED);
        assertThat(state()).isEqualTo("Stable");
    }

    @Test
    void commitsDeletionAndListingFollowTheMembership() {
        JoinResult a = stableGroupOfOne();
        OffsetValue offset = new OffsetValue(5, -1, "", timer.nowMs());
        assertThat(await(coordinator.commitOffsets(group, 1, a.memberId(), null, Map.of(TP, offset))))
                .containsEntry(TP, Errors.NONE);
        assertThat(await(coordinator.commitOffsets(group, 2, a.memberId(), null, Map.of(TP, offset))))
                .containsEntry(TP, Errors.ILLEGAL_GENERATION);
        assertThat(await(coordinator.commitOffsets(group, -1, "", null, Map.of(TP, offset))))
                .containsEntry(TP, Errors.UNKNOWN_MEMBER_ID); // only members commit to a group with members
        assertThat(await(coordinator.deleteGroup(group))).isEqualTo(Errors.NON_EMPTY_GROUP);
        assertThat(coordinator.listGroups()).anySatisfy(l -> {
            assertThat(l.groupId()).isEqualTo(group);
            assertThat(l.state()).isEqualTo("Stable");
            assertThat(l.protocolType()).isEqualTo("consumer");
        });

        var left = await(coordinator.leaveGroup(group, List.of(new LeaveMember(a.memberId(), null))));
        assertThat(left.members()).extracting(GroupCoordinator.MemberLeaveResult::error).containsExactly(Errors.NONE);
        assertThat(state()).isEqualTo("Empty");
        assertThat(coordinator.describeGroup(group).protocolType()).isEqualTo("consumer");
        assertThat(await(coordinator.commitOffsets(group, -1, "", null, Map.of(TP, offset))))
                .containsEntry(TP, Errors.NONE);
        assertThat(await(coordinator.deleteGroup(group))).isEqualTo(Errors.NONE);
        assertThat(state()).isEqualTo("Dead");
        assertThat(coordinator.offsets().fetch(group, null)).isEmpty();
        assertThat(await(coordinator.deleteGroup(group))).isEqualTo(Errors.GROUP_ID_NOT_FOUND);
    }

    /** A consumer's subscription metadata (ConsumerProtocolSubscription v0) for {@code topics}. */
    private static byte[] subscription(String... topics) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.DataOutputStream data = new java.io.DataOutputStream(out);
        try {
            data.writeShort(0);
            data.writeInt(topics.length);
            for (String topic : topics) {
                data.writeUTF(topic);
            }
            data.writeInt(-1); // no user data
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        return out.toByteArray();
    }

    @Test
    void offsetRetentionCountsFromWhenTheGroupBecameEmptyAndSparesSubscribedTopics() {
        long now = timer.nowMs();
        TopicPartition other = new TopicPartition("unsubscribed", 0);
        JoinRequest subscribed = new JoinRequest(group, "", null, false, false, "client", "/127.0.0.1", REBALANCE,
                SESSION, "consumer", List.of(new Protocol("range", subscription(TP.topic()))));
        JoinResult member = await(coordinator.joinGroup(subscribed));
        await(coordinator.syncGroup(group, 1, member.memberId(), null, null, null, Map.of()));
        OffsetValue old = new OffsetValue(5, -1, "", now - 120_000);
        assertThat(await(coordinator.commitOffsets(group, 1, member.memberId(), null, Map.of(TP, old, other, old))))
                .containsValues(Errors.NONE);
        // Stable: the offset of the topic nobody subscribes to expires by its commit time, the other stays
        assertThat(coordinator.offsets().expireOffsets(now)).isEqualTo(1);
        timer.runPending();
        assertThat(coordinator.offsets().fetch(group, null)).containsOnlyKeys(TP);
        assertThat(state()).isEqualTo("Stable");

        await(coordinator.leaveGroup(group, List.of(new LeaveMember(member.memberId(), null))));
        assertThat(state()).isEqualTo("Empty");
        // Empty since now: its offsets expire a retention later, not a retention after their commit
        assertThat(coordinator.offsets().expireOffsets(now + 59_999)).isZero();
        assertThat(coordinator.offsets().expireOffsets(now + 60_000)).isEqualTo(1);
        timer.runPending();
        assertThat(coordinator.offsets().fetch(group, null)).isEmpty();
        assertThat(state()).isEqualTo("Dead");
    }

    @Test
    void offsetDeleteRefusesTopicsAnActiveConsumerGroupSubscribesTo() {
        TopicPartition other = new TopicPartition("unsubscribed", 0);
        JoinRequest subscribed = new JoinRequest(group, "", null, false, false, "client", "/127.0.0.1", REBALANCE,
                SESSION, "consumer", List.of(new Protocol("range", subscription(TP.topic()))));
        JoinResult member = await(coordinator.joinGroup(subscribed));
        await(coordinator.syncGroup(group, 1, member.memberId(), null, null, null, Map.of()));
        OffsetValue offset = new OffsetValue(5, -1, "", timer.nowMs());
        await(coordinator.commitOffsets(group, 1, member.memberId(), null, Map.of(TP, offset, other, offset)));
        var deleted = await(coordinator.deleteOffsets(group, List.of(TP, other)));
        assertThat(deleted.error()).isEqualTo(Errors.NONE);
        assertThat(deleted.partitions()).containsEntry(TP, Errors.GROUP_SUBSCRIBED_TO_TOPIC)
                .containsEntry(other, Errors.NONE);
        assertThat(coordinator.offsets().fetch(group, null)).containsOnlyKeys(TP);
        assertThat(await(coordinator.deleteOffsets("no-such-group", List.of(TP))).error())
                .isEqualTo(Errors.GROUP_ID_NOT_FOUND);
    }

    @Test
    void aReloadedCoordinatorRebuildsTheGroupFromItsRecords() {
        JoinResult a = stableGroupOfOne();
        // A second coordinator over the same log (as after a restart) loads the group from its records.
        coordinator(0, Integer.MAX_VALUE);
        GroupSummary loaded = coordinator.describeGroup(group);
        assertThat(loaded.state()).isEqualTo("Stable");
        assertThat(loaded.protocol()).isEqualTo("range");
        assertThat(loaded.members()).singleElement().satisfies(m -> {
            assertThat(m.memberId()).isEqualTo(a.memberId());
            assertThat(m.assignment()).isEqualTo(bytes("assignment-1"));
        });
        assertThat(await(coordinator.heartbeat(group, a.memberId(), null, 1))).isEqualTo(Errors.NONE);
        // and the loaded member's session timer runs
        timer.advance(SESSION);
        timer.runPending();
        assertThat(state()).isEqualTo("Empty");
    }
}
