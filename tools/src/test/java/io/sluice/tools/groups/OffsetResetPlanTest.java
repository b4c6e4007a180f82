package io.sluice.tools.groups;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.clients.common.TopicPartition;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OffsetResetPlanTest {

    private static final TopicPartition P0 = new TopicPartition("t", 0);
    private static final TopicPartition P1 = new TopicPartition("t", 1);

    /** p0: log 10..50, committed 20, first record at/after the time 30; p1: log 0..5, nothing committed or recent. */
    private final Map<TopicPartition, OffsetResetPlan.PartitionOffsets> known = new LinkedHashMap<>();

    {
        known.put(P0, new OffsetResetPlan.PartitionOffsets(10, 50, 20L, 30L));
        known.put(P1, new OffsetResetPlan.PartitionOffsets(0, 5, null, -1L));
    }

    @Test
    void earliestAndLatestAreTheLogBounds() {
        assertThat(plan(new OffsetResetPlan.ToEarliest()).offsets()).containsEntry(P0, 10L).containsEntry(P1, 0L);
        assertThat(plan(new OffsetResetPlan.ToLatest()).offsets()).containsEntry(P0, 50L).containsEntry(P1, 5L);
    }

    @Test
    void aSpecificOffsetIsClampedIntoTheLogWithAWarning() {
        OffsetResetPlan.Result result = plan(new OffsetResetPlan.ToOffset(3));
        assertThat(result.offsets()).containsEntry(P0, 10L).containsEntry(P1, 3L);
        assertThat(result.warnings()).containsExactly(
                "New offset (3) is lower than earliest offset for topic partition t-0. Value will be set to 10");
        assertThat(plan(new OffsetResetPlan.ToOffset(60)).warnings()).containsExactly(
                "New offset (60) is higher than latest offset for topic partition t-0. Value will be set to 50",
                "New offset (60) is higher than latest offset for topic partition t-1. Value will be set to 5");
    }

    @Test
    void shiftByMovesTheCommittedOffsetAndNeedsOne() {
        Map<TopicPartition, OffsetResetPlan.PartitionOffsets> p0Only = Map.of(P0, known.get(P0));
        assertThat(OffsetResetPlan.plan(new OffsetResetPlan.ShiftBy(-5), p0Only).offsets()).containsEntry(P0, 15L);
        assertThat(OffsetResetPlan.plan(new OffsetResetPlan.ShiftBy(-15), p0Only).offsets()).containsEntry(P0, 10L);
        assertThatThrownBy(() -> plan(new OffsetResetPlan.ShiftBy(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot shift offset for partition t-1 since there is no current committed offset");
    }

    @Test
    void aDatetimeTakesTheOffsetByTimestampOrTheLogEndWhenNothingIsThatRecent() {
        assertThat(plan(new OffsetResetPlan.ToDatetime(123)).offsets()).containsEntry(P0, 30L).containsEntry(P1, 5L);
    }

    @Test
    void datetimesAreReadWithOrWithoutZone() {
        assertThat(OffsetResetPlan.parseDateTime("2024-05-01T10:00:00.000Z", ZoneOffset.UTC)).isEqualTo(1714557600000L);
        assertThat(OffsetResetPlan.parseDateTime("2024-05-01T12:00:00.000+02:00", ZoneOffset.UTC)).isEqualTo(1714557600000L);
        assertThat(OffsetResetPlan.parseDateTime("2024-05-01T10:00:00.000", ZoneId.of("UTC"))).isEqualTo(1714557600000L);
        assertThat(OffsetResetPlan.parseDateTime("2024-05-01T11:00:00", ZoneOffset.ofHours(1))).isEqualTo(1714557600000L);
        assertThatThrownBy(() -> OffsetResetPlan.parseDateTime("yesterday", ZoneOffset.UTC))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'yesterday'");
    }

    private OffsetResetPlan.Result plan(OffsetResetPlan.Strategy strategy) {
        return OffsetResetPlan.plan(strategy, known);
    }
}
