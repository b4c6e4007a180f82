package io.sluice.server.group;

import io.sluice.protocol.Errors;
import io.sluice.server.group.ClassicGroupMember.Protocol;
import io.sluice.server.group.GroupRecords.OffsetValue;
import io.sluice.server.group.OffsetManager.PartitionCache;
import io.sluice.server.log.TopicPartition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The classic group coordinator: JoinGroup, SyncGroup, Heartbeat and LeaveGroup, the group side of
 * OffsetCommit, and what DescribeGroups, ListGroups and DeleteGroups report, for the groups whose
 * {@code __consumer_offsets} partition this broker leads. It follows Apache Kafka's classic coordinator
 * (pre-KIP-848), which every client's {@code subscribe()} relies on.
 *
 * <p>A rebalance, in short: a member's JoinGroup moves the group to PreparingRebalance (see
 * {@link GroupState}); JoinGroup answers are held until every known member has rejoined or the largest
 * rebalance timeout runs out (members that did not rejoin are removed, static ones kept), or, for a group
 * that was Empty, for {@code group.initial.rebalance.delay.ms}, extended by the same again while new
 * members keep arriving, up to the rebalance timeout. Then the generation goes up by one, a protocol is
 * voted, the leader gets the member list, and the group waits in CompletingRebalance for the leader's
 * SyncGroup; its assignments are written to {@code __consumer_offsets} (a group metadata record) and,
 * once replicated, handed out, and the group is Stable. A member that sends no heartbeat within its
 * session timeout is removed and a rebalance starts; a member that does not send SyncGroup within the
 * rebalance timeout likewise. Group metadata records are also written when a group becomes Empty and
 * when a static member is replaced, and tombstoned when the group is deleted or expires, so that a
 * restarted coordinator rebuilds generation, protocol, leader and members from the log.
 *
 * <p>Timers ({@link GroupTimer}) hold no thread per member: one timer thread fires held joins, pending
 * syncs and session timeouts.
 *
 * <p>Thread-safe: a group is only touched holding the lock of its {@code __consumer_offsets} partition
 * ({@link OffsetManager#lock}), by request threads and by the timer thread alike; records are appended
 * under it too. Answers are completed under that lock.
 */
public final class GroupCoordinator {

    private static final Logger log = LoggerFactory.getLogger(GroupCoordinator.class);

    /** Kafka's NewMemberJoinTimeoutMs: a new member waiting for its first join answer may stay this long. */
    static final int NEW_MEMBER_JOIN_TIMEOUT_MS = 5 * 60 * 1000;

    /** The {@code group.*} settings. */
    public record Config(int initialRebalanceDelayMs, int minSessionTimeoutMs, int maxSessionTimeoutMs,
                         int maxSize) {
    }

    /** A JoinGroup as the handler read it; v0 requests carry the session timeout as rebalance timeout. */
    public record JoinRequest(String groupId, String memberId, String groupInstanceId, boolean requireKnownMemberId,
                              boolean supportSkippingAssignment, String clientId, String clientHost,
                              int rebalanceTimeoutMs, int sessionTimeoutMs, String protocolType,
                              List<Protocol> protocols) {
    }

    /** One member in the leader's JoinGroup answer: its metadata for the chosen protocol, verbatim. */
    public record JoinMember(String memberId, String groupInstanceId, byte[] metadata) {
    }

    /** A JoinGroup answer. */
    public record JoinResult(Errors error, int generation, String protocolType, String protocolName,
                             String leaderId, String memberId, List<JoinMember> members, boolean skipAssignment) {

        static JoinResult error(String memberId, Errors error) {
            return new JoinResult(error, -1, null, null, "", memberId == null ? "" : memberId, List.of(), false);
        }
    }

    /** A SyncGroup answer: the member's assignment, verbatim. */
    public record SyncResult(Errors error, String protocolType, String protocolName, byte[] assignment) {

        static SyncResult error(Errors error) {
            return new SyncResult(error, null, null, new byte[0]);
        }
    }

    /** One member named in a LeaveGroup (member id "" with an instance id: a static member by instance). */
    public record LeaveMember(String memberId, String groupInstanceId) {
    }

    public record MemberLeaveResult(String memberId, String groupInstanceId, Errors error) {
    }

    public record LeaveResult(Errors error, List<MemberLeaveResult> members) {
    }

    /** One member as DescribeGroups shows it (metadata and assignment only in Stable, as Kafka). */
    public record MemberSummary(String memberId, String groupInstanceId, String clientId, String clientHost,
                                byte[] metadata, byte[] assignment) {
    }

    public record GroupSummary(String state, String protocolType, String protocol, List<MemberSummary> members) {
    }

    public record GroupListing(String groupId, String protocolType, String state) {
    }

    /** An OffsetDelete answer: a group error, or each partition's. */
    public record OffsetDeleteResult(Errors error, Map<TopicPartition, Errors> partitions) {
    }

    private final OffsetManager offsets;
    private final GroupTimer timer;
    private final Config config;

    public GroupCoordinator(OffsetManager offsets, GroupTimer timer, Config config) {
        this.offsets = offsets;
        this.timer = timer;
        this.config = config;
        offsets.setLoadListener(this::onGroupsLoaded);
    }

    public OffsetManager offsets() {
        return offsets;
    }

    // ---------------------------------------------------------------- JoinGroup

    public CompletableFuture<JoinResult> joinGroup(JoinRequest r) {
        if (r.groupId() == null || r.groupId().isEmpty()) {
            return done(JoinResult.error(r.memberId(), Errors.INVALID_GROUP_ID));
        }
        if (r.sessionTimeoutMs() < config.minSessionTimeoutMs() || r.sessionTimeoutMs() > config.maxSessionTimeoutMs()) {
            return done(JoinResult.error(r.memberId(), Errors.INVALID_SESSION_TIMEOUT));
        }
        return inGroupPartition(r.groupId(), e -> JoinResult.error(r.memberId(), e), cache -> {
            boolean unknownMember = r.memberId().isEmpty();
            ClassicGroup group = cache.classicGroups.get(r.groupId());
            if (group == null) {
                if (!unknownMember) {
                    return done(JoinResult.error(r.memberId(), Errors.UNKNOWN_MEMBER_ID));
                }
                group = new ClassicGroup(r.groupId(), GroupState.EMPTY, timer.nowMs());
                cache.classicGroups.put(r.groupId(), group);
            }
            CompletableFuture<JoinResult> answer = new CompletableFuture<>();
            if (!acceptJoiningMember(group, r.memberId())) {
                ClassicGroupMember member = group.member(r.memberId());
                if (member != null) {
                    removeMemberAndUpdateGroup(cache, group, member, "group is full");
                }
                group.removePendingMember(r.memberId());
                answer.complete(JoinResult.error("", Errors.GROUP_MAX_SIZE_REACHED));
            } else if (unknownMember) {
                doNewMemberJoin(cache, group, r, answer);
            } else {
                doCurrentMemberJoin(cache, group, r, answer);
            }
            tryCompleteJoin(cache, group);
            return answer;
        });
    }

    private boolean acceptJoiningMember(ClassicGroup group, String memberId) {
        return switch (group.state()) {
            case EMPTY, DEAD -> true;
            case PREPARING_REBALANCE -> (group.has(memberId) && group.member(memberId).isAwaitingJoin())
                    || group.awaitingJoinCount() < config.maxSize();
            case COMPLETING_REBALANCE, STABLE -> group.has(memberId) || group.size() < config.maxSize();
        };
    }

    private void doNewMemberJoin(PartitionCache cache, ClassicGroup group, JoinRequest r,
                                 CompletableFuture<JoinResult> answer) {
        if (group.is(GroupState.DEAD)) {
            answer.complete(JoinResult.error("", Errors.COORDINATOR_NOT_AVAILABLE));
            return;
        }
        if (!group.supportsProtocols(r.protocolType(), names(r.protocols()))) {
            answer.complete(JoinResult.error("", Errors.INCONSISTENT_GROUP_PROTOCOL));
            return;
        }
        String newMemberId = (r.groupInstanceId() != null ? r.groupInstanceId() : r.clientId()) + "-" + UUID.randomUUID();
        if (r.groupInstanceId() != null) {
            String oldMemberId = group.staticMemberId(r.groupInstanceId());
            if (oldMemberId != null) {
                updateStaticMemberAndRebalance(cache, group, oldMemberId, newMemberId, r, answer);
            } else {
                addMemberAndRebalance(cache, group, newMemberId, r, answer);
            }
        } else if (r.requireKnownMemberId()) {
            // JoinGroup v4+: hand out the id and have the member come back with it.
            group.addPendingMember(newMemberId, timer.schedule(r.sessionTimeoutMs(),
                    () -> onTimer(group, c -> expirePendingMember(c, group, newMemberId))));
            answer.complete(JoinResult.error(newMemberId, Errors.MEMBER_ID_REQUIRED));
        } else {
            addMemberAndRebalance(cache, group, newMemberId, r, answer);
        }
    }

    private void doCurrentMemberJoin(PartitionCache cache, ClassicGroup group, JoinRequest r,
                                     CompletableFuture<JoinResult> answer) {
        String memberId = r.memberId();
        if (group.is(GroupState.DEAD)) {
            answer.complete(JoinResult.error(memberId, Errors.COORDINATOR_NOT_AVAILABLE));
            return;
        }
        if (!group.supportsProtocols(r.protocolType(), names(r.protocols()))) {
            answer.complete(JoinResult.error(memberId, Errors.INCONSISTENT_GROUP_PROTOCOL));
            return;
        }
        if (group.isPendingMember(memberId)) {
            addMemberAndRebalance(cache, group, memberId, r, answer);
            return;
        }
        Errors invalid = validateCurrentMember(group, memberId, r.groupInstanceId());
        if (invalid != null) {
            answer.complete(JoinResult.error(memberId, invalid));
            return;
        }
        ClassicGroupMember member = group.member(memberId);
        switch (group.state()) {
            case PREPARING_REBALANCE -> updateMemberAndRebalance(cache, group, member, r, answer, "rejoin");
            case COMPLETING_REBALANCE -> {
                if (member.matches(r.protocols())) {
                    // The member lost our answer: give it the current generation again.
                    answer.complete(currentGenerationResult(group, member, group.isLeader(memberId)));
                } else {
                    updateMemberAndRebalance(cache, group, member, r, answer, "metadata changed");
                }
            }
            case STABLE -> {
                if (group.isLeader(memberId) || !member.matches(r.protocols())) {
                    // The leader rejoins to have a new assignment made (e.g. the topics changed).
                    updateMemberAndRebalance(cache, group, member, r, answer,
                            group.isLeader(memberId) ? "leader rejoined" : "metadata changed");
                } else {
                    answer.complete(currentGenerationResult(group, member, false));
                }
            }
            case EMPTY, DEAD -> answer.complete(JoinResult.error(memberId, Errors.UNKNOWN_MEMBER_ID));
        }
    }

    private JoinResult currentGenerationResult(ClassicGroup group, ClassicGroupMember member, boolean withMembers) {
        return new JoinResult(Errors.NONE, group.generation(), group.protocolType(), group.protocolName(),
                group.leaderId(), member.memberId(), withMembers ? memberList(group) : List.of(), false);
    }

    private void addMemberAndRebalance(PartitionCache cache, ClassicGroup group, String memberId, JoinRequest r,
                                       CompletableFuture<JoinResult> answer) {
        ClassicGroupMember member = new ClassicGroupMember(memberId, r.groupInstanceId(), r.clientId(),
                r.clientHost(), r.rebalanceTimeoutMs(), r.sessionTimeoutMs(), r.protocolType(), r.protocols());
        member.isNew = true;
        if (group.is(GroupState.PREPARING_REBALANCE) && group.initialDelayRunning) {
            group.newMemberAdded = true; // the initial delay may be extended
        }
        group.removePendingMember(memberId);
        group.add(member);
        member.awaitingJoin = answer;
        // Kafka's KIP-394: a new member gets a long first deadline, then its session timeout.
        scheduleHeartbeatExpiry(group, member, NEW_MEMBER_JOIN_TIMEOUT_MS);
        maybePrepareRebalance(cache, group, "member " + memberId + " joined");
    }

    private void updateMemberAndRebalance(PartitionCache cache, ClassicGroup group, ClassicGroupMember member,
                                          JoinRequest r, CompletableFuture<JoinResult> answer, String reason) {
        member.update(r.clientId(), r.clientHost(), r.rebalanceTimeoutMs(), r.sessionTimeoutMs(), r.protocols());
        if (member.awaitingJoin != null) {
            // A retried JoinGroup replaces the earlier one (its connection is most likely gone).
            member.awaitingJoin.complete(JoinResult.error(member.memberId(), Errors.REBALANCE_IN_PROGRESS));
        }
        member.awaitingJoin = answer;
        maybePrepareRebalance(cache, group, reason + " (" + member.memberId() + ")");
    }

    /**
     * A static member came back with a new member id: it takes the old member's place. A Stable group
     * keeps its generation and assignments (no rebalance) unless the chosen protocol would change.
     */
    private void updateStaticMemberAndRebalance(PartitionCache cache, ClassicGroup group, String oldMemberId,
                                                String newMemberId, JoinRequest r,
                                                CompletableFuture<JoinResult> answer) {
        String currentLeader = group.leaderId();
        ClassicGroupMember member = group.member(oldMemberId);
        if (member.awaitingJoin != null) {
            member.awaitingJoin.complete(JoinResult.error(oldMemberId, Errors.FENCED_INSTANCE_ID));
            member.awaitingJoin = null;
        }
        if (member.awaitingSync != null) {
            member.awaitingSync.complete(SyncResult.error(Errors.FENCED_INSTANCE_ID));
            member.awaitingSync = null;
        }
        group.replaceStaticMember(r.groupInstanceId(), oldMemberId, newMemberId);
        scheduleHeartbeatExpiry(group, member, r.sessionTimeoutMs());
        String oldClientId = member.clientId();
        String oldClientHost = member.clientHost();
        int oldRebalanceTimeout = member.rebalanceTimeoutMs();
        int oldSessionTimeout = member.sessionTimeoutMs();
        List<Protocol> oldProtocols = member.protocols();
        member.update(r.clientId(), r.clientHost(), r.rebalanceTimeoutMs(), r.sessionTimeoutMs(), r.protocols());
        member.awaitingJoin = answer;
        log.info("Static member {} of group {} rejoined as {} (was {})", r.groupInstanceId(), group.groupId(),
                newMemberId, oldMemberId);
        switch (group.state()) {
            case STABLE -> {
                if (!group.selectProtocol().equals(group.protocolName())) {
                    maybePrepareRebalance(cache, group, "static member " + newMemberId + " changed the protocol");
                    return;
                }
                int generation = group.generation();
                offsets.storeGroup(cache, group.groupId(), group.toRecord()).thenAccept(error ->
                        onTimer(group, c -> {
                            if (member.awaitingJoin != answer) {
                                return; // answered meanwhile (a rebalance started)
                            }
                            member.awaitingJoin = null;
                            if (error != Errors.NONE) {
                                member.update(oldClientId, oldClientHost, oldRebalanceTimeout, oldSessionTimeout,
                                        oldProtocols);
                                if (group.has(newMemberId)) {
                                    group.replaceStaticMember(r.groupInstanceId(), newMemberId, oldMemberId);
                                }
                                answer.complete(new JoinResult(error, generation, group.protocolType(),
                                        group.protocolName(), currentLeader, "", List.of(), false));
                            } else if (r.supportSkippingAssignment()) {
                                // v9: the leader learns it leads but keeps the stored assignment
                                boolean leader = group.isLeader(newMemberId);
                                answer.complete(new JoinResult(Errors.NONE, group.generation(), group.protocolType(),
                                        group.protocolName(), group.leaderId(), newMemberId,
                                        leader ? memberList(group) : List.of(), leader));
                            } else {
                                // Before v9 the old leader id is returned, so that this member does not
                                // compute an assignment a Stable group would ignore.
                                answer.complete(new JoinResult(Errors.NONE, group.generation(), group.protocolType(),
                                        group.protocolName(), currentLeader, newMemberId, List.of(), false));
                            }
                        }));
            }
            // The old member id may already have been handed to the leader: assign again.
            case COMPLETING_REBALANCE -> prepareRebalance(cache, group, "static member " + newMemberId + " rejoined");
            case PREPARING_REBALANCE -> {
                // answered when the rebalance completes
            }
            case EMPTY, DEAD -> {
                member.awaitingJoin = null;
                answer.complete(JoinResult.error(newMemberId, Errors.UNKNOWN_MEMBER_ID));
            }
        }
    }

    // ---------------------------------------------------------------- rebalancing

    private void maybePrepareRebalance(PartitionCache cache, ClassicGroup group, String reason) {
        if (group.canRebalance()) {
            prepareRebalance(cache, group, reason);
        }
    }

    private void prepareRebalance(PartitionCache cache, ClassicGroup group, String reason) {
        if (group.is(GroupState.COMPLETING_REBALANCE)) {
            resetAndPropagateAssignmentError(group, Errors.REBALANCE_IN_PROGRESS);
        }
        cancelSyncExpiry(group);
        boolean fromEmpty = group.is(GroupState.EMPTY);
        group.transitionTo(GroupState.PREPARING_REBALANCE, timer.nowMs());
        cancel(group.joinTimer);
        log.info("Preparing to rebalance group {} (generation {}): {}", group.groupId(), group.generation(), reason);
        if (fromEmpty) {
            // Kafka's InitialDelayedJoin: wait for more members before the first generation.
            int delay = config.initialRebalanceDelayMs();
            group.initialDelayRunning = true;
            group.newMemberAdded = false;
            group.initialDelayRemainingMs = Math.max(group.rebalanceTimeoutMs() - delay, 0);
            group.joinTimer = timer.schedule(delay, () -> onTimer(group, c -> onInitialDelayExpired(c, group)));
        } else {
            group.initialDelayRunning = false;
            group.joinTimer = timer.schedule(group.rebalanceTimeoutMs(),
                    () -> onTimer(group, c -> onJoinTimeout(c, group)));
            tryCompleteJoin(cache, group);
        }
    }

    private void onInitialDelayExpired(PartitionCache cache, ClassicGroup group) {
        if (!group.is(GroupState.PREPARING_REBALANCE) || !group.initialDelayRunning) {
            return;
        }
        if (group.newMemberAdded && group.initialDelayRemainingMs > 0) {
            group.newMemberAdded = false;
            long delay = Math.min(config.initialRebalanceDelayMs(), group.initialDelayRemainingMs);
            group.initialDelayRemainingMs = Math.max(group.initialDelayRemainingMs - config.initialRebalanceDelayMs(), 0);
            group.joinTimer = timer.schedule(delay, () -> onTimer(group, c -> onInitialDelayExpired(c, group)));
        } else {
            group.initialDelayRunning = false;
            completeJoin(cache, group);
        }
    }

    private void onJoinTimeout(PartitionCache cache, ClassicGroup group) {
        if (group.is(GroupState.PREPARING_REBALANCE) && !group.initialDelayRunning) {
            completeJoin(cache, group);
        }
    }

    /** Completes the join phase when every member is in (not during the initial delay). */
    private void tryCompleteJoin(PartitionCache cache, ClassicGroup group) {
        if (group.is(GroupState.PREPARING_REBALANCE) && !group.initialDelayRunning && group.hasAllMembersJoined()) {
            completeJoin(cache, group);
        }
    }

    private void completeJoin(PartitionCache cache, ClassicGroup group) {
        cancel(group.joinTimer);
        group.joinTimer = null;
        for (ClassicGroupMember member : List.copyOf(group.members())) {
            if (!member.isAwaitingJoin() && !member.isStatic()) {
                log.info("Removing member {} of group {}: it did not rejoin in time", member.memberId(),
                        group.groupId());
                dropMember(group, member);
            }
        }
        if (group.is(GroupState.DEAD)) {
            return;
        }
        if (!group.maybeElectNewJoinedLeader() && !group.isEmptyOfMembers()) {
            // Only static members that have not rejoined are left: wait for them or their session timeouts.
            group.joinTimer = timer.schedule(group.rebalanceTimeoutMs(),
                    () -> onTimer(group, c -> onJoinTimeout(c, group)));
            return;
        }
        group.initNextGeneration(timer.nowMs());
        if (group.is(GroupState.EMPTY)) {
            log.info("Group {} is now Empty (generation {})", group.groupId(), group.generation());
            offsets.storeGroup(cache, group.groupId(), group.toRecord()).thenAccept(error -> {
                if (error != Errors.NONE) {
                    log.warn("Could not write the Empty metadata of group {}: {}", group.groupId(), error);
                }
            });
            return;
        }
        log.info("Group {} generation {} with {} members, protocol {}, leader {}", group.groupId(),
                group.generation(), group.size(), group.protocolName(), group.leaderId());
        List<JoinMember> members = memberList(group);
        for (ClassicGroupMember member : group.members()) {
            if (member.awaitingJoin != null) {
                boolean leader = group.isLeader(member.memberId());
                member.awaitingJoin.complete(new JoinResult(Errors.NONE, group.generation(), group.protocolType(),
                        group.protocolName(), group.leaderId(), member.memberId(), leader ? members : List.of(),
                        false));
                member.awaitingJoin = null;
            }
            member.isNew = false;
            scheduleHeartbeatExpiry(group, member, member.sessionTimeoutMs());
            group.pendingSyncMembers().add(member.memberId());
        }
        int generation = group.generation();
        group.syncTimer = timer.schedule(group.rebalanceTimeoutMs(),
                () -> onTimer(group, c -> onSyncExpired(c, group, generation)));
    }

    private static List<JoinMember> memberList(ClassicGroup group) {
        List<JoinMember> members = new ArrayList<>(group.size());
        for (ClassicGroupMember member : group.members()) {
            byte[] metadata = member.metadata(group.protocolName());
            members.add(new JoinMember(member.memberId(), member.groupInstanceId(),
                    metadata == null ? new byte[0] : metadata));
        }
        return members;
    }

    // ---------------------------------------------------------------- SyncGroup

    public CompletableFuture<SyncResult> syncGroup(String groupId, int generation, String memberId,
                                                   String groupInstanceId, String protocolType, String protocolName,
                                                   Map<String, byte[]> assignments) {
        if (groupId == null || groupId.isEmpty()) {
            return done(SyncResult.error(Errors.INVALID_GROUP_ID));
        }
        return inGroupPartition(groupId, SyncResult::error, cache -> {
            ClassicGroup group = cache.classicGroups.get(groupId);
            if (group == null) {
                return done(SyncResult.error(Errors.UNKNOWN_MEMBER_ID));
            }
            Errors invalid;
            if (group.is(GroupState.DEAD)) {
                invalid = Errors.COORDINATOR_NOT_AVAILABLE;
            } else if (group.isStaticMemberFenced(groupInstanceId, memberId)) {
                invalid = Errors.FENCED_INSTANCE_ID;
            } else if (!group.has(memberId)) {
                invalid = Errors.UNKNOWN_MEMBER_ID;
            } else if (generation != group.generation()) {
                invalid = Errors.ILLEGAL_GENERATION;
            } else if ((protocolType != null && !protocolType.equals(group.protocolType()))
                    || (protocolName != null && !protocolName.equals(group.protocolName()))) {
                invalid = Errors.INCONSISTENT_GROUP_PROTOCOL;
            } else {
                invalid = switch (group.state()) {
                    case EMPTY -> Errors.UNKNOWN_MEMBER_ID;
                    case PREPARING_REBALANCE -> Errors.REBALANCE_IN_PROGRESS;
                    default -> null;
                };
            }
            if (invalid != null) {
                return done(SyncResult.error(invalid));
            }
            ClassicGroupMember member = group.member(memberId);
            if (group.is(GroupState.STABLE)) {
                removePendingSyncMember(group, memberId);
                scheduleHeartbeatExpiry(group, member, member.sessionTimeoutMs());
                return done(new SyncResult(Errors.NONE, group.protocolType(), group.protocolName(), member.assignment()));
            }
            // CompletingRebalance: everyone waits for the leader's assignments to be stored.
            CompletableFuture<SyncResult> answer = new CompletableFuture<>();
            if (member.awaitingSync != null) {
                member.awaitingSync.complete(SyncResult.error(Errors.REBALANCE_IN_PROGRESS));
            }
            member.awaitingSync = answer;
            removePendingSyncMember(group, memberId);
            if (group.isLeader(memberId)) {
                Map<String, byte[]> full = new HashMap<>();
                for (ClassicGroupMember m : group.members()) {
                    byte[] assignment = assignments.get(m.memberId());
                    full.put(m.memberId(), assignment == null ? new byte[0] : assignment);
                }
                GroupRecords.GroupValue record = withAssignments(group.toRecord(), full);
                int gen = group.generation();
                offsets.storeGroup(cache, groupId, record).thenAccept(error -> onTimer(group, c -> {
                    if (!group.is(GroupState.COMPLETING_REBALANCE) || group.generation() != gen) {
                        return;
                    }
                    if (error != Errors.NONE) {
                        resetAndPropagateAssignmentError(group, error);
                        maybePrepareRebalance(c, group, "could not store the assignment: " + error);
                    } else {
                        for (ClassicGroupMember m : group.members()) {
                            m.assignment(full.get(m.memberId()));
                        }
                        propagateAssignment(group, Errors.NONE);
                        group.transitionTo(GroupState.STABLE, timer.nowMs());
                        log.info("Group {} generation {} is Stable", groupId, gen);
                    }
                }));
            }
            return answer;
        });
    }

    private static GroupRecords.GroupValue withAssignments(GroupRecords.GroupValue value, Map<String, byte[]> assignments) {
        List<GroupRecords.MemberValue> members = new ArrayList<>(value.members().size());
        for (GroupRecords.MemberValue m : value.members()) {
            members.add(new GroupRecords.MemberValue(m.memberId(), m.groupInstanceId(), m.clientId(), m.clientHost(),
                    m.rebalanceTimeoutMs(), m.sessionTimeoutMs(), m.subscription(), assignments.get(m.memberId())));
        }
        return new GroupRecords.GroupValue(value.protocolType(), value.generation(), value.protocol(), value.leader(),
                value.currentStateTimestamp(), members);
    }

    private void propagateAssignment(ClassicGroup group, Errors error) {
        for (ClassicGroupMember member : group.members()) {
            if (member.awaitingSync != null) {
                member.awaitingSync.complete(new SyncResult(error, group.protocolType(), group.protocolName(),
                        error == Errors.NONE ? member.assignment() : new byte[0]));
                member.awaitingSync = null;
                scheduleHeartbeatExpiry(group, member, member.sessionTimeoutMs());
            }
        }
    }

    private void resetAndPropagateAssignmentError(ClassicGroup group, Errors error) {
        for (ClassicGroupMember member : group.members()) {
            member.assignment(new byte[0]);
        }
        propagateAssignment(group, error);
    }

    private void removePendingSyncMember(ClassicGroup group, String memberId) {
        group.pendingSyncMembers().remove(memberId);
        if (group.pendingSyncMembers().isEmpty()) {
            cancel(group.syncTimer);
            group.syncTimer = null;
        }
    }

    private void cancelSyncExpiry(ClassicGroup group) {
        group.pendingSyncMembers().clear();
        cancel(group.syncTimer);
        group.syncTimer = null;
    }

    private void onSyncExpired(PartitionCache cache, ClassicGroup group, int generation) {
        if (generation != group.generation() || group.pendingSyncMembers().isEmpty()
                || !(group.is(GroupState.COMPLETING_REBALANCE) || group.is(GroupState.STABLE))) {
            return;
        }
        List<String> late = List.copyOf(group.pendingSyncMembers());
        for (String memberId : late) {
            ClassicGroupMember member = group.member(memberId);
            if (member != null) {
                dropMember(group, member);
            }
        }
        log.info("Removed members {} of group {}: no SyncGroup within the rebalance timeout", late, group.groupId());
        prepareRebalance(cache, group, "members did not sync in time");
    }

    // ---------------------------------------------------------------- Heartbeat

    public CompletableFuture<Errors> heartbeat(String groupId, String memberId, String groupInstanceId,
                                               int generation) {
        if (groupId == null || groupId.isEmpty()) {
            return done(Errors.INVALID_GROUP_ID);
        }
        return inGroupPartition(groupId, e -> e, cache -> {
            ClassicGroup group = cache.classicGroups.get(groupId);
            if (group == null) {
                return done(Errors.UNKNOWN_MEMBER_ID);
            }
            if (group.is(GroupState.DEAD)) {
                return done(Errors.COORDINATOR_NOT_AVAILABLE);
            }
            if (group.isStaticMemberFenced(groupInstanceId, memberId)) {
                return done(Errors.FENCED_INSTANCE_ID);
            }
            ClassicGroupMember member = group.member(memberId);
            if (member == null) {
                return done(Errors.UNKNOWN_MEMBER_ID);
            }
            if (generation != group.generation()) {
                return done(Errors.ILLEGAL_GENERATION);
            }
            return done(switch (group.state()) {
                case EMPTY, DEAD -> Errors.UNKNOWN_MEMBER_ID;
                case COMPLETING_REBALANCE, STABLE -> {
                    scheduleHeartbeatExpiry(group, member, member.sessionTimeoutMs());
                    yield Errors.NONE;
                }
                case PREPARING_REBALANCE -> {
                    scheduleHeartbeatExpiry(group, member, member.sessionTimeoutMs());
                    yield Errors.REBALANCE_IN_PROGRESS;
                }
            });
        });
    }

    private void scheduleHeartbeatExpiry(ClassicGroup group, ClassicGroupMember member, long timeoutMs) {
        cancel(member.heartbeatExpiry);
        member.heartbeatExpiry = timer.schedule(timeoutMs, () -> onTimer(group, c -> onHeartbeatExpired(c, group, member)));
    }

    private void onHeartbeatExpired(PartitionCache cache, ClassicGroup group, ClassicGroupMember member) {
        if (group.member(member.memberId()) != member) {
            return; // left or replaced meanwhile
        }
        if (!member.isNew && (member.isAwaitingJoin() || member.isAwaitingSync())) {
            // A member waiting in a rebalance is alive by definition; its next deadline starts after it.
            scheduleHeartbeatExpiry(group, member, member.sessionTimeoutMs());
            return;
        }
        log.info("Member {} of group {} sent no heartbeat within {} ms: removing it", member.memberId(),
                group.groupId(), member.isNew ? NEW_MEMBER_JOIN_TIMEOUT_MS : member.sessionTimeoutMs());
        removeMemberAndUpdateGroup(cache, group, member, "session timeout of " + member.memberId());
    }

    private void expirePendingMember(PartitionCache cache, ClassicGroup group, String memberId) {
        if (group.removePendingMember(memberId)) {
            log.info("Pending member {} of group {} did not rejoin within its session timeout", memberId,
                    group.groupId());
            tryCompleteJoin(cache, group);
        }
    }

    // ---------------------------------------------------------------- LeaveGroup

    public CompletableFuture<LeaveResult> leaveGroup(String groupId, List<LeaveMember> leaving) {
        if (groupId == null || groupId.isEmpty()) {
            return done(new LeaveResult(Errors.INVALID_GROUP_ID, List.of()));
        }
        return inGroupPartition(groupId, e -> new LeaveResult(e, List.of()), cache -> {
            ClassicGroup group = cache.classicGroups.get(groupId);
            List<MemberLeaveResult> results = new ArrayList<>(leaving.size());
            if (group == null) {
                leaving.forEach(m -> results.add(new MemberLeaveResult(m.memberId(), m.groupInstanceId(),
                        Errors.UNKNOWN_MEMBER_ID)));
                return done(new LeaveResult(Errors.NONE, results));
            }
            if (group.is(GroupState.DEAD)) {
                return done(new LeaveResult(Errors.COORDINATOR_NOT_AVAILABLE, List.of()));
            }
            for (LeaveMember m : leaving) {
                results.add(new MemberLeaveResult(m.memberId(), m.groupInstanceId(), leave(cache, group, m)));
            }
            return done(new LeaveResult(Errors.NONE, results));
        });
    }

    private Errors leave(PartitionCache cache, ClassicGroup group, LeaveMember m) {
        String memberId = m.memberId() == null ? "" : m.memberId();
        if (m.groupInstanceId() != null) {
            String current = group.staticMemberId(m.groupInstanceId());
            if (current == null) {
                return Errors.UNKNOWN_MEMBER_ID;
            }
            if (!memberId.isEmpty() && !memberId.equals(current)) {
                return Errors.FENCED_INSTANCE_ID;
            }
            removeMemberAndUpdateGroup(cache, group, group.member(current), "static member " + m.groupInstanceId() + " left");
            return Errors.NONE;
        }
        if (group.removePendingMember(memberId)) {
            tryCompleteJoin(cache, group);
            return Errors.NONE;
        }
        ClassicGroupMember member = group.member(memberId);
        if (member == null) {
            return Errors.UNKNOWN_MEMBER_ID;
        }
        removeMemberAndUpdateGroup(cache, group, member, "member " + memberId + " left");
        return Errors.NONE;
    }

    /** Removes a member and moves the group on: a rebalance, or the end of the current one. */
    private void removeMemberAndUpdateGroup(PartitionCache cache, ClassicGroup group, ClassicGroupMember member,
                                            String reason) {
        dropMember(group, member);
        switch (group.state()) {
            case STABLE, COMPLETING_REBALANCE -> maybePrepareRebalance(cache, group, reason);
            case PREPARING_REBALANCE -> tryCompleteJoin(cache, group);
            case EMPTY, DEAD -> {
            }
        }
    }

    /** Takes a member out of the group, answering what it still waits for with UNKNOWN_MEMBER_ID. */
    private void dropMember(ClassicGroup group, ClassicGroupMember member) {
        if (member.awaitingJoin != null) {
            member.awaitingJoin.complete(JoinResult.error("", Errors.UNKNOWN_MEMBER_ID));
            member.awaitingJoin = null;
        }
        if (member.awaitingSync != null) {
            member.awaitingSync.complete(SyncResult.error(Errors.UNKNOWN_MEMBER_ID));
            member.awaitingSync = null;
        }
        cancel(member.heartbeatExpiry);
        member.heartbeatExpiry = null;
        group.remove(member.memberId());
        if (group.pendingSyncMembers().isEmpty()) {
            cancel(group.syncTimer);
            group.syncTimer = null;
        }
    }

    // ---------------------------------------------------------------- OffsetCommit

    /**
     * Commits offsets if the committer may (Kafka's rules): a member of the current generation while the
     * group is Stable or PreparingRebalance (REBALANCE_IN_PROGRESS in CompletingRebalance), anyone with
     * generation -1 and no member id while the group has no members; otherwise UNKNOWN_MEMBER_ID,
     * ILLEGAL_GENERATION or FENCED_INSTANCE_ID for every partition.
     *
     * @throws CoordinatorException for errors of the whole request (NOT_COORDINATOR...)
     */
    public CompletableFuture<Map<TopicPartition, Errors>> commitOffsets(String groupId, int generation, String memberId,
                                                                        String groupInstanceId,
                                                                        Map<TopicPartition, OffsetValue> commits) {
        String member = memberId == null ? "" : memberId;
        int p = offsets.lookup().partitionFor(groupId);
        synchronized (offsets.lock(p)) {
            PartitionCache cache = offsets.loadedCache(p);
            ClassicGroup group = cache.classicGroups.get(groupId);
            Errors refusal = null;
            if (group == null) {
                if (generation >= 0) {
                    // Kafka knows a group with offsets as an Empty group (no such member); a group it does
                    // not know at all means a stale generation.
                    refusal = cache.hasOffsets(groupId) ? Errors.UNKNOWN_MEMBER_ID : Errors.ILLEGAL_GENERATION;
                }
            } else if (group.is(GroupState.DEAD)) {
                refusal = Errors.COORDINATOR_NOT_AVAILABLE;
            } else if (generation >= 0 || !member.isEmpty() || groupInstanceId != null) {
                refusal = validateCurrentMember(group, member, groupInstanceId);
                if (refusal == null && generation != group.generation()) {
                    refusal = Errors.ILLEGAL_GENERATION;
                }
                if (refusal == null && group.is(GroupState.COMPLETING_REBALANCE)) {
                    refusal = Errors.REBALANCE_IN_PROGRESS;
                }
                if (refusal == null) {
                    ClassicGroupMember m = group.member(member);
                    scheduleHeartbeatExpiry(group, m, m.sessionTimeoutMs());
                }
            } else if (!group.is(GroupState.EMPTY)) {
                refusal = Errors.UNKNOWN_MEMBER_ID; // only members commit to a group that has members
            }
            if (refusal != null) {
                Map<TopicPartition, Errors> errors = new LinkedHashMap<>();
                for (TopicPartition tp : commits.keySet()) {
                    errors.put(tp, refusal);
                }
                return CompletableFuture.completedFuture(errors);
            }
            return offsets.commit(groupId, commits);
        }
    }

    private static Errors validateCurrentMember(ClassicGroup group, String memberId, String groupInstanceId) {
        if (groupInstanceId != null) {
            String current = group.staticMemberId(groupInstanceId);
            if (current == null) {
                return Errors.UNKNOWN_MEMBER_ID;
            }
            if (!current.equals(memberId)) {
                return Errors.FENCED_INSTANCE_ID;
            }
            return null;
        }
        return group.has(memberId) ? null : Errors.UNKNOWN_MEMBER_ID;
    }

    // ---------------------------------------------------------------- DescribeGroups, ListGroups, DeleteGroups

    /**
     * A group as DescribeGroups shows it; an unknown group is Dead, a group with offsets but no group
     * management is Empty with protocol type "".
     *
     * @throws CoordinatorException NOT_COORDINATOR when another broker coordinates it
     */
    public GroupSummary describeGroup(String groupId) {
        int p = offsets.lookup().partitionFor(groupId);
        synchronized (offsets.lock(p)) {
            PartitionCache cache = offsets.loadedCache(p);
            ClassicGroup group = cache.classicGroups.get(groupId);
            if (group == null) {
                return new GroupSummary(cache.hasOffsets(groupId) ? GroupState.EMPTY.displayName()
                        : GroupState.DEAD.displayName(), "", "", List.of());
            }
            boolean stable = group.is(GroupState.STABLE);
            List<MemberSummary> members = new ArrayList<>(group.size());
            for (ClassicGroupMember m : group.members()) {
                byte[] metadata = stable ? m.metadata(group.protocolName()) : null;
                members.add(new MemberSummary(m.memberId(), m.groupInstanceId(), m.clientId(), m.clientHost(),
                        metadata == null ? new byte[0] : metadata, stable ? m.assignment() : new byte[0]));
            }
            return new GroupSummary(group.state().displayName(),
                    group.protocolType() == null ? "" : group.protocolType(),
                    stable ? group.protocolName() : "", members);
        }
    }

    /** The groups of every {@code __consumer_offsets} partition this broker leads (loading them first). */
    public List<GroupListing> listGroups() {
        List<GroupListing> listings = new ArrayList<>();
        for (int p : offsets.ledPartitions()) {
            synchronized (offsets.lock(p)) {
                PartitionCache cache;
                try {
                    cache = offsets.loadedCache(p);
                } catch (CoordinatorException e) {
                    continue; // leadership moved meanwhile: the new leader lists these groups
                }
                cache.classicGroups.forEach((id, group) -> listings.add(new GroupListing(id,
                        group.protocolType() == null ? "" : group.protocolType(), group.state().displayName())));
                cache.groups.keySet().forEach(id -> {
                    if (!cache.classicGroups.containsKey(id)) {
                        listings.add(new GroupListing(id, "", GroupState.EMPTY.displayName()));
                    }
                });
            }
        }
        return listings;
    }

    /**
     * Deletes a group without members: tombstones for its offsets and metadata. NON_EMPTY_GROUP while it
     * has members, GROUP_ID_NOT_FOUND when unknown.
     *
     * @throws CoordinatorException NOT_COORDINATOR when another broker coordinates it
     */
    public CompletableFuture<Errors> deleteGroup(String groupId) {
        int p = offsets.lookup().partitionFor(groupId);
        synchronized (offsets.lock(p)) {
            PartitionCache cache = offsets.loadedCache(p);
            ClassicGroup group = cache.classicGroups.get(groupId);
            if (group == null) {
                if (!cache.hasOffsets(groupId)) {
                    return done(Errors.GROUP_ID_NOT_FOUND);
                }
            } else if (group.is(GroupState.DEAD)) {
                return done(Errors.GROUP_ID_NOT_FOUND);
            } else if (!group.is(GroupState.EMPTY)) {
                return done(Errors.NON_EMPTY_GROUP);
            } else {
                cache.classicGroups.remove(groupId);
                cancel(group.joinTimer);
                cancel(group.syncTimer);
                group.transitionTo(GroupState.DEAD, timer.nowMs());
            }
            log.info("Deleting group {}", groupId);
            return offsets.deleteGroup(cache, groupId);
        }
    }

    /**
     * Deletes committed offsets of a group (OffsetDelete), as Kafka allows it: any of an Empty group or a
     * group without group management; of a consumer group with members, only those of topics no member
     * subscribes to (GROUP_SUBSCRIBED_TO_TOPIC for the others); none of another kind of group with members
     * (NON_EMPTY_GROUP). GROUP_ID_NOT_FOUND for an unknown group.
     *
     * @throws CoordinatorException NOT_COORDINATOR when another broker coordinates it
     */
    public CompletableFuture<OffsetDeleteResult> deleteOffsets(String groupId, List<TopicPartition> partitions) {
        int p = offsets.lookup().partitionFor(groupId);
        synchronized (offsets.lock(p)) {
            PartitionCache cache = offsets.loadedCache(p);
            ClassicGroup group = cache.classicGroups.get(groupId);
            Map<TopicPartition, Errors> errors = new LinkedHashMap<>();
            List<TopicPartition> deletable = new ArrayList<>();
            if ((group == null && !cache.hasOffsets(groupId)) || (group != null && group.is(GroupState.DEAD))) {
                return done(new OffsetDeleteResult(Errors.GROUP_ID_NOT_FOUND, Map.of()));
            }
            if (group == null || group.is(GroupState.EMPTY)) {
                deletable.addAll(partitions);
            } else if (ConsumerSubscription.PROTOCOL_TYPE.equals(group.protocolType())) {
                java.util.Set<String> subscribed = group.subscribedTopics();
                for (TopicPartition tp : partitions) {
                    if (subscribed != null && subscribed.contains(tp.topic())) {
                        errors.put(tp, Errors.GROUP_SUBSCRIBED_TO_TOPIC);
                    } else {
                        deletable.add(tp);
                    }
                }
            } else {
                return done(new OffsetDeleteResult(Errors.NON_EMPTY_GROUP, Map.of()));
            }
            deletable.forEach(tp -> errors.put(tp, Errors.NONE));
            return offsets.deleteOffsets(cache, groupId, deletable).thenApply(outcome -> outcome == Errors.NONE
                    ? new OffsetDeleteResult(Errors.NONE, errors) : new OffsetDeleteResult(outcome, Map.of()));
        }
    }

    // ---------------------------------------------------------------- loading, timers, locking

    /** A load rebuilt groups from the log: their members' session timers start now. */
    private void onGroupsLoaded(PartitionCache cache) {
        for (ClassicGroup group : cache.classicGroups.values()) {
            for (ClassicGroupMember member : group.members()) {
                scheduleHeartbeatExpiry(group, member, member.sessionTimeoutMs());
            }
        }
    }

    /**
     * Runs a timer's action (or the answer of a write) on {@code group} under its partition's lock, if the group is still the one
     * this coordinator holds. A group whose partition moved away (or reloaded) is dropped: whoever
     * waits in it is told NOT_COORDINATOR and finds the new coordinator.
     */
    private void onTimer(ClassicGroup group, Consumer<PartitionCache> action) {
        int p = offsets.lookup().partitionFor(group.groupId());
        synchronized (offsets.lock(p)) {
            PartitionCache cache = offsets.currentCache(p);
            if (cache != null && cache.classicGroups.get(group.groupId()) == group) {
                action.accept(cache);
            } else if (!group.is(GroupState.DEAD)) {
                unload(group);
            }
        }
    }

    private void unload(ClassicGroup group) {
        for (ClassicGroupMember member : List.copyOf(group.members())) {
            if (member.awaitingJoin != null) {
                member.awaitingJoin.complete(JoinResult.error(member.memberId(), Errors.NOT_COORDINATOR));
                member.awaitingJoin = null;
            }
            if (member.awaitingSync != null) {
                member.awaitingSync.complete(SyncResult.error(Errors.NOT_COORDINATOR));
                member.awaitingSync = null;
            }
            cancel(member.heartbeatExpiry);
        }
        cancel(group.joinTimer);
        cancel(group.syncTimer);
        group.transitionTo(GroupState.DEAD, timer.nowMs());
    }

    /**
     * Runs {@code action} holding the lock of the group's partition, with its loaded cache; a
     * CoordinatorException (NOT_COORDINATOR...) becomes {@code onError}'s answer.
     */
    private <T> CompletableFuture<T> inGroupPartition(String groupId, Function<Errors, T> onError,
                                                      Function<PartitionCache, CompletableFuture<T>> action) {
        int p = offsets.lookup().partitionFor(groupId);
        try {
            synchronized (offsets.lock(p)) {
                return action.apply(offsets.loadedCache(p));
            }
        } catch (CoordinatorException e) {
            return done(onError.apply(e.error()));
        }
    }

    private static <T> CompletableFuture<T> done(T value) {
        return CompletableFuture.completedFuture(value);
    }

    private static void cancel(GroupTimer.Scheduled scheduled) {
        if (scheduled != null) {
            scheduled.cancel();
        }
    }

    private static List<String> names(List<Protocol> protocols) {
        List<String> names = new ArrayList<>(protocols.size());
        protocols.forEach(p -> names.add(p.name()));
        return names;
    }
}
