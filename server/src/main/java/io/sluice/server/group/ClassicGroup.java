package io.sluice.server.group;

import io.sluice.server.group.ClassicGroupMember.Protocol;
import io.sluice.server.group.GroupRecords.GroupValue;
import io.sluice.server.group.GroupRecords.MemberValue;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A classic consumer group as its coordinator holds it: state (see {@link GroupState} for the legal
 * transitions, enforced by {@link #transitionTo}), generation, protocol type and chosen protocol, leader,
 * members (keyed by member id, in join order), members that were handed an id but have not joined with
 * it yet ("pending", JoinGroup v4+), the static members' instance id to member id map, and the members
 * that still owe a SyncGroup for the current generation.
 *
 * <p>The coordinator's timers for the group (held joins, pending syncs) hang here too, so that a group
 * dropped from memory takes them along.
 *
 * <p>Not thread-safe: every access holds the lock of the group's {@code __consumer_offsets} partition
 * (see {@link GroupCoordinator}).
 */
public final class ClassicGroup {

    private final String groupId;
    private GroupState state;
    private long stateTimestampMs;
    private int generation;
    private String protocolType;
    private String protocolName;
    private String leaderId;
    private final Map<String, ClassicGroupMember> members = new LinkedHashMap<>();
    private final Map<String, GroupTimer.Scheduled> pendingMembers = new HashMap<>();
    private final Map<String, String> staticMembers = new HashMap<>();
    private final Set<String> pendingSyncMembers = new HashSet<>();
    /** A member joined while the initial rebalance delay ran (Kafka's InitialDelayedJoin extends it). */
    boolean newMemberAdded;
    /** The held-join timer of the current PreparingRebalance, the pending-sync timer of the generation. */
    GroupTimer.Scheduled joinTimer;
    GroupTimer.Scheduled syncTimer;
    /** True while the initial rebalance delay runs: joins cannot complete the rebalance early. */
    boolean initialDelayRunning;
    long initialDelayRemainingMs;

    public ClassicGroup(String groupId, GroupState state, long nowMs) {
        this.groupId = groupId;
        this.state = state;
        this.stateTimestampMs = nowMs;
    }

    // ---------------------------------------------------------------- state

    public String groupId() {
        return groupId;
    }

    public GroupState state() {
        return state;
    }

    public boolean is(GroupState s) {
        return state == s;
    }

    /** When the group entered its current state ({@code current_state_timestamp} of its record). */
    public long stateTimestampMs() {
        return stateTimestampMs;
    }

    /**
     * Moves to {@code target}.
     *
     * @throws IllegalStateException when {@link GroupState} does not allow it
     */
    public void transitionTo(GroupState target, long nowMs) {
        if (!target.canFollow(state)) {
            throw new IllegalStateException("Group " + groupId + " cannot move from " + state.displayName()
                    + " to " + target.displayName());
        }
        state = target;
        stateTimestampMs = nowMs;
    }

    /** Whether a rebalance may start from the current state. */
    public boolean canRebalance() {
        return GroupState.PREPARING_REBALANCE.canFollow(state);
    }

    public int generation() {
        return generation;
    }

    /** The protocol type of the members ("consumer"), null before anyone joined. */
    public String protocolType() {
        return protocolType;
    }

    /** The protocol chosen for the current generation, null when the group is Empty. */
    public String protocolName() {
        return protocolName;
    }

    public String leaderId() {
        return leaderId;
    }

    public boolean isLeader(String memberId) {
        return memberId.equals(leaderId);
    }

    // ---------------------------------------------------------------- members

    public boolean has(String memberId) {
        return members.containsKey(memberId);
    }

    public ClassicGroupMember member(String memberId) {
        return members.get(memberId);
    }

    public Collection<ClassicGroupMember> members() {
        return members.values();
    }

    public int size() {
        return members.size();
    }

    public boolean isEmptyOfMembers() {
        return members.isEmpty();
    }

    void add(ClassicGroupMember member) {
        if (members.isEmpty()) {
            protocolType = member.protocolType();
        }
        members.put(member.memberId(), member);
        if (member.isStatic()) {
            staticMembers.put(member.groupInstanceId(), member.memberId());
        }
        if (leaderId == null) {
            leaderId = member.memberId();
        }
    }

    /** Removes a member; a new leader is picked among the others (preferring one that rejoined). */
    void remove(String memberId) {
        ClassicGroupMember member = members.remove(memberId);
        if (member != null && member.isStatic()) {
            staticMembers.remove(member.groupInstanceId(), memberId);
        }
        pendingSyncMembers.remove(memberId);
        if (memberId.equals(leaderId)) {
            leaderId = null;
            for (ClassicGroupMember other : members.values()) {
                if (other.isAwaitingJoin()) {
                    leaderId = other.memberId();
                    break;
                }
            }
            if (leaderId == null && !members.isEmpty()) {
                leaderId = members.keySet().iterator().next();
            }
        }
    }

    /** The member id a static member's instance id maps to, or null. */
    public String staticMemberId(String groupInstanceId) {
        return groupInstanceId == null ? null : staticMembers.get(groupInstanceId);
    }

    /** Whether {@code memberId} is not (any more) the member of static instance {@code groupInstanceId}. */
    boolean isStaticMemberFenced(String groupInstanceId, String memberId) {
        if (groupInstanceId == null) {
            return false;
        }
        String current = staticMembers.get(groupInstanceId);
        return current != null && !current.equals(memberId);
    }

    /**
     * Gives static member {@code groupInstanceId} the new member id, keeping its place, protocols and
     * assignment. Returns the member; its held answers (if any) are the caller's to complete.
     */
    ClassicGroupMember replaceStaticMember(String groupInstanceId, String oldMemberId, String newMemberId) {
        ClassicGroupMember member = members.remove(oldMemberId);
        if (member == null) {
            throw new IllegalArgumentException("No member " + oldMemberId + " in group " + groupId);
        }
        member.memberId(newMemberId);
        // keep the join order: a LinkedHashMap re-insert would move the member to the end, which is fine
        members.put(newMemberId, member);
        staticMembers.put(groupInstanceId, newMemberId);
        if (oldMemberId.equals(leaderId)) {
            leaderId = newMemberId;
        }
        if (pendingSyncMembers.remove(oldMemberId)) {
            pendingSyncMembers.add(newMemberId);
        }
        return member;
    }

    boolean isPendingMember(String memberId) {
        return pendingMembers.containsKey(memberId);
    }

    void addPendingMember(String memberId, GroupTimer.Scheduled expiry) {
        pendingMembers.put(memberId, expiry);
    }

    /** Forgets a pending member (it joined, left or expired) and cancels its expiry. */
    boolean removePendingMember(String memberId) {
        GroupTimer.Scheduled expiry = pendingMembers.remove(memberId);
        if (expiry != null) {
            expiry.cancel();
            return true;
        }
        return false;
    }

    int pendingMemberCount() {
        return pendingMembers.size();
    }

    /** Every known member waits in JoinGroup and no member id handed out is still unused. */
    boolean hasAllMembersJoined() {
        for (ClassicGroupMember member : members.values()) {
            if (!member.isAwaitingJoin()) {
                return false;
            }
        }
        return pendingMembers.isEmpty();
    }

    int awaitingJoinCount() {
        int n = 0;
        for (ClassicGroupMember member : members.values()) {
            if (member.isAwaitingJoin()) {
                n++;
            }
        }
        return n;
    }

    /** The largest rebalance timeout among members: how long a rebalance waits for rejoins. */
    int rebalanceTimeoutMs() {
        int max = 0;
        for (ClassicGroupMember member : members.values()) {
            max = Math.max(max, member.rebalanceTimeoutMs());
        }
        return max;
    }

    Set<String> pendingSyncMembers() {
        return pendingSyncMembers;
    }

    // ---------------------------------------------------------------- protocols

    /** Whether a member of {@code type} supporting {@code names} may join. */
    boolean supportsProtocols(String type, List<String> names) {
        if (members.isEmpty()) {
            return type != null && !type.isEmpty() && !names.isEmpty();
        }
        if (!type.equals(protocolType)) {
            return false;
        }
        Set<String> candidates = candidateProtocols();
        for (String name : names) {
            if (candidates.contains(name)) {
                return true;
            }
        }
        return false;
    }

    /** The protocols every member supports, in the first member's order of preference. */
    Set<String> candidateProtocols() {
        Set<String> candidates = null;
        for (ClassicGroupMember member : members.values()) {
            if (candidates == null) {
                candidates = new LinkedHashSet<>(member.protocolNames());
            } else {
                candidates.retainAll(member.protocolNames());
            }
        }
        return candidates == null ? Set.of() : candidates;
    }

    /**
     * Kafka's vote: each member votes for the first of its protocols that every member supports; the most
     * voted wins (ties go to the earlier candidate).
     */
    String selectProtocol() {
        Set<String> candidates = candidateProtocols();
        if (candidates.isEmpty()) {
            throw new IllegalStateException("No protocol is supported by every member of " + groupId);
        }
        Map<String, Integer> votes = new LinkedHashMap<>();
        candidates.forEach(c -> votes.put(c, 0));
        for (ClassicGroupMember member : members.values()) {
            for (String name : member.protocolNames()) {
                if (candidates.contains(name)) {
                    votes.merge(name, 1, Integer::sum);
                    break;
                }
            }
        }
        String best = null;
        int bestVotes = -1;
        for (Map.Entry<String, Integer> e : votes.entrySet()) {
            if (e.getValue() > bestVotes) {
                best = e.getKey();
                bestVotes = e.getValue();
            }
        }
        return best;
    }

    /**
     * The topics the members of a consumer group subscribe to, from their metadata for the chosen
     * protocol; null when unknown (not a consumer group, no protocol yet, unreadable metadata).
     */
    Set<String> subscribedTopics() {
        if (!ConsumerSubscription.PROTOCOL_TYPE.equals(protocolType) || protocolName == null || members.isEmpty()) {
            return null;
        }
        Set<String> topics = new HashSet<>();
        for (ClassicGroupMember member : members.values()) {
            Set<String> mine = ConsumerSubscription.topics(member.metadata(protocolName));
            if (mine == null) {
                return null;
            }
            topics.addAll(mine);
        }
        return topics;
    }

    // ---------------------------------------------------------------- generations

    /**
     * When the leader did not rejoin, the first member that did becomes leader. False when no member
     * rejoined at all.
     */
    boolean maybeElectNewJoinedLeader() {
        if (leaderId != null && members.containsKey(leaderId) && members.get(leaderId).isAwaitingJoin()) {
            return true;
        }
        for (ClassicGroupMember member : members.values()) {
            if (member.isAwaitingJoin()) {
                leaderId = member.memberId();
                return true;
            }
        }
        return false;
    }

    /**
     * Starts the next generation: with members, a protocol is chosen and the group moves to
     * CompletingRebalance; without, it becomes Empty with no protocol.
     */
    void initNextGeneration(long nowMs) {
        generation++;
        pendingSyncMembers.clear();
        if (!members.isEmpty()) {
            protocolName = selectProtocol();
            transitionTo(GroupState.COMPLETING_REBALANCE, nowMs);
        } else {
            protocolName = null;
            leaderId = null;
            transitionTo(GroupState.EMPTY, nowMs);
        }
    }

    // ---------------------------------------------------------------- records

    /** The group's metadata record with each member's current assignment. */
    GroupValue toRecord() {
        List<MemberValue> values = new ArrayList<>(members.size());
        for (ClassicGroupMember member : members.values()) {
            byte[] subscription = protocolName == null ? null : member.metadata(protocolName);
            values.add(new MemberValue(member.memberId(), member.groupInstanceId(), member.clientId(),
                    member.clientHost(), member.rebalanceTimeoutMs(), member.sessionTimeoutMs(),
                    subscription == null ? new byte[0] : subscription, member.assignment()));
        }
        return new GroupValue(protocolType == null ? "" : protocolType, generation, protocolName, leaderId,
                stateTimestampMs, values);
    }

    /**
     * A group as its latest metadata record describes it: Stable with the recorded members and
     * assignments, or Empty without members. Each member supports just the recorded protocol.
     */
    static ClassicGroup fromRecord(String groupId, GroupValue value, long nowMs) {
        boolean empty = value.members().isEmpty();
        long timestamp = value.currentStateTimestamp() >= 0 ? value.currentStateTimestamp() : nowMs;
        ClassicGroup group = new ClassicGroup(groupId, empty ? GroupState.EMPTY : GroupState.STABLE, timestamp);
        group.generation = value.generation();
        group.protocolType = value.protocolType() == null || value.protocolType().isEmpty()
                ? null : value.protocolType();
        group.protocolName = empty ? null : value.protocol();
        for (MemberValue m : value.members()) {
            ClassicGroupMember member = new ClassicGroupMember(m.memberId(), m.groupInstanceId(), m.clientId(),
                    m.clientHost(), m.rebalanceTimeoutMs(), m.sessionTimeoutMs(), group.protocolType,
                    List.of(new Protocol(value.protocol(), m.subscription())));
            member.assignment(m.assignment());
            group.members.put(member.memberId(), member);
            if (member.isStatic()) {
                group.staticMembers.put(member.groupInstanceId(), member.memberId());
            }
        }
        group.leaderId = empty ? null : value.leader();
        return group;
    }

    @Override
    public String toString() {
        return "Group(" + groupId + ", " + state.displayName() + ", generation " + generation + ", "
                + members.size() + " members)";
    }
}
