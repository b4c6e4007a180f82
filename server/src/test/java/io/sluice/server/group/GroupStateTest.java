package io.sluice.server.group;

import static io.sluice.server.group.GroupState.COMPLETING_REBALANCE;
import static io.sluice.server.group.GroupState.DEAD;
import static io.sluice.server.group.GroupState.EMPTY;
import static io.sluice.server.group.GroupState.PREPARING_REBALANCE;
import static io.sluice.server.group.GroupState.STABLE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The classic group state machine: every legal transition works, every other one is refused. */
class GroupStateTest {

    /** Kafka's classic group transitions, written out independently of {@link GroupState}. */
    private static final Map<GroupState, Set<GroupState>> LEGAL = Map.of(
            EMPTY, Set.of(PREPARING_REBALANCE, DEAD),
            PREPARING_REBALANCE, Set.of(COMPLETING_REBALANCE, EMPTY, DEAD),
            COMPLETING_REBALANCE, Set.of(STABLE, PREPARING_REBALANCE, DEAD),
            STABLE, Set.of(PREPARING_REBALANCE, DEAD),
            DEAD, Set.of(DEAD));

    @Test
    void onlyLegalTransitionsAreAllowed() {
        for (GroupState from : GroupState.values()) {
            for (GroupState to : GroupState.values()) {
                ClassicGroup group = new ClassicGroup("g", from, 5);
                if (LEGAL.get(from).contains(to)) {
                    group.transitionTo(to, 9);
                    assertThat(group.state()).isEqualTo(to);
                    assertThat(group.stateTimestampMs()).isEqualTo(9);
                } else {
                    assertThatThrownBy(() -> group.transitionTo(to, 9)).as(from + " -> " + to)
                            .isInstanceOf(IllegalStateException.class);
                    assertThat(group.state()).isEqualTo(from);
                    assertThat(group.stateTimestampMs()).isEqualTo(5);
                }
            }
        }
    }

    @Test
    void canRebalanceFromEmptyStableAndCompletingRebalanceOnly() {
        for (GroupState state : GroupState.values()) {
            assertThat(new ClassicGroup("g", state, 0).canRebalance()).as(state.toString())
                    .isEqualTo(state == EMPTY || state == STABLE || state == COMPLETING_REBALANCE);
        }
    }

    @Test
    void wireNamesAreKafkas() {
        assertThat(GroupState.fromDisplayName("preparingrebalance")).isEqualTo(PREPARING_REBALANCE);
        assertThat(COMPLETING_REBALANCE.displayName()).isEqualTo("CompletingRebalance");
        assertThat(GroupState.fromDisplayName("Unknown")).isNull();
    }
}
