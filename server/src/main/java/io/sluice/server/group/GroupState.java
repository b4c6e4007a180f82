package io.sluice.server.group;

import java.util.EnumSet;
import java.util.Set;

/**
 * The states of a classic group and, in ONE place, the transitions allowed between them (Kafka's
 * classic group state machine). {@link ClassicGroup#transitionTo} refuses any other transition.
 *
 * <pre>
 * state                 entered from                                   what happens there
 * Empty                 PreparingRebalance                             no members; offsets may remain
 * PreparingRebalance    Empty, Stable, CompletingRebalance             JoinGroup replies are held until every
 *                                                                      member rejoined or the rebalance timeout
 * CompletingRebalance   PreparingRebalance                             generation chosen, waiting for the leader's
 *                                                                      SyncGroup with the assignments
 * Stable                CompletingRebalance                            assignments handed out; heartbeats flow
 * Dead                  Empty, Stable, PreparingRebalance,             deleted or unloaded: the object is discarded
 *                       CompletingRebalance
 * </pre>
 *
 * The names are the ones Kafka puts in DescribeGroups and ListGroups answers.
 */
public enum GroupState {
    EMPTY("Empty"),
    PREPARING_REBALANCE("PreparingRebalance"),
    COMPLETING_REBALANCE("CompletingRebalance"),
    STABLE("Stable"),
    DEAD("Dead");

    static {
        EMPTY.validPrevious = EnumSet.of(PREPARING_REBALANCE);
        PREPARING_REBALANCE.validPrevious = EnumSet.of(EMPTY, STABLE, COMPLETING_REBALANCE);
        COMPLETING_REBALANCE.validPrevious = EnumSet.of(PREPARING_REBALANCE);
        STABLE.validPrevious = EnumSet.of(COMPLETING_REBALANCE);
        DEAD.validPrevious = EnumSet.of(EMPTY, STABLE, PREPARING_REBALANCE, COMPLETING_REBALANCE, DEAD);
    }

    private final String displayName;
    private Set<GroupState> validPrevious;

    GroupState(String displayName) {
        this.displayName = displayName;
    }

    /** The name on the wire ("Stable", "PreparingRebalance"...). */
    public String displayName() {
        return displayName;
    }

    /** Whether a group may move from {@code from} to this state. */
    public boolean canFollow(GroupState from) {
        return validPrevious.contains(from);
    }

    /** The state named {@code name} on the wire, case-insensitively, or null. */
    public static GroupState fromDisplayName(String name) {
        for (GroupState state : values()) {
            if (state.displayName.equalsIgnoreCase(name)) {
                return state;
            }
        }
        return null;
    }
}
