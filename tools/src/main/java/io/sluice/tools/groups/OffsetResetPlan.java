package io.sluice.tools.groups;

import io.sluice.clients.common.TopicPartition;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where {@code --reset-offsets} moves a group's offsets, computed from what the cluster reports, as
 * Kafka's tool computes it:
 * <ul>
 *   <li>{@code --to-earliest} / {@code --to-latest}: the log start / end offset;</li>
 *   <li>{@code --to-offset N}: N, clamped into [log start, log end];</li>
 *   <li>{@code --shift-by N}: the committed offset + N, clamped likewise (an error for a partition
 *       without a committed offset);</li>
 *   <li>{@code --to-datetime T}: the first offset whose timestamp is at or after T, or the log end
 *       when no record is that recent.</li>
 * </ul>
 * A clamped offset adds a warning line. Pure; thread-safe.
 */
final class OffsetResetPlan {

    /** What the user asked for. */
    sealed interface Strategy permits ToEarliest, ToLatest, ToOffset, ShiftBy, ToDatetime {
    }

    record ToEarliest() implements Strategy {
    }

    record ToLatest() implements Strategy {
    }

    record ToOffset(long offset) implements Strategy {
    }

    record ShiftBy(long shift) implements Strategy {
    }

    record ToDatetime(long timestampMs) implements Strategy {
    }

    /** The offsets of one partition the plan needs; {@code committed} and {@code byTimestamp} may be null. */
    record PartitionOffsets(long logStart, long logEnd, Long committed, Long byTimestamp) {
    }

    /** The new offsets in partition order, and warnings for the clamped ones. */
    record Result(Map<TopicPartition, Long> offsets, List<String> warnings) {
    }

    private OffsetResetPlan() {
    }

    static Result plan(Strategy strategy, Map<TopicPartition, PartitionOffsets> partitions) {
        Map<TopicPartition, Long> offsets = new LinkedHashMap<>();
        List<String> warnings = new ArrayList<>();
        partitions.forEach((tp, known) -> {
            long target;
            if (strategy instanceof ToEarliest) {
                target = known.logStart();
            } else if (strategy instanceof ToLatest) {
                target = known.logEnd();
            } else if (strategy instanceof ToOffset o) {
                target = clamp(tp, o.offset(), known, warnings);
            } else if (strategy instanceof ShiftBy s) {
                if (known.committed() == null) {
                    throw new IllegalArgumentException("Cannot shift offset for partition " + tp
                            + " since there is no current committed offset");
                }
                target = clamp(tp, known.committed() + s.shift(), known, warnings);
            } else {
                Long byTimestamp = known.byTimestamp();
                target = byTimestamp == null || byTimestamp < 0 ? known.logEnd() : byTimestamp;
            }
            offsets.put(tp, target);
        });
        return new Result(offsets, warnings);
    }

    private static long clamp(TopicPartition tp, long offset, PartitionOffsets known, List<String> warnings) {
        if (offset > known.logEnd()) {
            warnings.add("New offset (" + offset + ") is higher than latest offset for topic partition " + tp
                    + ". Value will be set to " + known.logEnd());
            return known.logEnd();
        }
        if (offset < known.logStart()) {
            warnings.add("New offset (" + offset + ") is lower than earliest offset for topic partition " + tp
                    + ". Value will be set to " + known.logStart());
            return known.logStart();
        }
        return offset;
    }

    /**
     * Parses a {@code --to-datetime} value: ISO-8601 with a zone offset or 'Z'
     * ({@code 2024-05-01T10:00:00.000+02:00}), or without a zone, read in the local time zone as
     * Kafka does ({@code 2024-05-01T10:00:00.000}).
     */
    static long parseDateTime(String text, ZoneId localZone) {
        try {
            return OffsetDateTime.parse(text).toInstant().toEpochMilli();
        } catch (DateTimeParseException ignored) {
            // no zone offset: try the other forms
        }
        try {
            return Instant.parse(text).toEpochMilli();
        } catch (DateTimeParseException ignored) {
            // not an instant either
        }
        try {
            return LocalDateTime.parse(text).atZone(localZone).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("Error parsing timestamp '" + text
                    + "': expected the format 'YYYY-MM-DDTHH:mm:SS.sss', optionally with a time zone such as Z or +01:00");
        }
    }
}
